#pragma once
/// \file
/// Running measured cases on the model and scoring the predictions.
///
/// Contract:
/// - run_case maps a case (validate_map.hpp), builds a fresh tl::Runner on
///   the given hardware in timing-only mode with no op log (so every case
///   starts with cold caches, like triton.testing.do_bench which flushes L2
///   before each repetition), runs the built-in kernel with seed 0 and
///   records the simulated kernel time (KernelRun::simulated_ps: from the
///   host launch to the last command, launch latency included). It never
///   throws for a case's own problem (unmappable, bad parameter, deadlock,
///   a tile that does not fit): the result carries the message instead, and
///   other cases go on. A grid in the file that differs from the grid the
///   built-in launched fails the case too (the mapping would be wrong).
/// - The roofline of a case, in seconds:
///     launch.latency + launch.dispatch_latency + max(flops / peak, bytes / HBM)
///   with the file's flops and bytes; peak = the GEMM peak at the case's
///   input precision for kernels that use tl.dot, else the vector peak at
///   f32 (hw::compute_peaks). It needs only the mapping, not the run.
/// - Errors are signed fractions, (predicted - measured) / measured, against
///   the measured median.
/// - summarise: the MAPE (mean of |error|) and the worst case (largest
///   |error|) of the model and of the roofline over the same cases: those
///   whose run succeeded; `failed` counts the others.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/kernel_catalog.hpp"
#include "app/validate_cases.hpp"
#include "app/validate_map.hpp"
#include "hw/config/hw_config.hpp"

namespace kernbench::app {

struct CaseResult {
  Measurement measured;
  std::optional<MappedCase> mapped;  ///< nullopt: the case could not be mapped
  std::string params;                ///< resolved built-in params ("M=512 N=512 ..."), if parsed
  std::optional<std::uint64_t> predicted_ps;  ///< the model's kernel time, if the run succeeded
  std::optional<double> roofline_s;           ///< nullopt: unmapped, or no peak at that precision
  std::string error;                          ///< why the case failed; empty when it ran
  double wall_seconds = 0;                    ///< host time of the case (mapping and run)

  bool failed() const { return !error.empty(); }
  std::optional<double> predicted_s() const;
  /// (predicted - measured median) / measured median, when predicted.
  std::optional<double> model_error() const;
  /// (roofline - measured median) / measured median, when there is a roofline.
  std::optional<double> roofline_error() const;
};

/// (predicted - measured) / measured; measured must be > 0.
double signed_error(double predicted_s, double measured_s);

/// The roofline time [s] (see above); nullopt when the peak is zero.
std::optional<double> roofline_seconds(const hw::HwConfig& cfg, bool uses_dot,
                                       hw::Precision precision, double flops, double bytes);

/// Maps and runs one case (see above).
/// `stop` (may be null): a stop signal's flag; sim::Stopped is not a case's
/// failure and propagates.
CaseResult run_case(const KernelCatalog& kernels, const hw::HwConfig& cfg, const Measurement& m,
                    const std::atomic<int>* stop = nullptr);

/// MAPE and worst case of one predictor.
struct ErrorStats {
  std::size_t cases = 0;             ///< cases scored
  double mape = 0;                   ///< mean |error| (a fraction), 0 when no case
  std::optional<std::size_t> worst;  ///< index into the results of the largest |error|
  double worst_error = 0;            ///< that error, signed
};

struct ValidateSummary {
  std::size_t total = 0;
  std::size_t failed = 0;
  ErrorStats model;
  ErrorStats roofline;  ///< over the same cases as `model`
};

ValidateSummary summarise(std::span<const CaseResult> results);

}  // namespace kernbench::app
