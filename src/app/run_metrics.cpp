#include "app/run_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hw/config/peaks.hpp"
#include "hw/runtime/command.hpp"

namespace kernbench::app {
namespace {

double share(double busy, double units, double elapsed) {
  return units > 0 && elapsed > 0 ? busy / (units * elapsed) : 0.0;
}

/// Busy share of one engine kind over all PEs, and of the busiest PE.
UnitUse pe_engine_use(hw::Chip& chip, std::uint64_t per_pe, double elapsed,
                      std::uint64_t (*busy_of)(hw::Pe&)) {
  UnitUse u;
  u.units = chip.pe_count() * per_pe;
  double busiest = 0;
  for (std::size_t i = 0; i < chip.pe_count(); ++i) {
    const std::uint64_t b = busy_of(chip.pe(i));
    u.busy_ps += b;
    busiest =
        std::max(busiest, share(static_cast<double>(b), static_cast<double>(per_pe), elapsed));
  }
  u.utilisation = share(static_cast<double>(u.busy_ps), static_cast<double>(u.units), elapsed);
  u.max_utilisation = busiest;
  return u;
}

}  // namespace

void fill_performance(RunReport& r, tl::Runner& runner, const kernels::KernelRun& run,
                      const TcmRecorder& tcm) {
  hw::Chip& chip = runner.chip();
  const hw::HwConfig& cfg = runner.config();
  r.launches = run.launches.size();
  r.programs = run.programs();
  r.commands = run.commands();
  r.simulated_ps = run.simulated_ps();
  r.pes = chip.pe_count();
  r.clock_hz = static_cast<double>(cfg.clock.frequency.in_hz());
  r.flops = run.flops;
  r.bytes = run.ideal_bytes;
  const double t = static_cast<double>(r.simulated_ps);
  const double seconds = r.seconds();
  r.achieved_flops_per_s = seconds > 0 ? r.flops / seconds : 0.0;
  r.achieved_bytes_per_s = seconds > 0 ? r.bytes / seconds : 0.0;

  Utilisation& u = r.utilisation;
  u.gemm = pe_engine_use(chip, 1, t, [](hw::Pe& p) { return p.busy(hw::EngineKind::Gemm); });
  u.math = pe_engine_use(chip, 1, t, [](hw::Pe& p) { return p.busy(hw::EngineKind::Math); });
  u.dma = pe_engine_use(chip, cfg.pe.dma.engines, t,
                        [](hw::Pe& p) { return p.busy(hw::EngineKind::Dma); });
  u.cpu = pe_engine_use(chip, 1, t, [](hw::Pe& p) { return p.cpu_busy().value(); });

  hw::Hbm& hbm = chip.hbm();
  u.hbm.units = hbm.channels();
  double busiest_channel = 0, hbm_bytes = 0;
  for (std::size_t c = 0; c < hbm.channels(); ++c) {
    u.hbm.busy_ps += hbm.channel(c).busy();
    hbm_bytes += static_cast<double>(hbm.channel(c).bytes());
    busiest_channel =
        std::max(busiest_channel, share(static_cast<double>(hbm.channel(c).busy()), 1, t));
  }
  u.hbm.utilisation =
      share(static_cast<double>(u.hbm.busy_ps), static_cast<double>(u.hbm.units), t);
  u.hbm.max_utilisation = busiest_channel;
  r.hbm_bytes = hbm_bytes;

  u.fabric.units = chip.fabric().links();
  u.fabric.busy_ps = chip.fabric().link_busy();
  u.fabric.utilisation =
      share(static_cast<double>(u.fabric.busy_ps), static_cast<double>(u.fabric.units), t);
  u.fabric.max_utilisation = share(static_cast<double>(chip.fabric().busiest_link_busy()), 1, t);

  u.launch_share = t > 0 ? std::min(1.0, static_cast<double>(cfg.launch.latency.in_ps()) *
                                             static_cast<double>(r.launches) / t)
                         : 0.0;
  u.tcm_capacity = cfg.pe.tcm.size.in_bytes();
  for (std::size_t i = 0; i < chip.pe_count(); ++i) {
    if (chip.pe(i).tcm().peak() > u.tcm_peak) {
      u.tcm_peak = chip.pe(i).tcm().peak();
      u.tcm_peak_pe = static_cast<int>(i);
    }
  }
  u.tcm_mean_occupancy = tcm.mean_occupancy();
  for (std::size_t i = 0; i < chip.pe_count(); ++i) {
    const tl::Runner::Stalls& s = runner.stalls(i);
    r.waits.queue_ps += s.queue->value();
    r.waits.tcm_ps += s.tcm->value();
    r.waits.value_ps += s.value->value();
    r.waits.operand_ps += s.operand->value();
  }

  // The peak to compare with: the engine that did most of the work, at the
  // precision the kernel computes in.
  double gemm_flops = 0, math_flops = 0;
  for (std::size_t i = 0; i < chip.pe_count(); ++i) {
    gemm_flops += static_cast<double>(chip.pe(i).stats(hw::EngineKind::Gemm).flops->value());
    math_flops += static_cast<double>(chip.pe(i).stats(hw::EngineKind::Math).flops->value());
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
