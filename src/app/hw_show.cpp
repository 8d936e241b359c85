#include "app/hw_show.hpp"

#include <fmt/format.h>

#include "app/format.hpp"
#include "hw/config/peaks.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

using Json = nlohmann::ordered_json;

std::string row(std::string_view label, const std::string& value) {
  return fmt::format("  {:<18} {}\n", label, value);
}

std::string fabric_text(const hw::HwConfig& c) {
  const auto& f = c.fabric;
  std::string shape = f.topology == hw::Topology::mesh
                          ? fmt::format("{}x{} mesh, XY routing", f.mesh.x, f.mesh.y)
                          : std::string("crossbar, one hop between any two nodes");
  return fmt::format("{}; links {} per direction, {} + {} cycles per hop (link + router)", shape,
                     f.link_bandwidth.to_string(), f.hop_latency, f.router_latency);
}

std::string cache_text(const hw::HwConfig& c) {
  const auto& k = c.cache;
  const std::string geometry =
      fmt::format("{}, {} lines, {} ways", k.size.to_string(), k.line.to_string(), k.ways);
  if (!k.enabled) return fmt::format("disabled (described: {})", geometry);
  return fmt::format("{}; {} hit bandwidth, {} hit latency", geometry, k.bandwidth.to_string(),
                     k.hit_latency.to_string());
}

}  // namespace

std::string hw_show_text(const hw::HwConfig& c, const std::vector<std::string>& overrides) {
  const hw::Peaks p = hw::compute_peaks(c);
  const auto& pe = c.pe;
  std::string out = fmt::format("hardware {}\n", c.name);
  if (!overrides.empty()) out += row("overrides", util::join_names(overrides));
  const std::uint64_t hz = c.clock.frequency.in_hz();
  out +=
      row("clock", c.clock.frequency.has_integer_period()
                       ? fmt::format("{} (period {} ps)", c.clock.frequency.to_string(),
                                     1'000'000'000'000ULL / hz)
                       : fmt::format("{} (period {} ps; cycle ends round up to whole ps, exactly)",
                                     c.clock.frequency.to_string(),
                                     fmt::format("{:.3f}", 1e12 / static_cast<double>(hz))));
  out += "\ntopology\n";
  out += row("PEs", fmt::format("{}, {} resident programs each{}", pe.count, pe.contexts,
                                pe.threads == 0 ? std::string()
                                                : fmt::format(" (at most {} threads, warps of {})",
                                                              pe.threads, pe.warp_size)));
  out += row("fabric", fabric_text(c));
  out += row("HBM",
             fmt::format("{} channels, {} total ({} each), {} latency, {} interleave",
                         c.hbm.channels, c.hbm.bandwidth.to_string(), p.hbm_per_channel.to_string(),
                         c.hbm.latency.to_string(), c.hbm.interleave.to_string()));
  out += row("cache", cache_text(c));
  out += row("launch", fmt::format("{} + {} per program dispatch{}", c.launch.latency.to_string(),
                                   c.launch.dispatch_latency.to_string(),
                                   c.launch.dispatch_interval.in_ps() == 0
                                       ? std::string()
                                       : fmt::format(", one program every {} chip-wide",
                                                     c.launch.dispatch_interval.to_string())));
  out += "\nper PE\n";
  out += row("GEMM array",
             fmt::format("{}x{} {}, pipeline latency {} cycles", pe.gemm.rows, pe.gemm.cols,
                         hw::to_string(pe.gemm.dataflow), pe.gemm.pipeline_latency));
  out +=
      row("vector unit",
          fmt::format("{} lanes x 32 bit{}; simple {}/lane/cycle, transcendental {}, divsqrt {}; "
                      "operands {}",
                      pe.math.lanes, pe.math.pack_subword ? " (16-bit x2, 8-bit x4 packed)" : "",
                      pe.math.simple.rate, pe.math.transcendental.rate, pe.math.divsqrt.rate,
                      pe.math.tcm_operands ? "in TCM" : "in registers"));
  out += row("TCM", fmt::format("{} in {} banks x {} x {} ports", pe.tcm.size.to_string(),
                                pe.tcm.banks, pe.tcm.bank_width.to_string(), pe.tcm.ports));
  if (pe.regfile.size.in_bytes() != 0)
    out += row("register file",
               fmt::format("{} holding the tiles, {} per thread before spilling",
                           pe.regfile.size.to_string(), pe.regfile.per_thread.to_string()));
  if (pe.l1.size.in_bytes() != 0)
    out += row("L1", fmt::format("{}, {} lines, {} ways, {} cycles per hit", pe.l1.size.to_string(),
                                 pe.l1.line.to_string(), pe.l1.ways, pe.l1.hit_cycles));
  out += row("DMA", fmt::format("{} engines x {} B/cycle, {} bursts, {} setup cycles, {} in flight",
                                pe.dma.engines, pe.dma.bytes_per_cycle, pe.dma.burst.to_string(),
                                pe.dma.setup_cycles, pe.dma.max_outstanding));
  out += row("control core",
             fmt::format("{} cycle(s) per issue, queues of {} commands; {}", pe.cpu.issue_cycles,
                         pe.cpu.queue_depth,
                         pe.cpu.in_order ? "in-order issue (operands ready), math pipes overlap"
                                         : "commands queue with their dependencies"));

  out += "\npeaks (chip)\n";
  out += fmt::format("  {:<6} {:>16} {:>16} {:>20}\n", "dtype", "GEMM", "vector (fma)",
                     "ridge (FLOP/B HBM)");
  for (std::size_t i = 0; i < hw::kAllPrecisions.size(); ++i)
    out += fmt::format("  {:<6} {:>16} {:>16} {:>20.1f}\n", hw::to_string(hw::kAllPrecisions[i]),
                       si(p.gemm_flops[i], "FLOP/s"), si(p.vector_flops[i], "FLOP/s"), p.ridge[i]);
  out += row("HBM", p.hbm.to_string());
  out +=
      row("fabric bisection", fmt::format("{} (both directions)", p.fabric_bisection.to_string()));
  out += row("TCM",
             fmt::format("{} per PE, {} chip", p.tcm_per_pe.to_string(), p.tcm_chip.to_string()));
  out += row("cache", c.cache.enabled ? p.cache.to_string() : std::string("disabled"));
  return out;
}

