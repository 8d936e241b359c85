#pragma once
/// \file
/// OpLog: the op log of one simulation run. Owns the OpRecords and the
/// StringTable their names point into.
///
/// Contract
/// - append() assigns ids 0, 1, 2, ... in call order and returns the id;
///   O(1): one 160-byte copy plus a few compares; the only allocation is one
///   10 MiB chunk per 65536 records (records never move once appended).
/// - finalize() orders records by t_start; records with equal t_start keep
///   their append order (equivalently: ordered by (t_start, id)). It may be
///   called again after more appends.
/// - by_id() finds a record by id before or after finalize().
/// - wants(level) is the single, inlined branch hot paths test before building
///   a record; append() itself never checks the level.
/// - Times are picoseconds. No global state: two logs never interact.
/// - Operands: OpLog::add_operand stores a record's operands inline while they
///   fit (<= OpRecord::kMaxOperands of rank <= OpRecord::kMaxRank) and moves
///   them all to the log's operand arena otherwise (any count and rank up to
///   255); read them back with shape() / dtype() for either form. The arena
///   costs nothing for records that fit.
/// - Hardware descriptions: set_description() attaches to a record the text
///   of a JSON object describing the command as the hardware model executed
///   it (written by the hw layer; the trace layer stores and prints it
///   verbatim as the JSON Lines field `hw`, docs/trace-format.md). Records
///   without one print no `hw` field.
/// - Not thread-safe: one writer (the simulation thread).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trace/detail/chunked_store.hpp"
#include "trace/op_record.hpp"
#include "trace/string_table.hpp"

namespace kernbench::trace {

/// How much the simulation records. Ordered: a level includes the ones below.
enum class TraceLevel : std::uint8_t {
  off = 0,           ///< Record nothing.
  commands = 1,      ///< One record per hardware command (DMA, GEMM, math, ...).
  transactions = 2,  ///< Also one record per HBM / fabric / cache transaction.
};

/// "off", "commands" or "transactions".
std::string_view to_string(TraceLevel level) noexcept;
/// Parses a level name; throws std::runtime_error listing the valid names.
TraceLevel parse_trace_level(std::string_view name);

class OpLog {
 public:
  /// Largest number of records a log holds (ids and deps are 32-bit inside).
  static constexpr std::size_t kMaxRecords = 0xFFFF'FFFEu;

  explicit OpLog(TraceLevel level = TraceLevel::commands) noexcept : level_(level) {}
  OpLog(const OpLog&) = delete;
  OpLog& operator=(const OpLog&) = delete;
  OpLog(OpLog&&) = default;
  OpLog& operator=(OpLog&&) = default;

  // --- level -----------------------------------------------------------------
  [[nodiscard]] TraceLevel level() const noexcept { return level_; }
  void set_level(TraceLevel level) noexcept { level_ = level; }
  /// True when records of `needed` detail should be produced. Pass
  /// TraceLevel::commands or TraceLevel::transactions.
  [[nodiscard]] bool wants(TraceLevel needed) const noexcept {
    return static_cast<std::uint8_t>(level_) >= static_cast<std::uint8_t>(needed) &&
           needed != TraceLevel::off;
  }

  // --- names -----------------------------------------------------------------
  /// Interns a display name; cache the id on the hot path.
  NameId intern(std::string_view name) { return strings_.intern(name); }
  /// The name with this id (std::out_of_range if unknown).
  [[nodiscard]] std::string_view name(NameId id) const { return strings_.lookup(id); }
  [[nodiscard]] const StringTable& strings() const noexcept { return strings_; }

  // --- records ---------------------------------------------------------------
  /// Pre-allocates room for `n` records (storage grows in 10 MiB chunks of
  /// 65536 records anyway, never copying; reserve only moves the allocations
  /// out of the timed loop).
  void reserve(std::size_t n) { records_.reserve(n); }
  /// Drops all records (ids restart at 0) but keeps the capacity and the
  /// interned names, so cached NameIds stay valid (e.g. between sweep points).
  void clear() noexcept {
    records_.clear();
    operand_arena_.clear();
    descriptions_.clear();
    description_text_.clear();
    pos_of_id_.clear();
    identity_index_ = true;
    in_order_ = true;
    last_start_ = 0;
  }

  /// Stores a copy of `rec` with rec.id set to the next id and returns it.
  /// Throws std::logic_error (naming the record) when the record is malformed:
  /// t_issue > t_start or t_start > t_end, num_deps / num_operands / a rank out
  /// of range, a dep that is not an earlier record, or an unknown name id.
  /// Throws std::runtime_error when the log already holds kMaxRecords.
  OpId append(const OpRecord& rec) {
    const std::size_t n = records_.size();
    if (!well_formed(rec, n)) [[unlikely]]
      reject(rec, n);
    OpRecord& stored = records_.push_back(rec);
    stored.id = n;
    if (!identity_index_) pos_of_id_.push_back(static_cast<std::uint32_t>(n));
    in_order_ &= rec.t_start >= last_start_;
    last_start_ = rec.t_start;
    return n;
  }

