#pragma once
/// \file
/// Runs the built `kernbench` binary with arguments and captures stdout,
/// stderr and the exit code (for golden end-to-end tests).

#include <string>
#include <vector>

namespace kernbench::app::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs KERNBENCH_CLI_PATH with `args` (each passed as one argument, no shell
/// interpretation) from the current directory.
CliResult run_cli(const std::vector<std::string>& args);

/// A fresh empty directory for one test's files.
std::string temp_dir(const std::string& name);

}  // namespace kernbench::app::test
