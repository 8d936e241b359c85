#pragma once
/// @file memory_path.hpp
/// The memory side of a DMA command: the shared cache (when enabled), the
/// HBM channels and the fabric between the PE and memory, in that order. The
/// units belong to the chip; the path holds references to them, so every PE
/// shares one cache, one set of HBM channels and one fabric.
///
/// Timing (docs/hardware-model.md): a transfer whose memory side starts at t
/// completes at
///   max(HBM done, cache hits served, fabric arrival)
/// where the cache decides which read bytes reach HBM (whole lines of read
/// misses; writes are written through), every byte crosses the fabric (the
/// PE's port on a crossbar, each touched channel's route on a mesh) and a
/// TCM-to-TCM command crosses only the route between the two PEs. All times
/// are integer picoseconds.
///
/// Op log: at trace level `transactions` each HBM channel's share and each
/// fabric transfer of a command is appended as one record (units hbm and
/// fabric, chip level for HBM, the PE for fabric). The log may be null.

#include <cstdint>
#include <vector>

#include "hw/cache/cache.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/core/command.hpp"
#include "hw/fabric/fabric.hpp"
#include "hw/hbm/hbm.hpp"
#include "sim/time.hpp"
#include "trace/op_log.hpp"
#include "trace/op_record.hpp"

namespace kernbench::hw {

class MemoryPath {
 public:
  /// `cache` is null when the chip has no shared cache. The units, `cfg`
  /// and `log` must outlive the path.
  MemoryPath(const HwConfig& cfg, Hbm& hbm, Fabric& fabric, Cache* cache, trace::OpLog* log);
  MemoryPath(const MemoryPath&) = delete;
  MemoryPath& operator=(const MemoryPath&) = delete;

  /// Completion time of the memory side of DMA command `c` of PE `pe` whose
  /// transfer starts at `t` (cache lookups, HBM channel and fabric
  /// reservations are made here).
  sim::Tick transfer(const Command& c, int pe, sim::Tick t);

 private:
  /// Bytes of a command that hit the cache and bytes it moves.
  struct Lookup {
    std::uint64_t hit_bytes = 0;
    std::uint64_t moved = 0;
  };
  /// Looks the command's runs up in the cache and tallies what reaches HBM
  /// and, on a mesh, each channel's share of the fabric.
  Lookup look_up(const Command& c, bool write, bool mesh);
  /// Calls f(addr, bytes) for each run of bytes the command moves (a
  /// gather's distinct bursts per coalescing group).
  template <class F>
  void for_each_run(const Command& c, F&& f);
  /// Reserves the HBM channels tallied for the command; returns when done.
  sim::Tick commit_hbm(sim::Tick t, bool write, bool log_tx);
  /// Reserves each tallied channel's route between the PE and memory.
  sim::Tick cross_mesh(int pe, bool write, sim::Tick t, bool log_tx);
  /// Appends one transactions-level record of `unit` (hbm or fabric).
  void record(trace::Unit unit, std::int32_t pe, std::uint32_t index, sim::Tick t, sim::Tick end,
              std::uint64_t bytes, bool changes_memory);

  const HwConfig* cfg_;
  Hbm* hbm_;
  Fabric* fabric_;
  Cache* cache_;
  trace::OpLog* log_;
  ChannelTally fabric_tally_;
  std::vector<std::uint64_t> scratch_;
  trace::NameId hbm_name_ = 0;
  trace::NameId fabric_name_ = 0;
};

}  // namespace kernbench::hw
