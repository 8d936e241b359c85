#include "app/run_cmdlist.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/errors.hpp"
#include "app/format.hpp"
#include "app/output_paths.hpp"
#include "app/run_tolerance.hpp"
#include "cmdlist/executor.hpp"
#include "cmdlist/parse.hpp"
#include "data/dtype.hpp"
#include "hw/config/loader.hpp"
#include "kernels/support.hpp"
#include "trace/export_chrome.hpp"
#include "trace/export_jsonl.hpp"
#include "util/atomic_file.hpp"

namespace kernbench::app {
namespace {

void reject_kernel_options(const RunRequest& req) {
  if (!req.params.empty())
    throw UsageError("--param: a command list has no parameters (they belong to kernels)");
  if (req.replay)
    throw UsageError("--replay: a command list has no programs to race; run it without --replay");
}

/// Writes `path` through util::AtomicFile: a temporary file next to it,
/// renamed into place when complete (ADR 0046).
template <class Write>
void write_output(std::string_view option, const std::string& path, const std::atomic<int>* stop,
                  Write&& write) {
  try {
    util::AtomicFile f(path, stop);
    write(f.stream());
    f.commit();
  } catch (const util::OutputFileError& e) {
    throw util::OutputFileError(fmt::format("{}: {}", option, e.what()));
  }
}

std::string row(std::string_view label, const std::string& value) {
  return fmt::format("  {:<16} {}\n", label, value);
}

/// Per-engine busy time over the PEs used, as a share of their time.
std::string engines_line(cmdlist::Executor& ex, std::uint64_t end, std::uint64_t pes,
                         nlohmann::json& j) {
  std::string out;
  const char* names[] = {"dma", "gemm", "math"};
  for (std::size_t k = 0; k < hw::kEngineKinds; ++k) {
    sim::Tick busy = 0;
    for (std::size_t p = 0; p < ex.chip().pe_count(); ++p)
      busy += ex.stats().get_counter(fmt::format("pe{}.{}.busy", p, names[k])).value();
    const double share =
        end == 0 || pes == 0 ? 0.0 : static_cast<double>(busy) / static_cast<double>(end * pes);
    j["busy_ps"][names[k]] = busy;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", names[k], percent(share));
  }
  return out + " busy (per PE used, of the simulated time)";
}

/// Refuses an output file that would overwrite the command list, the
/// hardware file or another output (check_output_paths).
void check_list_paths(const RunRequest& req) {
  std::vector<NamedPath> outputs, inputs{{"the command list", req.kernel}};
  if (req.trace_file) outputs.push_back({"--trace", *req.trace_file});
  if (req.oplog_file) outputs.push_back({"--oplog", *req.oplog_file});
  const std::vector<std::string> presets = hw::preset_names();
  if (std::find(presets.begin(), presets.end(), req.hw) == presets.end())
    inputs.push_back({"--hw", req.hw});
  check_output_paths(outputs, inputs);
}

/// The list's checks as a kernel's, so the tolerance overrides and the
/// verdict follow the same rules.
kernels::KernelRun checked_run(const cmdlist::ExecResult& res, bool data,
                               const ToleranceOverrides& tolerances) {
  kernels::KernelRun run;
  for (const cmdlist::OutputCheck& c : res.checks)
    run.checks.push_back({c.output, c.result, c.out, c.ref});
  kernels::finish(run, data);
  apply_tolerances(run, tolerances);
  return run;
}

/// The report's heading, command count, simulated time and engine use.
void report_run(const RunRequest& req, cmdlist::Executor& ex, const cmdlist::ExecResult& res,
                bool data, CommandListReport& r) {
  nlohmann::json& j = r.json;
  const std::string mode = data ? "data" : "timing";
  r.text = fmt::format("run command list {} on {} ({} mode)\n", req.kernel, req.hw, mode);
  j["command_list"] = req.kernel;
  j["hw"] = req.hw;
  j["mode"] = mode;
  j["commands"] = res.commands;
  j["pes_used"] = res.pes_used;
  j["simulated_ps"] = res.end;
  r.text += row("commands", fmt::format("{} on {} PE(s)", res.commands, res.pes_used));
  r.text += row("simulated time", fmt::format("{} ({} ps)", human_ps(res.end), grouped(res.end)));
  r.text += row("engines", engines_line(ex, res.end, res.pes_used, j));
}

/// The verdict and one row per checked output.
void report_checks(const kernels::KernelRun& run, bool data, CommandListReport& r) {
  nlohmann::json& j = r.json;
  r.has_checks = !run.checks.empty();
  r.verified = run.verified;
  r.verify_note = run.verify_note;
  j["verified"] = run.verified;
  j["checks"] = nlohmann::json::array();
  if (!data) {
    r.text += row("verification", "not verified: timing-only mode");
    return;
  }
  if (run.checks.empty()) {
    r.text += row("verification", "nothing to verify (the list has no Verify entries)");
    return;
  }
  const std::size_t n = run.checks.size();
  std::size_t failed = 0;
  for (const kernels::Check& c : run.checks) failed += c.result.passed ? 0 : 1;
  r.text +=
      row("verification",
          run.verified ? fmt::format("verified: {} output(s) within tolerance", n)
                       : fmt::format("FAILED: {} of {} output(s) outside tolerance", failed, n));
  for (const kernels::Check& c : run.checks) {
    r.text += row("  " + c.output, c.result.to_string());
    j["checks"].push_back({{"output", c.output},
                           {"passed", c.result.passed},
                           {"mismatches", c.result.mismatches},
                           {"max_abs_error", c.result.max_abs_error},
                           {"atol", c.result.tolerance.atol},
                           {"rtol", c.result.tolerance.rtol}});
  }
}

/// Writes the requested trace and op log and names them in the report.
void write_list_outputs(const RunRequest& req, cmdlist::Executor& ex, CommandListReport& r) {
  if (req.trace_file || req.oplog_file) ex.log().finalize();
  if (req.trace_file) {
    trace::TraceOptions topts;
    topts.dtype_name = [](std::uint8_t code) {
      return code < data::kNumDTypes ? std::string(data::name(static_cast<data::DType>(code)))
                                     : fmt::format("dtype{}", code);
    };
    topts.chip_name = fmt::format("Chip ({})", req.hw);
    write_output("--trace", *req.trace_file, req.stop,
                 [&](std::ostream& os) { trace::write_chrome_trace(ex.log(), os, topts); });
    r.text += row("trace", *req.trace_file);
  }
  if (req.oplog_file) {
    write_output("--oplog", *req.oplog_file, req.stop,
                 [&](std::ostream& os) { trace::write_jsonl(ex.log(), os); });
    r.text += row("op log", *req.oplog_file);
  }
}

}  // namespace

CommandListReport run_command_list(const RunRequest& req) {
  reject_kernel_options(req);
  const ToleranceOverrides tolerances = parse_tolerances(req.atol, req.rtol);
  const trace::TraceLevel level = log_level(req);
  const hw::HwConfig cfg = select_hw(req.hw, req.sets);
  check_list_paths(req);
  const cmdlist::CommandList list = cmdlist::parse_command_list(req.kernel);
  const bool data = req.mode == tl::Mode::data;
  cmdlist::Executor ex(cfg, list, level, data);
  const cmdlist::ExecResult res = ex.run();
  const kernels::KernelRun run = checked_run(res, data, tolerances);

  CommandListReport r;
  report_run(req, ex, res, data, r);
  report_checks(run, data, r);
  write_list_outputs(req, ex, r);
  return r;
}

}  // namespace kernbench::app
