#include "hw/config/peaks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kernbench::hw {
namespace {

std::string si(double v, std::string_view unit) {
  constexpr std::pair<double, std::string_view> kScale[] = {
      {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& [f, p] : kScale)
    if (v >= f) return fmt::format("{:.1f} {}{}", v / f, p, unit);
  return fmt::format("{:.1f} {}", v, unit);
}

}  // namespace

Peaks compute_peaks(const HwConfig& c) {
  Peaks p;
  const double f = static_cast<double>(c.clock.frequency.in_hz());
  const double pes = static_cast<double>(c.pe.count);
  const double hbm = static_cast<double>(c.hbm.bandwidth.in_bytes_per_second());
  for (std::size_t i = 0; i < kAllPrecisions.size(); ++i) {
    const Precision pr = kAllPrecisions[i];
    p.gemm_flops[i] = pes * static_cast<double>(c.pe.gemm.rows * c.pe.gemm.cols) * 2.0 *
                      gemm_rate(c.pe.gemm.rate, pr) * f;
    const double pack = c.pe.math.pack_subword ? 32.0 / storage_bits(pr) : 1.0;
    p.vector_flops[i] =
        pes * static_cast<double>(c.pe.math.lanes) * 2.0 * c.pe.math.simple.rate * pack * f;
    p.ridge[i] = hbm > 0 ? p.gemm_flops[i] / hbm : 0.0;
  }
  p.hbm = c.hbm.bandwidth;
  p.hbm_per_channel =
      Bandwidth::bytes_per_second(c.hbm.bandwidth.in_bytes_per_second() / c.hbm.channels);
  const std::uint64_t link = c.fabric.link_bandwidth.in_bytes_per_second();
  std::uint64_t cut_links = 0;
  if (c.fabric.topology == Topology::mesh) {
    // A straight cut across the longer dimension crosses min(x, y) links.
    if (c.fabric.mesh.x * c.fabric.mesh.y > 1)
      cut_links = std::min(c.fabric.mesh.x, c.fabric.mesh.y);
  } else {
    cut_links = c.pe.count / 2;
  }
  p.fabric_bisection = Bandwidth::bytes_per_second(2 * cut_links * link);
  const std::uint64_t tcm_bytes_per_cycle = tcm_port_bytes_per_cycle(c.pe.tcm);
  p.tcm_per_pe = Bandwidth::bytes_per_second(tcm_bytes_per_cycle * c.clock.frequency.in_hz());
  p.tcm_chip = Bandwidth::bytes_per_second(p.tcm_per_pe.in_bytes_per_second() * c.pe.count);
  p.cache = c.cache.enabled ? c.cache.bandwidth : Bandwidth{};
  return p;
}

std::string format_peaks(const HwConfig& c, const Peaks& p) {
  std::string out = fmt::format("hardware {}: {} PEs at {} ({} fabric", c.name, c.pe.count,
                                c.clock.frequency.to_string(), to_string(c.fabric.topology));
  if (c.fabric.topology == Topology::mesh)
    out += fmt::format(" {}x{}", c.fabric.mesh.x, c.fabric.mesh.y);
  out += fmt::format(")\n  matrix unit {}x{} {} per PE; vector {} lanes; TCM {} per PE\n",
                     c.pe.gemm.rows, c.pe.gemm.cols, to_string(c.pe.gemm.dataflow), c.pe.math.lanes,
                     c.pe.tcm.size.to_string());
  out += fmt::format("  {:<6} {:>16} {:>16} {:>14}\n", "dtype", "matrix peak", "vector peak",
                     "ridge (F/B)");
  for (std::size_t i = 0; i < kAllPrecisions.size(); ++i)
    out += fmt::format("  {:<6} {:>16} {:>16} {:>14.1f}\n", to_string(kAllPrecisions[i]),
                       si(p.gemm_flops[i], "FLOP/s"), si(p.vector_flops[i], "FLOP/s"), p.ridge[i]);
  out += fmt::format("  HBM {} over {} channels ({} each), latency {}\n", p.hbm.to_string(),
                     c.hbm.channels, p.hbm_per_channel.to_string(), c.hbm.latency.to_string());
  out +=
      fmt::format("  fabric bisection {}; TCM {} per PE, {} chip\n", p.fabric_bisection.to_string(),
                  p.tcm_per_pe.to_string(), p.tcm_chip.to_string());
  if (c.cache.enabled)
    out += fmt::format("  cache {} ({} lines, {} ways), {}, hit {}\n", c.cache.size.to_string(),
                       c.cache.line.to_string(), c.cache.ways, p.cache.to_string(),
                       c.cache.hit_latency.to_string());
  else
    out += "  cache disabled\n";
  out += fmt::format("  launch {} + {} per program\n", c.launch.latency.to_string(),
                     c.launch.dispatch_latency.to_string());
  return out;
}

}  // namespace kernbench::hw
