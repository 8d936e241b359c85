#include "hw/runtime/idle_dma.hpp"

#include <algorithm>
#include <stdexcept>

#include "hw/runtime/chip.hpp"
#include "sim/engine.hpp"
#include "trace/stats.hpp"

namespace kernbench::hw {
namespace {

// The HBM channels' and the fabric's share of the figures.
void read_memory_side(Chip& chip, IdleDma& r) {
  Hbm& hbm = chip.hbm();
  for (std::size_t c = 0; c < hbm.channels(); ++c) {
    const BandwidthServer& ch = hbm.channel(c);
    r.hbm_bytes += ch.bytes();
    r.hbm_channels_touched += ch.bytes() != 0;
    r.hbm_max_channel_bytes = std::max(r.hbm_max_channel_bytes, ch.bytes());
    r.hbm_stream_ps = std::max(r.hbm_stream_ps, ch.busy());
  }
  r.hbm_latency_ps = hbm.latency();
  r.fabric_ps = chip.fabric().busiest_link_busy();
}

}  // namespace

IdleDma idle_dma(const HwConfig& cfg, CommandKind kind, const AccessPattern& pattern) {
  if (kind != CommandKind::DmaRead && kind != CommandKind::DmaWrite)
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
  cmd->changes_memory = kind == CommandKind::DmaWrite;
  cmd->done = env.event<trace::OpId>();
  const Completion done = cmd->done;
  Pe& pe = chip.pe(0);
  if (!pe.try_submit(cmd, 0)) throw std::logic_error("idle_dma: the idle DMA queue is full");
  env.run(done);

  r.total_ps = env.now();
  r.engine_ps = pe.busy(EngineKind::Dma);
  r.setup_ps = chip.ticks(cfg.pe.dma.setup_cycles);
  r.tcm_bytes_per_cycle = tcm_port_bytes_per_cycle(cfg.pe.tcm);
  r.tcm_ports_ps = pe.tcm_ports().busy();
  read_memory_side(chip, r);
  return r;
}

}  // namespace kernbench::hw