  // --- hardware descriptions ---------------------------------------------------
  /// Attaches `json` (the text of one JSON object, written by the hw layer)
  /// to the record with this id, replacing any earlier one. Throws
  /// std::out_of_range for an id not yet appended.
  void set_description(OpId id, std::string_view json);
  /// The description of the record with this id ("" when it has none).
  [[nodiscard]] std::string_view description(OpId id) const noexcept;

  // --- operands ----------------------------------------------------------------
  /// Appends an operand (dims outermost first, elements; dtype code) to `rec`,
  /// which must be the record being built for this log and not yet appended
  /// (its out-of-line operands sit at the arena's end). Throws
  /// std::logic_error beyond 255 operands, a rank above 255, a dimension that
  /// does not fit 32 bits, or for a record whose operands are not the last
  /// ones stored.
  void add_operand(OpRecord& rec, std::span<const std::uint64_t> shape, std::uint8_t dtype_code);
  /// Rank of operand i (< rec.num_operands) of a record of this log.
  [[nodiscard]] std::size_t rank(const OpRecord& rec, std::size_t i) const noexcept;
  /// Dimensions of operand i (< rec.num_operands), outermost first.
  [[nodiscard]] std::span<const std::uint32_t> shape(const OpRecord& rec,
                                                     std::size_t i) const noexcept;
  /// Dtype code of operand i (< rec.num_operands).
  [[nodiscard]] std::uint8_t dtype(const OpRecord& rec, std::size_t i) const noexcept;

  /// Sorts records by t_start, ties in append order. O(n log n) time, 16 bytes
  /// per record of scratch; free when in_time_order() already.
  void finalize();
  /// True when records are in t_start order: after finalize(), or when every
  /// append so far came in non-decreasing t_start order (then finalize() is
  /// free).
  [[nodiscard]] bool in_time_order() const noexcept { return in_order_; }

  [[nodiscard]] std::size_t size() const noexcept { return records_.size(); }
  [[nodiscard]] bool empty() const noexcept { return records_.empty(); }
  using const_iterator = detail::ChunkedStore<OpRecord>::const_iterator;
  /// Records in log order (time order after finalize()); forward iteration.
  [[nodiscard]] const_iterator begin() const noexcept { return records_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return records_.end(); }
  /// Record at position `pos` (< size()) in log order.
  [[nodiscard]] const OpRecord& operator[](std::size_t pos) const noexcept { return records_[pos]; }
  /// The record with this id. Throws std::out_of_range for an unknown id.
  [[nodiscard]] const OpRecord& by_id(OpId id) const;
  /// Position of the record with this id in records() (std::out_of_range).
  [[nodiscard]] std::size_t position_of(OpId id) const;

  /// Heap bytes held: record storage (capacity), id index, string table.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  bool well_formed(const OpRecord& r, std::size_t next_id) const noexcept {
    bool ok = r.t_issue <= r.t_start && r.t_start <= r.t_end;
    ok &= r.num_deps <= OpRecord::kMaxDeps;
    ok &= next_id < kMaxRecords;
    if (r.operands_out_of_line()) [[unlikely]] {
      ok &= arena_offset(r) < operand_arena_.size();
    } else {
      ok &= r.num_operands <= OpRecord::kMaxOperands && ranks_ok(r);
    }
    return ok && deps_ok(r, next_id);
  }
  /// Where an out-of-line record's operands start in the arena.
  static std::size_t arena_offset(const OpRecord& r) noexcept {
    return static_cast<std::size_t>(r.dims[0][0]) | (static_cast<std::size_t>(r.dims[0][1]) << 32);
  }
  /// Arena index of operand i's header word (rank | dtype << 8).
  std::size_t arena_operand(const OpRecord& r, std::size_t i) const noexcept;
  void move_operands_out_of_line(OpRecord& r);
  static bool deps_ok(const OpRecord& r, std::size_t next_id) noexcept {
    for (std::size_t i = 0; i < r.num_deps; ++i) {
      if (r.deps[i] >= next_id) return false;
    }
    return true;
  }
  static bool ranks_ok(const OpRecord& r) noexcept {
    for (std::size_t i = 0; i < r.num_operands; ++i) {
      if (r.rank[i] > OpRecord::kMaxRank) return false;
    }
    return true;
  }
  [[noreturn]] void reject(const OpRecord& rec, std::size_t next_id) const;

  TraceLevel level_;
  bool in_order_ = true;
  std::uint64_t last_start_ = 0;
  // pos_of_id_ is only materialised once a sort actually moved records; until
  // then a record's id is its position.
  bool identity_index_ = true;
  detail::ChunkedStore<OpRecord> records_;
  std::vector<std::uint32_t> pos_of_id_;
  // Out-of-line operands: per record, one header word (rank | dtype << 8) and
  // the dims of each operand in turn.
  std::vector<std::uint32_t> operand_arena_;
  // Hardware descriptions: per record id (offset, length) into the text;
  // ids past the end, and length 0, have none.
  struct TextSpan {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };
  std::vector<TextSpan> descriptions_;
  std::string description_text_;
  StringTable strings_;
};

}  // namespace kernbench::trace
