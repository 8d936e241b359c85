#include "app/run_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/config/peaks.hpp"
#include "hw/core/command.hpp"
#include "trace/stats.hpp"

namespace kernbench::app {
namespace {

double share(double busy, double units, double elapsed) {
  return units > 0 && elapsed > 0 ? busy / (units * elapsed) : 0.0;
}

std::uint64_t counter(const trace::StatSet& st, const std::string& name) {
  return st.get_counter(name).value();
}

/// A formula's value (ps or bytes, whole numbers).
std::uint64_t whole(const trace::StatSet& st, const std::string& name) {
  return static_cast<std::uint64_t>(st.value(name));
}

/// Busy share of one PE figure (`pe{N}.<leaf>`, ps) over all PEs, and of the
/// busiest PE.
UnitUse pe_use(const trace::StatSet& st, std::size_t pes, std::uint64_t per_pe, double elapsed,
               std::string_view leaf) {
  UnitUse u;
  u.units = pes * per_pe;
  double busiest = 0;
  for (std::size_t i = 0; i < pes; ++i) {
    const std::uint64_t b = counter(st, fmt::format("pe{}.{}", i, leaf));
    u.busy_ps += b;
    busiest =
        std::max(busiest, share(static_cast<double>(b), static_cast<double>(per_pe), elapsed));
  }
  u.utilisation = share(static_cast<double>(u.busy_ps), static_cast<double>(u.units), elapsed);
  u.max_utilisation = busiest;
  return u;
}

/// The HBM channels' use; sets `bytes` to the bytes they moved.
UnitUse hbm_use(const trace::StatSet& st, std::uint64_t channels, double elapsed, double& bytes) {
  UnitUse u;
  u.units = channels;
  double busiest = 0;
  bytes = 0;
  for (std::uint64_t c = 0; c < channels; ++c) {
    const std::uint64_t busy = whole(st, fmt::format("hbm.ch{}.busy", c));
    u.busy_ps += busy;
    bytes += static_cast<double>(whole(st, fmt::format("hbm.ch{}.bytes", c)));
    busiest = std::max(busiest, share(static_cast<double>(busy), 1, elapsed));
  }
  u.utilisation = share(static_cast<double>(u.busy_ps), static_cast<double>(u.units), elapsed);
  u.max_utilisation = busiest;
  return u;
}

UnitUse fabric_use(const trace::StatSet& st, double elapsed) {
  UnitUse u;
  u.units = whole(st, "fabric.links");
  u.busy_ps = whole(st, "fabric.busy");
  u.utilisation = share(static_cast<double>(u.busy_ps), static_cast<double>(u.units), elapsed);
  u.max_utilisation = share(static_cast<double>(whole(st, "fabric.busiest_link.busy")), 1, elapsed);
  return u;
}

/// The most TCM bytes any PE held, and the first PE that held them.
void tcm_peak(const trace::StatSet& st, std::size_t pes, Utilisation& u) {
  for (std::size_t i = 0; i < pes; ++i) {
    const std::uint64_t peak = whole(st, fmt::format("pe{}.tcm.peak", i));
    if (peak > u.tcm_peak) {
      u.tcm_peak = peak;
      u.tcm_peak_pe = static_cast<int>(i);
    }
  }
}

/// The engines', HBM's and fabric's busy shares over `t` ps of statistics.
void engine_use(const trace::StatSet& st, const hw::HwConfig& cfg, std::size_t pes, double t,
                Utilisation& u, double& hbm_bytes) {
  u.gemm = pe_use(st, pes, 1, t, "gemm.busy");
  u.math = pe_use(st, pes, 1, t, "math.busy");
  u.dma = pe_use(st, pes, cfg.pe.dma.engines, t, "dma.busy");
  u.cpu = pe_use(st, pes, 1, t, "cpu.busy");
  u.hbm = hbm_use(st, cfg.hbm.channels, t, hbm_bytes);
  u.fabric = fabric_use(st, t);
}

}  // namespace

void fill_performance(RunReport& r, tl::Runner& runner, const kernels::KernelRun& run,
                      const TcmRecorder& tcm) {
  const trace::StatSet& st = runner.stats();
  const hw::HwConfig& cfg = runner.config();
  const std::size_t pes = runner.chip().pe_count();
  r.launches = run.launches.size();
  r.programs = run.programs();
  r.simulated_programs = run.simulated_programs();
  r.commands = run.commands();
  r.simulated_ps = run.simulated_ps();
  r.pes = pes;
  r.clock_hz = static_cast<double>(cfg.clock.frequency.in_hz());
  r.flops = run.flops;
  r.bytes = run.ideal_bytes;
  const double t = static_cast<double>(r.simulated_ps);
  // A sampled run's statistics cover only its simulated windows.
  const auto stats_t = static_cast<double>(run.statistics_ps());
  const double seconds = r.seconds();
  r.achieved_flops_per_s = seconds > 0 ? r.flops / seconds : 0.0;
  r.achieved_bytes_per_s = seconds > 0 ? r.bytes / seconds : 0.0;

  Utilisation& u = r.utilisation;
  engine_use(st, cfg, pes, stats_t, u, r.hbm_bytes);

  u.launch_share = t > 0 ? std::min(1.0, static_cast<double>(cfg.launch.latency.in_ps()) *
                                             static_cast<double>(r.launches) / t)
                         : 0.0;
  u.tcm_capacity = cfg.pe.tcm.size.in_bytes();
  tcm_peak(st, pes, u);
  u.tcm_mean_occupancy = tcm.mean_occupancy();
  for (std::size_t i = 0; i < pes; ++i) {
    const std::string base = fmt::format("pe{}.stall.", i);
    r.waits.queue_ps += counter(st, base + "queue");
    r.waits.tcm_ps += counter(st, base + "tcm");
    r.waits.value_ps += counter(st, base + "value");
    r.waits.operand_ps += counter(st, base + "operand");
  }

  // The peak to compare with: the engine that did most of the work, at the
  // precision the kernel computes in.
  double gemm_flops = 0, math_flops = 0;
  for (std::size_t i = 0; i < pes; ++i) {
    gemm_flops += static_cast<double>(counter(st, fmt::format("pe{}.gemm.flops", i)));
    math_flops += static_cast<double>(counter(st, fmt::format("pe{}.math.flops", i)));
  }
  const data::DType dtype =
      run.params.contains("dtype") ? run.params.dtype("dtype") : data::DType::f32;
  const hw::Precision precision = runner.precision_of(dtype);
  const hw::Peaks peaks = hw::compute_peaks(cfg);
  const auto p = static_cast<std::size_t>(precision);
  r.peak_engine = gemm_flops >= math_flops && gemm_flops > 0 ? "gemm" : "vector";
  r.peak_dtype = std::string(hw::to_string(precision));
  r.peak_flops_per_s = r.peak_engine == "gemm" ? peaks.gemm_flops[p] : peaks.vector_flops[p];
  r.peak_bytes_per_s = static_cast<double>(peaks.hbm.in_bytes_per_second());

  BoundInputs in;
  in.gemm = u.gemm.utilisation;
  in.math = u.math.utilisation;
  in.dma = u.dma.utilisation;
  in.issue = u.cpu.utilisation;
  in.hbm = u.hbm.utilisation;
  in.fabric = u.fabric.utilisation;
  in.launch_share = u.launch_share;
  in.tcm_peak_fraction = u.tcm_capacity > 0
                             ? static_cast<double>(u.tcm_peak) / static_cast<double>(u.tcm_capacity)
                             : 0.0;
  in.programs = r.programs;
  in.pes = r.pes;
  in.tcm_waits = r.waits.tcm_ps > 0;
  const tl::Runner::Occupancy o = runner.occupancy();
  r.occupancy = {o.programs, std::string(o.limiter), o.register_bytes, o.tcm_bytes};
  if (cfg.pe.cpu.in_order) {
    in.occupancy =
        fmt::format("{} program(s) resident per PE, limited by {}", o.programs, o.limiter);
  }
  r.bound = classify_bound(in);
}

}  // namespace kernbench::app
