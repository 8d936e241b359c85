#pragma once
/// @file idle_dma.hpp
/// One DMA descriptor on an idle chip, timed by the simulation's own units:
/// a fresh Chip (cold caches, empty queues) runs the one command on PE 0's
/// first DMA engine, and the figures are read back from the units. This is
/// the cost `kernbench hw cost dma` reports, so the command and a simulation
/// share one model (docs/adr/0041-dma-cost-composition.md).
///
/// Timing (the simulation's, docs/hardware-model.md): the command starts at
/// 0; its engine is busy `dma_cost` cycles; its tile crosses the TCM ports
/// (`tcm_port_bytes_per_cycle`) from 0; the memory side starts after the
/// setup cycles (caches, HBM channels in parallel with the fabric route);
///   total = max(engine, TCM ports, setup + memory side)
/// All times are integer picoseconds.

#include <cstdint>

#include "hw/config/hw_config.hpp"
#include "hw/core/command.hpp"
#include "hw/models/dma_cost.hpp"
#include "sim/time.hpp"

namespace kernbench::hw {

struct IdleDma {
  DmaCost engine;                         ///< the engine's cost model (bursts, cycles)
  sim::Tick engine_ps = 0;                ///< the engine's occupancy
  sim::Tick setup_ps = 0;                 ///< setup cycles: the memory side starts after them
  std::uint64_t tcm_bytes_per_cycle = 0;  ///< the TCM ports' width
  sim::Tick tcm_ports_ps = 0;             ///< the tile's time on the TCM ports
  sim::Tick hbm_latency_ps = 0;
  std::uint64_t hbm_bytes = 0;              ///< bytes the HBM channels moved
  std::uint64_t hbm_channels_touched = 0;   ///< channels that moved any byte
  std::uint64_t hbm_max_channel_bytes = 0;  ///< bytes of the busiest channel
  sim::Tick hbm_stream_ps = 0;              ///< busy time of the busiest channel
  sim::Tick fabric_ps = 0;                  ///< busy time of the busiest fabric link or port
  sim::Tick total_ps = 0;                   ///< start to completion
};

/// Runs one DmaRead (memory -> TCM) or DmaWrite (TCM -> memory) of
/// `pattern` (device addresses) on an idle chip of `cfg`. The tile is the
/// pattern's useful bytes. Throws std::invalid_argument for another kind.
/// Cost: building the chip (O(PEs + cache lines)) and the pattern's walk.
IdleDma idle_dma(const HwConfig& cfg, CommandKind kind, const AccessPattern& pattern);

}  // namespace kernbench::hw
