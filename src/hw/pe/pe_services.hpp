#pragma once
/// @file pe_services.hpp
/// What a PE uses of the chip around it, handed to it when it is built: the
/// engine it runs on, the configuration, the chip clock (cycles to
/// picoseconds), the chip-wide issue order, the memory path its DMA reaches
/// (cache, HBM, fabric), the op log and the statistics registry. A PE never
/// sees the chip itself (docs/adr/0085-hw-folders-and-pe-services.md).
///
/// Contract: every referenced object belongs to the chip (or its caller)
/// and outlives the PEs; `log` may be null (no records).

#include "hw/config/hw_config.hpp"
#include "hw/core/issue_order.hpp"
#include "hw/memory/memory_path.hpp"
#include "sim/engine.hpp"
#include "sim/time.hpp"
#include "trace/op_log.hpp"
#include "trace/stats.hpp"

namespace kernbench::hw {

struct PeServices {
  sim::Engine& engine;
  const HwConfig& config;
  const sim::Clock& clock;  ///< the chip clock: cycles -> ps
  IssueOrder& order;        ///< queue_seq, start_seq and replay turns
  MemoryPath& memory;       ///< the memory side of DMA commands
  trace::OpLog* log;        ///< command records; null: none
  trace::StatSet& stats;    ///< where the PE registers its figures
};

}  // namespace kernbench::hw
