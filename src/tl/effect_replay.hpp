#pragma once
/// @file effect_replay.hpp
/// Recomputes data effects described in op-log records (effect_desc.hpp)
/// on a memory image: the engine of `kernbench replay`. Each applied record
/// leaves its result value (a load's tile, a compute op's result, an
/// atomic's old values) for later records to read by id.
///
/// Contract:
/// - apply() evaluates the effect with the data layer's own functions (the
///   ones the live run used), so replaying a log in the order the run's
///   effects started reproduces the run's memory bit for bit.
/// - An input naming a record that has not been applied throws
///   UnappliedInputError (the log reads a value produced by a record that
///   starts after it: a reordered log).
/// - A malformed effect throws std::runtime_error naming `where` and the
///   key ("run.jsonl:12: effect.in[0].view[1]: ..."); a memory access
///   outside the image throws data::OutOfBoundsError's message, prefixed.
/// - Not thread-safe; no global state.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "data/array.hpp"
#include "data/memory_store.hpp"
#include "trace/op_record.hpp"

namespace kernbench::tl {

class UnappliedInputError : public std::runtime_error {
 public:
  UnappliedInputError(const std::string& message, trace::OpId producer)
      : std::runtime_error(message), producer_(producer) {}
  trace::OpId producer() const { return producer_; }

 private:
  trace::OpId producer_;
};

class EffectReplayer {
 public:
  explicit EffectReplayer(data::MemoryStore& memory) : memory_(&memory) {}

  /// Applies the `effect` object of record `id`. `where` prefixes errors.
  void apply(trace::OpId id, const nlohmann::json& effect, const std::string& where);
  /// True once record `id` produced a value.
  bool applied(trace::OpId id) const { return values_.contains(id); }
  /// Drops every value (the memory is kept).
  void clear() { values_.clear(); }

 private:
  data::Array input(const nlohmann::json& effect, std::size_t i, const std::string& where) const;
  bool has_input(const nlohmann::json& effect, std::size_t i) const;
  data::Array value_of(const nlohmann::json& ref, const std::string& key) const;
  data::Array compute(const nlohmann::json& e, const std::string& op, const std::string& where);
  data::Array memory_op(const nlohmann::json& e, const std::string& op, const std::string& where);

  data::MemoryStore* memory_;
  std::unordered_map<trace::OpId, std::shared_ptr<const data::Array>> values_;
};

}  // namespace kernbench::tl
