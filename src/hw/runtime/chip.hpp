#pragma once
/// @file chip.hpp
/// The whole accelerator on one engine: PEs, fabric, HBM and the optional
/// shared cache, built from an HwConfig. Owns the timing of memory-side
/// traffic and the op-log hook at command completion.
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
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "hw/cache/cache.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/fabric/fabric.hpp"
#include "hw/hbm/hbm.hpp"
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

  /// Memory-side completion time of a DMA command of PE `pe` whose transfer
  /// starts at `t` (cache lookups, HBM channel and fabric reservations).
  sim::Tick memory_side(const Command& c, int pe, sim::Tick t);

  /// The next place in the chip-wide order in which commands enter their
  /// engine queues (0, 1, 2, ...).
  std::uint64_t next_queue_seq() { return queue_seq_++; }

  /// The next place in the chip-wide order in which engines take commands
  /// and compute their timing.
  std::uint64_t next_start_seq() { return start_seq_++; }

  /// Replay in a recorded order (Command::turn): true when `turn` may
  /// compute its timing now (every lower turn has).
  bool has_turn(std::uint64_t turn) const { return turn == next_turn_; }
  /// An event processed when `turn` may go (call only when !has_turn(turn)).
  sim::Event<> wait_turn(std::uint64_t turn);
  /// The current turn has computed its timing: the next may go.
  void pass_turn();

  /// Duration in ps of `cycles` cycles of the chip clock.
  sim::Tick ticks(std::uint64_t cycles) const { return clock_.to_ticks(cycles); }

  /// Interned op-log names of the units, for records.
  trace::NameId name_id(std::string_view name);

 private:
  template <class F>
  void for_each_run(const Command& c, F&& f);
  void register_stats();

  sim::Engine* engine_;
  HwConfig cfg_;
  sim::Clock clock_;
  trace::OpLog* log_;
  trace::StatSet* stats_;
  Hbm hbm_;
  Fabric fabric_;
  std::optional<Cache> cache_;
  ChannelTally fabric_tally_;
  std::vector<std::uint64_t> scratch_;
  std::uint64_t queue_seq_ = 0;
  std::uint64_t start_seq_ = 0;
  std::uint64_t next_turn_ = 0;
  std::map<std::uint64_t, sim::Event<>> turn_waiters_;
  trace::NameId hbm_name_ = 0;
  trace::NameId fabric_name_ = 0;
  std::vector<std::unique_ptr<Pe>> pes_;
};

}  // namespace kernbench::hw
