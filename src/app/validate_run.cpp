#include "app/validate_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include "app/run_session.hpp"
#include "hw/config/peaks.hpp"
#include "kernels/registry.hpp"
#include "sim/errors.hpp"
#include "tl/errors.hpp"
#include "tl/runner.hpp"

namespace kernbench::app {
namespace {

std::string grid_text(std::span<const std::int64_t> g) {
  return fmt::format("[{}]", fmt::join(g, ", "));
}

/// The launched grid with trailing 1s dropped to the file's rank.
std::vector<std::int64_t> launched_grid(const tl::Grid& g, std::size_t rank) {
  std::vector<std::int64_t> out{g.x, g.y, g.z};
  while (out.size() > std::max<std::size_t>(rank, 1) && out.back() == 1) out.pop_back();
  return out;
}

/// Empty when the file has no grid or the grids agree; else the message.
std::string grid_mismatch(const Measurement& m, const kernels::KernelRun& run) {
  if (m.grid.empty() || run.launches.empty()) return {};
  const std::vector<std::int64_t> launched =
      launched_grid(run.launches.front().grid, m.grid.size());
  if (launched == m.grid) return {};
  return at_key(m.where, "grid",
                fmt::format("is {}, but the built-in {} launched {} for these parameters; "
                            "expected the mapping to reproduce the measured launch",
                            grid_text(m.grid), run.launches.front().kernel, grid_text(launched)));
}

/// Runs the mapped kernel; fills predicted_ps and params, or throws.
void simulate(const KernelCatalog& kernels, const hw::HwConfig& cfg, CaseResult& r,
              const std::atomic<int>* stop) {
  const MappedCase& c = *r.mapped;
  const kernels::Kernel& kernel = kernels.runnable(c.kernel);
  const kernels::ParamValues params = kernel.parse(c.params);
  r.params = params.to_string();
  tl::RunOptions opts{tl::Mode::timing, trace::TraceLevel::off};
  opts.stop = stop;
  tl::Runner runner(cfg, opts);
  r.roofline_s = roofline_seconds(cfg, c.uses_dot, runner.precision_of(c.input_dtype),
                                  r.measured.flops, r.measured.bytes);
  kernels::KernelRun run;
  try {
    run = kernel.run(runner, params, 0);
  } catch (const tl::DeadlockError& e) {
    throw tl::DeadlockError(summarise_deadlock(e.what()));
  }
  r.error = grid_mismatch(r.measured, run);
  if (r.error.empty()) r.predicted_ps = run.simulated_ps();
}

ErrorStats stats_of(std::span<const CaseResult> results,
                    std::optional<double> (CaseResult::*error)() const) {
  ErrorStats s;
  double sum = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    // Both predictors are scored on the cases the model ran.
    if (!results[i].model_error()) continue;
    const std::optional<double> e = (results[i].*error)();
    if (!e) continue;
    ++s.cases;
    sum += std::abs(*e);
    if (!s.worst || std::abs(*e) > std::abs(s.worst_error)) {
      s.worst = i;
      s.worst_error = *e;
    }
  }
  s.mape = s.cases > 0 ? sum / static_cast<double>(s.cases) : 0.0;
  return s;
}

}  // namespace

std::optional<double> CaseResult::predicted_s() const {
  if (!predicted_ps) return std::nullopt;
  return static_cast<double>(*predicted_ps) * 1e-12;
}

std::optional<double> CaseResult::model_error() const {
  if (!predicted_ps) return std::nullopt;
  return signed_error(*predicted_s(), measured.median_s);
}

std::optional<double> CaseResult::roofline_error() const {
  if (!roofline_s) return std::nullopt;
  return signed_error(*roofline_s, measured.median_s);
}

double signed_error(double predicted_s, double measured_s) {
  return (predicted_s - measured_s) / measured_s;
}

std::optional<double> roofline_seconds(const hw::HwConfig& cfg, bool uses_dot,
                                       hw::Precision precision, double flops, double bytes) {
  const hw::Peaks peaks = hw::compute_peaks(cfg);
  const auto p = static_cast<std::size_t>(uses_dot ? precision : hw::Precision::f32);
  const double peak = uses_dot ? peaks.gemm_flops[p] : peaks.vector_flops[p];
  const auto hbm = static_cast<double>(peaks.hbm.in_bytes_per_second());
  if (peak <= 0 || hbm <= 0) return std::nullopt;
  const double launch_ps =
      static_cast<double>(cfg.launch.latency.in_ps() + cfg.launch.dispatch_latency.in_ps());
  return launch_ps * 1e-12 + std::max(flops / peak, bytes / hbm);
}

CaseResult run_case(const KernelCatalog& kernels, const hw::HwConfig& cfg, const Measurement& m,
                    const std::atomic<int>* stop) {
  CaseResult r;
  r.measured = m;
  const auto start = std::chrono::steady_clock::now();
  try {
    r.mapped = map_case(m, kernels);
    simulate(kernels, cfg, r, stop);
  } catch (const sim::Stopped&) {
    throw;  // a stop signal ends the command, not the case
  } catch (const MeasurementFileError& e) {
    r.error = e.what();
  } catch (const std::exception& e) {
    // Errors raised deep in the model (the TCM, a deadlock) do not know the kernel.
    const std::string_view what = e.what();
    if (r.mapped && what.find(fmt::format("kernel '{}'", r.mapped->kernel)) == std::string::npos)
      r.error = fmt::format("{}: kernel '{}': {}", m.where.str(), r.mapped->kernel, what);
    else
      r.error = fmt::format("{}: {}", m.where.str(), what);
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  r.wall_seconds = wall.count();
  return r;
}

ValidateSummary summarise(std::span<const CaseResult> results) {
  ValidateSummary s;
  s.total = results.size();
  for (const CaseResult& r : results) s.failed += r.failed() ? 1 : 0;
  s.model = stats_of(results, &CaseResult::model_error);
  s.roofline = stats_of(results, &CaseResult::roofline_error);
  return s;
}

}  // namespace kernbench::app
