#pragma once
/// \file
/// One `kernbench run`: resolve the kernel and its parameters, load the
/// hardware, simulate, collect the report, write the optional trace files.
///
/// Order of checks (so a bad command line fails before any simulation and
/// before any file is written): kernel name, parameters, hardware and
/// overrides, output file names (clashes refused, app/output_paths.hpp), output
/// files (their temporary files created), then the run. Output files are
/// renamed into place only after everything succeeded (util::AtomicFile):
/// a failed or interrupted run leaves earlier files untouched. Errors are
/// std::runtime_error subclasses with one-line-able messages (unknown
/// kernel with a suggestion, bad param, bad config, a tile that does not fit
/// the TCM, a deadlock, a value read in timing-only mode); main() maps them
/// to `kernbench: error: ...` and exit 1.
///
/// Op log level: `commands` when a trace or op log is asked for, or in data
/// mode; `off` in timing-only mode without them (huge runs would otherwise
/// keep every record in memory); `--trace-level` overrides it (`off` with a
/// trace or op log file is a usage error). Statistics are collected either
/// way.
///
/// Tolerances: `--atol` / `--rtol` re-verify the outputs they name
/// (run_tolerance.hpp); a bad value fails before the run.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/hw_select.hpp"
#include "app/kernel_catalog.hpp"
#include "app/run_report.hpp"
#include "tl/runner.hpp"

namespace kernbench::app {

struct RunRequest {
  std::string kernel;
  std::string hw{kDefaultHw};
  std::vector<std::string> sets;    ///< "path=value", applied in order
  std::vector<std::string> params;  ///< "name=value"
  tl::Mode mode = tl::Mode::data;
  std::uint64_t seed = 0;
  std::optional<std::string> trace_file;  ///< Chrome trace JSON
  std::optional<std::string> oplog_file;  ///< JSONL op log
  bool replay = false;                    ///< data mode: replay the data effects and compare
  bool sample = false;  ///< timing mode: simulate windows of large grids (tl/grid_sample.hpp)
  /// Data mode: the memory images of `kernbench replay` (app/run_memory.hpp);
  /// with either, the op log also carries allocation lines and data effects.
  std::optional<std::string> memory_initial_file;
  std::optional<std::string> memory_final_file;
  /// `--trace-level`: overrides the default level (see above); `transactions`
  /// adds a record per HBM access and fabric transfer.
  std::optional<trace::TraceLevel> trace_level;
  std::vector<std::string> atol;  ///< `--atol` values: NUMBER or OUTPUT=NUMBER
  std::vector<std::string> rtol;  ///< `--rtol` values: NUMBER or OUTPUT=NUMBER
  /// Polled during the run and the writes (a stop signal, app/interrupt.hpp).
  const std::atomic<int>* stop = nullptr;
};

/// A deadlock message in one line: the runner lists every stuck program on
/// its own line, which with hundreds of PEs is no longer "one clear line";
/// this keeps the headline and the first program and counts the others.
std::string summarise_deadlock(std::string_view message);

/// The op-log level a request runs with (see above).
trace::TraceLevel log_level(const RunRequest& req);

/// Runs the request. A verification failure is not an exception here: the
/// report says so (verified == false, checks).
RunReport run_kernel(const KernelCatalog& kernels, const RunRequest& req);

}  // namespace kernbench::app
