#pragma once
/// @file errors.hpp
/// Errors of kernel programs. `KernelError` (a user error) names the kernel,
/// the program and the operation, e.g.
///   kernel 'vector_add', program 3 (3, 0, 0) on PE 3, tl.load: ...
/// `DeadlockError` reports programs that can no longer make progress and what
/// each waits for.

#include <stdexcept>
#include <string>

namespace kernbench::tl {

class KernelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A launch did not finish within RunOptions::time_limit of simulated time
/// (a program looping forever, or a launch given a budget, such as an
/// autotuner's trial that can no longer beat the best time).
class TimeLimitError : public KernelError {
 public:
  using KernelError::KernelError;
};

class DeadlockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A kernel asked for the contents of a tile in timing-only mode.
class ValueUnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kernbench::tl
