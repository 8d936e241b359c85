#pragma once
/// \file
/// `kernbench run FILE.jsonl|FILE.yaml`: runs a command list
/// (docs/command-list.md) instead of a built-in kernel, with the options of
/// a kernel run that apply: --hw, --set, --mode, --trace, --oplog,
/// --trace-level, --atol, --rtol, --json (--param, --seed and --replay do not:
/// a command list has no parameters, seeds its fills itself and has no
/// programs to race).
///
/// Order of checks: options, hardware, the list (every entry; errors name
/// file, line and field), then the run. Trace and op-log files are written
/// through a temporary file renamed into place: a failure leaves no partial
/// file. Verification failures are not exceptions: the report says so and
/// `verified` is false.

#include <string>

#include <nlohmann/json.hpp>

#include "app/run_session.hpp"

namespace kernbench::app {

struct CommandListReport {
  std::string text;     ///< the human report
  nlohmann::json json;  ///< the same, machine-readable
  bool has_checks = false;
  bool verified = false;
  std::string verify_note;  ///< what failed, when not verified
};

CommandListReport run_command_list(const RunRequest& req);

}  // namespace kernbench::app
