#include "trace/op_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
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
  if (r.operands_out_of_line() && arena_offset(r) >= operand_arena_.size()) {
    throw std::logic_error(fmt::format("{}: out-of-line operands at {} past the arena's end {}",
                                       what, arena_offset(r), operand_arena_.size()));
  }
  if (!r.operands_out_of_line() && r.num_operands > OpRecord::kMaxOperands) {
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
  for (std::size_t i = 0; i < r.num_operands && !r.operands_out_of_line(); ++i) {
    if (r.rank[i] > OpRecord::kMaxRank) {
      throw std::logic_error(fmt::format("{}: operand {} has rank {}, the maximum is {}", what, i,
                                         r.rank[i], OpRecord::kMaxRank));
    }
  }
  throw std::logic_error(fmt::format("{}: rejected", what));
}

void OpLog::add_operand(OpRecord& r, std::span<const std::uint64_t> shape,
                        std::uint8_t dtype_code) {
  const bool fits = !r.operands_out_of_line() && r.num_operands < OpRecord::kMaxOperands &&
                    shape.size() <= OpRecord::kMaxRank;
  if (fits) {
    r.add_operand(shape, dtype_code);
    return;
  }
  if (r.num_operands == 255 || shape.size() > 255) {
    throw std::logic_error(fmt::format(
        "OpLog::add_operand: a record holds at most 255 operands of rank <= 255 (operand {} has "
        "rank {})",
        r.num_operands, shape.size()));
  }
  if (!r.operands_out_of_line()) move_operands_out_of_line(r);
  const std::size_t end = r.num_operands == 0 ? arena_offset(r)
                                              : arena_operand(r, r.num_operands - 1u) + 1u +
                                                    rank(r, r.num_operands - 1u);
  if (end != operand_arena_.size()) {
    throw std::logic_error(
        "OpLog::add_operand: the record's operands are not the last ones stored (build one "
        "record at a time)");
  }
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] > std::numeric_limits<std::uint32_t>::max()) {
      throw std::logic_error(
          fmt::format("OpLog::add_operand: dimension {} = {} does not fit 32 bits", d, shape[d]));
    }
  }
  operand_arena_.push_back(static_cast<std::uint32_t>(shape.size()) |
                           (static_cast<std::uint32_t>(dtype_code) << 8));
  for (const std::uint64_t d : shape) operand_arena_.push_back(static_cast<std::uint32_t>(d));
  ++r.num_operands;
}

void OpLog::move_operands_out_of_line(OpRecord& r) {
  const std::size_t offset = operand_arena_.size();
  for (std::size_t i = 0; i < r.num_operands; ++i) {
    operand_arena_.push_back(static_cast<std::uint32_t>(r.rank[i]) |
                             (static_cast<std::uint32_t>(r.dtype[i]) << 8));
    for (std::size_t d = 0; d < r.rank[i]; ++d) operand_arena_.push_back(r.dims[i][d]);
  }
  r.dims = {};
  r.rank = {};
  r.dtype = {};
  r.dims[0][0] = static_cast<std::uint32_t>(offset);
  r.dims[0][1] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(offset) >> 32);
  r.flags |= kOperandsOutOfLine;
}

std::size_t OpLog::arena_operand(const OpRecord& r, std::size_t i) const noexcept {
  std::size_t at = arena_offset(r);
  for (std::size_t k = 0; k < i; ++k) at += 1u + (operand_arena_[at] & 0xFFu);
  return at;
}

std::size_t OpLog::rank(const OpRecord& r, std::size_t i) const noexcept {
  if (!r.operands_out_of_line()) return r.rank[i];
  return operand_arena_[arena_operand(r, i)] & 0xFFu;
}

std::span<const std::uint32_t> OpLog::shape(const OpRecord& r, std::size_t i) const noexcept {
  if (!r.operands_out_of_line()) return r.shape(i);
  const std::size_t at = arena_operand(r, i);
  return {operand_arena_.data() + at + 1, operand_arena_[at] & 0xFFu};
}

std::uint8_t OpLog::dtype(const OpRecord& r, std::size_t i) const noexcept {
  if (!r.operands_out_of_line()) return r.dtype[i];
  return static_cast<std::uint8_t>(operand_arena_[arena_operand(r, i)] >> 8);
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

void OpLog::set_description(OpId id, std::string_view json) {
  if (id >= records_.size()) {
    throw std::out_of_range(fmt::format("OpLog::set_description: no record #{} (the log holds {})",
                                        id, records_.size()));
  }
  if (descriptions_.size() <= id) descriptions_.resize(id + 1);
  descriptions_[id] = {description_text_.size(), json.size()};
  description_text_.append(json);
}

std::string_view OpLog::description(OpId id) const noexcept {
  if (id >= descriptions_.size()) return {};
  const TextSpan& s = descriptions_[id];
  return std::string_view(description_text_).substr(s.offset, s.length);
}

std::size_t OpLog::memory_bytes() const noexcept {
  return records_.capacity() * sizeof(OpRecord) + pos_of_id_.capacity() * sizeof(std::uint32_t) +
         operand_arena_.capacity() * sizeof(std::uint32_t) + strings_.memory_bytes() +
         descriptions_.capacity() * sizeof(TextSpan) + description_text_.capacity();
}

}  // namespace kernbench::trace