Json hw_show_json(const hw::HwConfig& c, const std::vector<std::string>& overrides) {
  const hw::Peaks p = hw::compute_peaks(c);
  const auto& pe = c.pe;
  Json j;
  j["name"] = c.name;
  j["overrides"] = overrides;
  j["clock_hz"] = c.clock.frequency.in_hz();
  Json topo;
  topo["pe_count"] = pe.count;
  topo["contexts_per_pe"] = pe.contexts;
  topo["threads_per_pe"] = pe.threads;
  topo["warp_size"] = pe.warp_size;
  topo["in_order"] = pe.cpu.in_order;
  topo["regfile_bytes"] = pe.regfile.size.in_bytes();
  topo["l1_bytes"] = pe.l1.size.in_bytes();
  topo["fabric"] = {{"topology", hw::to_string(c.fabric.topology)},
                    {"mesh_x", c.fabric.mesh.x},
                    {"mesh_y", c.fabric.mesh.y},
                    {"link_bandwidth_bytes_per_s", c.fabric.link_bandwidth.in_bytes_per_second()},
                    {"hop_latency_cycles", c.fabric.hop_latency},
                    {"router_latency_cycles", c.fabric.router_latency}};
  topo["hbm"] = {{"channels", c.hbm.channels},
                 {"bandwidth_bytes_per_s", c.hbm.bandwidth.in_bytes_per_second()},
                 {"latency_ps", c.hbm.latency.in_ps()},
                 {"interleave_bytes", c.hbm.interleave.in_bytes()}};
  topo["cache"] = {{"enabled", c.cache.enabled},
                   {"size_bytes", c.cache.size.in_bytes()},
                   {"line_bytes", c.cache.line.in_bytes()},
                   {"ways", c.cache.ways},
                   {"hit_latency_ps", c.cache.hit_latency.in_ps()},
                   {"bandwidth_bytes_per_s", c.cache.bandwidth.in_bytes_per_second()}};
  topo["per_pe"] = {{"gemm",
                     {{"rows", pe.gemm.rows},
                      {"cols", pe.gemm.cols},
                      {"dataflow", hw::to_string(pe.gemm.dataflow)},
                      {"pipeline_latency_cycles", pe.gemm.pipeline_latency}}},
                    {"vector",
                     {{"lanes", pe.math.lanes},
                      {"pack_subword", pe.math.pack_subword},
                      {"tcm_operands", pe.math.tcm_operands},
                      {"simple_rate", pe.math.simple.rate},
                      {"transcendental_rate", pe.math.transcendental.rate},
                      {"divsqrt_rate", pe.math.divsqrt.rate}}},
                    {"tcm",
                     {{"size_bytes", pe.tcm.size.in_bytes()},
                      {"banks", pe.tcm.banks},
                      {"bank_width_bytes", pe.tcm.bank_width.in_bytes()},
                      {"ports", pe.tcm.ports}}},
                    {"dma",
                     {{"engines", pe.dma.engines},
                      {"bytes_per_cycle", pe.dma.bytes_per_cycle},
                      {"burst_bytes", pe.dma.burst.in_bytes()},
                      {"setup_cycles", pe.dma.setup_cycles},
                      {"max_outstanding", pe.dma.max_outstanding}}}};
  j["topology"] = topo;
  Json peaks;
  Json by_dtype = Json::object();
  for (std::size_t i = 0; i < hw::kAllPrecisions.size(); ++i)
    by_dtype[std::string(hw::to_string(hw::kAllPrecisions[i]))] = {
        {"gemm_flops", p.gemm_flops[i]},
        {"vector_flops", p.vector_flops[i]},
        {"ridge_flop_per_byte", p.ridge[i]}};
  peaks["dtypes"] = by_dtype;
  peaks["hbm_bytes_per_s"] = p.hbm.in_bytes_per_second();
  peaks["hbm_per_channel_bytes_per_s"] = p.hbm_per_channel.in_bytes_per_second();
  peaks["fabric_bisection_bytes_per_s"] = p.fabric_bisection.in_bytes_per_second();
  peaks["tcm_per_pe_bytes_per_s"] = p.tcm_per_pe.in_bytes_per_second();
  peaks["tcm_chip_bytes_per_s"] = p.tcm_chip.in_bytes_per_second();
  peaks["cache_bytes_per_s"] = p.cache.in_bytes_per_second();
  j["peaks"] = peaks;
  return j;
}

}  // namespace kernbench::app
