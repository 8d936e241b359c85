#include "hw/runtime/idle_dma.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "hw/runtime/chip.hpp"
#include "sim/engine.hpp"
#include "trace/stats.hpp"

namespace kernbench::hw {
namespace {

// The figures of PE 0's DMA, the HBM channels and the fabric, as the chip
// registered them.
void read_stats(const trace::StatSet& st, std::uint64_t channels, IdleDma& r) {
  r.engine_ps = st.get_counter("pe0.dma.busy").value();
  r.tcm_ports_ps = static_cast<sim::Tick>(st.value("pe0.tcm_ports.busy"));
  for (std::uint64_t c = 0; c < channels; ++c) {
    const auto bytes = static_cast<std::uint64_t>(st.value(fmt::format("hbm.ch{}.bytes", c)));
    r.hbm_bytes += bytes;
    r.hbm_channels_touched += bytes != 0;
    r.hbm_max_channel_bytes = std::max(r.hbm_max_channel_bytes, bytes);
    r.hbm_stream_ps = std::max(r.hbm_stream_ps,
                               static_cast<sim::Tick>(st.value(fmt::format("hbm.ch{}.busy", c))));
  }
  r.fabric_ps = static_cast<sim::Tick>(st.value("fabric.busiest_link.busy"));
}

}  // namespace

IdleDma idle_dma(const HwConfig& cfg, CommandKind kind, const AccessPattern& pattern) {
  if (kind != CommandKind::dma_read && kind != CommandKind::dma_write)
    throw std::invalid_argument("idle_dma: expected a DmaRead or DmaWrite command");
  sim::Engine env;
  trace::StatSet stats;
  Chip chip(env, cfg, nullptr, stats);
  IdleDma r;
  r.engine = dma_cost(cfg.pe.dma, pattern);

  auto cmd = std::make_unique<Command>();
  cmd->kind = kind;
  cmd->pattern = pattern;
  cmd->bytes = r.engine.bursts.useful_bytes;
  cmd->tcm_bytes = cmd->bytes;
  cmd->changes_memory = kind == CommandKind::dma_write;
  cmd->done = env.event<trace::OpId>();
  const Completion done = cmd->done;
  Pe& pe = chip.pe(0);
  if (!pe.try_submit(cmd, 0)) throw std::logic_error("idle_dma: the idle DMA queue is full");
  env.run(done);

  r.total_ps = env.now();
  r.setup_ps = chip.ticks(cfg.pe.dma.setup_cycles);
  r.tcm_bytes_per_cycle = tcm_port_bytes_per_cycle(cfg.pe.tcm);
  r.hbm_latency_ps = cfg.hbm.latency.in_ps();
  read_stats(stats, cfg.hbm.channels, r);
  return r;
}

}  // namespace kernbench::hw
