#include "trace/op_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace kernbench::trace {

std::string_view to_string(TraceLevel level) noexcept {
  switch (level) {
    case TraceLevel::off:
      return "off";
    case TraceLevel::commands:
      return "commands";
    case TraceLevel::transactions:
      return "transactions";
  }
  return "unknown";
}

TraceLevel parse_trace_level(std::string_view name) {
  for (auto l : {TraceLevel::off, TraceLevel::commands, TraceLevel::transactions}) {
    if (to_string(l) == name) return l;
  }
  throw std::runtime_error(
      fmt::format("unknown trace level '{}': expected one of off, commands, transactions", name));
}

void OpLog::reject(const OpRecord& r, std::size_t next_id) const {
  if (next_id >= kMaxRecords) {
    throw std::runtime_error(
        fmt::format("op log is full ({} records, {} GiB); lower the trace level", kMaxRecords,
                    (kMaxRecords * sizeof(OpRecord)) >> 30));
  }
  const std::string what = fmt::format(
      "OpLog::append: record #{} ({} {} '{}' on pe {})", next_id, to_string(r.unit),
      to_string(r.kind), r.name < strings_.size() ? strings_.lookup(r.name) : "?", r.pe);
  if (r.t_issue > r.t_start || r.t_start > r.t_end) {
    throw std::logic_error(
        fmt::format("{}: times must satisfy t_issue <= t_start <= t_end, got {} / {} / {} ps", what,
                    r.t_issue, r.t_start, r.t_end));
  }
  if (r.num_deps > OpRecord::kMaxDeps) {
    throw std::logic_error(
        fmt::format("{}: num_deps {} exceeds {}", what, r.num_deps, OpRecord::kMaxDeps));
  }
  if (r.num_operands > OpRecord::kMaxOperands) {
    throw std::logic_error(fmt::format("{}: num_operands {} exceeds {}", what, r.num_operands,
                                       OpRecord::kMaxOperands));
  }
  for (std::size_t i = 0; i < r.num_deps; ++i) {
    if (r.deps[i] >= next_id) {
      throw std::logic_error(
          fmt::format("{}: dep {} is not an earlier record (producers must be appended first)",
                      what, r.deps[i]));
    }
  }
  for (std::size_t i = 0; i < r.num_operands; ++i) {
    if (r.rank[i] > OpRecord::kMaxRank) {
      throw std::logic_error(fmt::format("{}: operand {} has rank {}, the maximum is {}", what, i,
                                         r.rank[i], OpRecord::kMaxRank));
    }
  }
  throw std::logic_error(fmt::format("{}: rejected", what));
}

void OpLog::finalize() {
  // append() tracks whether t_start never decreased; then there is nothing to do.
  if (in_order_) return;
  const std::size_t n = records_.size();

  // Sort 16-byte keys rather than 160-byte records, then move each record
  // once. Position breaks ties: it equals append order among equal t_start
  // (a previous finalize left ties in id order, later appends have larger
  // ids), so std::sort on unique keys gives the stable order.
  struct Key {
    std::uint64_t t;
    std::uint32_t pos;
  };
  std::vector<Key> keys(n);
  for (std::size_t i = 0; i < n; ++i)
    keys[i] = {records_[i].t_start, static_cast<std::uint32_t>(i)};
  std::sort(keys.begin(), keys.end(),
            [](const Key& a, const Key& b) { return a.t != b.t ? a.t < b.t : a.pos < b.pos; });

  // Apply the permutation in place, cycle by cycle: new position i takes the
  // record at keys[i].pos. A visited key is marked by pos == its own index.
  for (std::size_t i = 0; i < n; ++i) {
    if (keys[i].pos == i) continue;
    OpRecord tmp = records_[i];
    std::size_t j = i;
    while (true) {
      const std::size_t src = keys[j].pos;
      keys[j].pos = static_cast<std::uint32_t>(j);
      if (src == i) {
        records_[j] = tmp;
        break;
      }
      records_[j] = records_[src];
      j = src;
    }
  }

  pos_of_id_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    pos_of_id_[records_[i].id] = static_cast<std::uint32_t>(i);
  }
  identity_index_ = false;
  in_order_ = true;
  last_start_ = records_.back().t_start;
}

std::size_t OpLog::position_of(OpId id) const {
  if (id >= records_.size()) {
    throw std::out_of_range(
        fmt::format("OpLog: no record with id {} (log holds {} records)", id, records_.size()));
  }
  return identity_index_ ? static_cast<std::size_t>(id) : pos_of_id_[id];
}

const OpRecord& OpLog::by_id(OpId id) const {
  return records_[position_of(id)];
}

std::size_t OpLog::memory_bytes() const noexcept {
  return records_.capacity() * sizeof(OpRecord) + pos_of_id_.capacity() * sizeof(std::uint32_t) +
         strings_.memory_bytes();
}

}  // namespace kernbench::trace
