#include "app/run_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "app/errors.hpp"
#include "app/interrupt.hpp"
#include "app/output_paths.hpp"
#include "app/run_memory.hpp"
#include "app/run_metrics.hpp"
#include "app/run_tcm.hpp"
#include "app/run_tolerance.hpp"
#include "data/dtype.hpp"
#include "hw/config/loader.hpp"
#include "hw/tcm/tcm.hpp"
#include "kernels/registry.hpp"
#include "tl/errors.hpp"
#include "trace/export_chrome.hpp"
#include "trace/export_jsonl.hpp"
#include "util/atomic_file.hpp"

namespace kernbench::app {
namespace {

/// Creates the temporary file for `path` before the run, so a bad path fails
/// at once rather than after a long simulation; the file itself appears only
/// when complete (util::AtomicFile).
std::unique_ptr<util::AtomicFile> open_output(std::string_view option, const std::string& path,
                                              const std::atomic<int>* stop) {
  try {
    return std::make_unique<util::AtomicFile>(path, stop);
  } catch (const util::OutputFileError& e) {
    throw util::OutputFileError(fmt::format("{}: {}", option, e.what()));
  }
}

void close_output(std::string_view option, util::AtomicFile& f) {
  try {
    f.commit();
  } catch (const util::OutputFileError& e) {
    throw util::OutputFileError(fmt::format("{}: {}", option, e.what()));
  }
}

/// Encodes a memory image into `out` (nothing when null).
void write_image(util::AtomicFile* out, const data::NpzArchive& image) {
  if (out == nullptr) return;
  const std::vector<std::byte> bytes = data::encode_npz(image, out->target().string());
  out->stream().write(reinterpret_cast<const char*>(bytes.data()),
                      static_cast<std::streamsize>(bytes.size()));
}

std::vector<OutputCheck> checks_of(const kernels::KernelRun& run) {
  std::vector<OutputCheck> out;
  for (const kernels::Check& c : run.checks) {
    const data::VerifyResult& v = c.result;
    out.push_back(OutputCheck{c.output, v.out_desc, v.passed, v.numel, v.mismatches,
                              v.max_abs_error, v.max_rel_error, v.tolerance.atol, v.tolerance.rtol,
                              v.note});
  }
  return out;
}

/// The files a run writes, each open as a temporary file until committed.
struct OutputFiles {
  std::unique_ptr<util::AtomicFile> trace, oplog;
  std::unique_ptr<util::AtomicFile> initial, final;
};

/// Refuses memory images outside data mode and output files that would
/// overwrite an input or each other (check_output_paths).
void check_outputs(const RunRequest& req) {
  const bool images = req.memory_initial_file || req.memory_final_file;
  if (images && req.mode != tl::Mode::data) {
    throw UsageError(fmt::format("{}: memory images need data mode (timing mode has no values)",
                                 req.memory_initial_file ? "--memory-initial" : "--memory-final"));
  }
  std::vector<NamedPath> outputs;
  if (req.trace_file) outputs.push_back({"--trace", *req.trace_file});
  if (req.oplog_file) outputs.push_back({"--oplog", *req.oplog_file});
  if (req.memory_initial_file) outputs.push_back({"--memory-initial", *req.memory_initial_file});
  if (req.memory_final_file) outputs.push_back({"--memory-final", *req.memory_final_file});
  std::vector<NamedPath> inputs;
  const std::vector<std::string> presets = hw::preset_names();
  if (std::find(presets.begin(), presets.end(), req.hw) == presets.end())
    inputs.push_back({"--hw", req.hw});
  check_output_paths(outputs, inputs);
}

/// Opens every requested output before the run (open_output).
OutputFiles open_outputs(const RunRequest& req) {
  OutputFiles f;
  if (req.trace_file) f.trace = open_output("--trace", *req.trace_file, req.stop);
  if (req.oplog_file) f.oplog = open_output("--oplog", *req.oplog_file, req.stop);
  if (req.memory_initial_file)
    f.initial = open_output("--memory-initial", *req.memory_initial_file, req.stop);
  if (req.memory_final_file)
    f.final = open_output("--memory-final", *req.memory_final_file, req.stop);
  return f;
}

tl::RunOptions run_options(const RunRequest& req, trace::TraceLevel level) {
  tl::RunOptions opts;
  opts.mode = req.mode;
  opts.trace = level;
  opts.replay = req.replay && req.mode == tl::Mode::data;
  opts.record_effects = req.memory_initial_file || req.memory_final_file;
  opts.stop = req.stop;
  if (req.sample) opts.sample = tl::SampleOptions::standard();
  return opts;
}

/// Runs the kernel and stores the wall time it took in `wall_seconds`.
/// TCM and deadlock errors are rethrown with the kernel's name and a
/// one-line summary respectively.
kernels::KernelRun run_timed(const kernels::Kernel& kernel, tl::Runner& runner,
                             const kernels::ParamValues& params, std::uint64_t seed,
                             double& wall_seconds) {
  const auto wall_start = std::chrono::steady_clock::now();
  kernels::KernelRun run;
  try {
    run = kernel.run(runner, params, seed);
  } catch (const hw::TcmError& e) {
    // Raised by the TCM itself, which does not know which kernel asked.
    throw hw::TcmError(fmt::format("kernel '{}': {}", kernel.name(), e.what()));
  } catch (const tl::DeadlockError& e) {
    throw tl::DeadlockError(summarise_deadlock(e.what()));
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  wall_seconds = wall.count();
  return run;
}

/// The report's description of what ran: kernel, parameters, hardware,
/// mode and seed.
void describe_run(const kernels::Kernel& kernel, const RunRequest& req,
                  const kernels::KernelRun& run, RunReport& r) {
  r.kernel = std::string(kernel.name());
  r.kernel_description = std::string(kernel.description());
  for (const auto& e : run.params.entries())
    r.params.push_back(RunParam{e.name, e.value, e.given, e.used});
  r.hw = req.hw;
  r.overrides = req.sets;
  r.mode = req.mode == tl::Mode::data ? "data" : "timing";
  r.seed = req.seed;
}

/// Replays the data effects when the run recorded them (data mode), or
/// says why not when a replay was asked for.
void report_replay(const RunRequest& req, bool replayed, tl::Runner& runner, RunReport& r) {
  if (replayed) {
    const tl::ReplayReport rep = runner.replay();
    r.replay = rep.to_string();
    r.replay_matches = rep.matches;
  } else if (req.replay) {
    r.replay = "not replayed: timing-only mode has no values";
  }
}

/// Writes the trace, the op log and the memory images into their open
/// files (not yet committed) and names the first two in the report.
void write_outputs(const RunRequest& req, tl::Runner& runner, const TcmRecorder& tcm,
                   OutputFiles& f, RunReport& r) {
  if (f.trace || f.oplog) runner.log().finalize();
  if (f.trace) {
    trace::TraceOptions topts;
    topts.tcm_occupancy = tcm.samples();
    topts.dtype_name = [](std::uint8_t code) {
      return code < data::kNumDTypes ? std::string(data::name(static_cast<data::DType>(code)))
                                     : fmt::format("dtype{}", code);
    };
    topts.chip_name = fmt::format("Chip ({})", req.hw);
    trace::write_chrome_trace(runner.log(), f.trace->stream(), topts);
    r.trace_file = *req.trace_file;
  }
  if (f.oplog) {
    if (req.memory_initial_file || req.memory_final_file) {
      write_replay_oplog(runner, f.oplog->stream());
    } else {
      trace::write_jsonl(runner.log(), f.oplog->stream());
    }
    r.oplog_file = *req.oplog_file;
  }
  if (f.initial) write_image(f.initial.get(), memory_image(runner, true));
  if (f.final) write_image(f.final.get(), memory_image(runner, false));
}

/// Renames the written files into place, only after all are written: a
/// failure or a stop while writing any leaves every target as it was. A
/// stop signal that arrived after the simulation (during verification or
/// the writes) still ends the command here, before anything is replaced.
void commit_outputs(const RunRequest& req, OutputFiles& f) {
  if (req.stop != nullptr && req.stop->load() != 0) throw Interrupted(req.stop->load());
  if (f.trace) close_output("--trace", *f.trace);
  if (f.oplog) close_output("--oplog", *f.oplog);
  if (f.initial) close_output("--memory-initial", *f.initial);
  if (f.final) close_output("--memory-final", *f.final);
}

}  // namespace

std::string summarise_deadlock(std::string_view message) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= message.size()) {
    const std::size_t nl = std::min(message.find('\n', pos), message.size());
    std::string_view line = message.substr(pos, nl - pos);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty()) lines.push_back(line);
    pos = nl + 1;
  }
  if (lines.size() <= 2) {
    std::string out;
    for (const auto l : lines) {
      if (!out.empty()) out += ' ';
      out.append(l);
    }
    return out;
  }
  return fmt::format("{} {}; and {} more program(s) stuck", lines[0], lines[1], lines.size() - 2);
}

