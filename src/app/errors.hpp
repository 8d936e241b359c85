#pragma once
/// \file
/// Error types of the command-line layer.
///
/// UsageError: the command line itself is wrong in a way the argument parser
/// cannot see (mutually exclusive options, an unknown --dtype name, ...). It
/// derives from std::runtime_error like every user error, and main() maps it
/// to exit code 2 (kExitUsage). Messages name the option and say what was
/// expected, e.g. "--dtype: `f64` is not a dtype; expected one of f16, ...".

#include <stdexcept>

namespace kernbench::app {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kernbench::app
