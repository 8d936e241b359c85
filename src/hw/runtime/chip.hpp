#pragma once
/// @file chip.hpp
/// The whole accelerator on one engine: PEs, fabric, HBM and the optional
/// shared cache, built from an HwConfig. The chip owns the units, the memory
/// path over them (memory/memory_path.hpp) and the chip-wide issue order
/// (core/issue_order.hpp), and hands each PE what it uses (pe/pe_services.hpp).
///
/// Lifecycle: construct(engine, config, log, stats) -> PEs' engine processes
/// start -> programs submit commands -> run the engine -> read statistics.
/// The log and stats are owned by the caller and must outlive the chip; the
/// log may be null (no records; the hot path then pays one branch).
///
/// Statistics: figures leave the hardware only through the StatSet
/// (docs/adr/0033-trace-stats-registry.md). The PEs register theirs
/// (pe.hpp); the chip adds hbm.ch{C}.busy [ps], hbm.ch{C}.bytes,
/// fabric.links, fabric.busy [ps] and fabric.busiest_link.busy [ps], all
/// formulas over the units, to be read while the chip exists.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "hw/cache/cache.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/core/issue_order.hpp"
#include "hw/fabric/fabric.hpp"
#include "hw/hbm/hbm.hpp"
#include "hw/memory/memory_path.hpp"
#include "hw/pe/pe.hpp"
#include "sim/time.hpp"
#include "trace/op_log.hpp"
#include "trace/stats.hpp"

namespace kernbench::hw {

class Chip {
 public:
  Chip(sim::Engine& engine, const HwConfig& cfg, trace::OpLog* log, trace::StatSet& stats);
  Chip(const Chip&) = delete;
  Chip& operator=(const Chip&) = delete;
  ~Chip();

  sim::Engine& engine() const { return *engine_; }
  const HwConfig& config() const { return cfg_; }
  const sim::Clock& clock() const { return clock_; }
  std::size_t pe_count() const { return pes_.size(); }
  Pe& pe(std::size_t i) { return *pes_[i]; }
  Hbm& hbm() { return hbm_; }
  Fabric& fabric() { return fabric_; }
  Cache* cache() { return cache_ ? &*cache_ : nullptr; }
  trace::OpLog* log() const { return log_; }
  trace::StatSet& stats() const { return *stats_; }

  /// Duration in ps of `cycles` cycles of the chip clock.
  sim::Tick ticks(std::uint64_t cycles) const { return clock_.to_ticks(cycles); }

  /// Interned op-log names of the units, for records.
  trace::NameId name_id(std::string_view name);

 private:
  void register_stats();

  sim::Engine* engine_;
  HwConfig cfg_;
  sim::Clock clock_;
  trace::OpLog* log_;
  trace::StatSet* stats_;
  Hbm hbm_;
  Fabric fabric_;
  std::optional<Cache> cache_;
  MemoryPath memory_;
  IssueOrder order_;
  std::vector<std::unique_ptr<Pe>> pes_;
};

}  // namespace kernbench::hw
