#pragma once
/// @file replay.hpp
/// The replay executor (the original design's second pass): every data
/// effect of a live run is recorded with its command's start time; replaying
/// them in t_start order on a copy of the initial memory must reproduce the
/// live run's memory. The live run applies effects when commands complete,
/// in simulated-time order; a difference therefore exposes an ordering race
/// between programs (e.g. a load that starts before another program's store
/// to the same address completes), and the report names the ops that wrote
/// the differing bytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/memory_store.hpp"
#include "sim/time.hpp"
#include "tl/data_env.hpp"
#include "trace/op_record.hpp"

namespace kernbench::tl {

struct ReplayEntry {
  sim::Tick t_start = 0;
  std::uint64_t seq = 0;  ///< completion order in the live run
  trace::OpId record = ~trace::OpId{0};
  std::string op;     ///< e.g. "store"
  std::string where;  ///< kernel, program and PE
  std::function<void(DataEnv&)> apply;
  /// Addresses this effect writes (stores, atomics), for attribution.
  std::shared_ptr<const std::vector<std::uint64_t>> writes;
  std::uint64_t elem_bytes = 0;
};

struct ReplayMismatch {
  std::string allocation;
  std::uint64_t address = 0;  ///< first differing byte
  std::uint64_t differing_bytes = 0;
  std::vector<std::string> writers;  ///< ops that wrote that element
};

struct ReplayReport {
  bool matches = true;
  std::size_t ops = 0;
  std::vector<ReplayMismatch> mismatches;
  std::string to_string() const;
};

class ReplayLog {
 public:
  /// Copies the memory as it is before the first launch (once).
  void snapshot(const data::MemoryStore& mem);
  bool has_snapshot() const { return initial_.has_value(); }
  void add(ReplayEntry e);
  std::size_t size() const { return entries_.size(); }
  /// Replays in (t_start, seq) order and compares with `live`.
  ReplayReport replay(const data::MemoryStore& live) const;

 private:
  std::optional<data::MemoryStore> initial_;
  std::vector<ReplayEntry> entries_;
};

}  // namespace kernbench::tl