trace::TraceLevel log_level(const RunRequest& req) {
  if (req.trace_level) {
    if (*req.trace_level == trace::TraceLevel::off && (req.trace_file || req.oplog_file)) {
      throw UsageError(fmt::format("--trace-level: `off` records nothing, but {} needs the op log",
                                   req.trace_file ? "--trace" : "--oplog"));
    }
    return *req.trace_level;
  }
  const bool wants_log = req.trace_file || req.oplog_file || req.mode == tl::Mode::data;
  return wants_log ? trace::TraceLevel::commands : trace::TraceLevel::off;
}

RunReport run_kernel(const KernelCatalog& kernels, const RunRequest& req) {
  const kernels::Kernel& kernel = kernels.runnable(req.kernel);
  const kernels::ParamValues params = kernel.parse(req.params);
  const hw::HwConfig cfg = select_hw(req.hw, req.sets);
  const ToleranceOverrides tolerances = parse_tolerances(req.atol, req.rtol);
  const trace::TraceLevel level = log_level(req);
  check_outputs(req);
  OutputFiles files = open_outputs(req);

  const tl::RunOptions opts = run_options(req, level);
  tl::Runner runner(cfg, opts);
  // Declared after the runner: removes its observers before the chip goes.
  TcmRecorder tcm(runner.chip(), req.trace_file.has_value());

  double wall_seconds = 0;
  kernels::KernelRun run = run_timed(kernel, runner, params, req.seed, wall_seconds);
  apply_tolerances(run, tolerances);
  tcm.finish(run.simulated_ps());

  RunReport r;
  describe_run(kernel, req, run, r);
  fill_performance(r, runner, run, tcm);
  r.verified = run.verified;
  r.verify_note = run.verify_note;
  r.checks = checks_of(run);
  r.wall_seconds = wall_seconds;
  report_replay(req, opts.replay, runner, r);

  write_outputs(req, runner, tcm, files, r);
  commit_outputs(req, files);
  return r;
}

}  // namespace kernbench::app
