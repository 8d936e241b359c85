#pragma once
/// \file
/// How `kernbench` reports an exception that escaped a command: the exit
/// code and the single stderr line. User errors (std::runtime_error) read
/// "kernbench: error: <message>" and exit 1, or 2 for UsageError; anything
/// else is a bug: "kernbench: internal error: <message>", exit 70. The line
/// never spans more than one line (newlines in a message become spaces) and
/// ends with '\n'.

#include <exception>
#include <string>

namespace kernbench::app {

struct Failure {
  int exit_code;
  std::string line;
};

/// Classifies the exception in `e` (must not be null).
Failure describe_failure(std::exception_ptr e);

/// The line for a user-facing error message (exit 1 or 2 is the caller's).
std::string error_line(std::string_view message);

}  // namespace kernbench::app
