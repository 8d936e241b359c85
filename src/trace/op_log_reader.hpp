#pragma once
/// \file
/// Reads an op log written as JSON Lines (export_jsonl.hpp) back: the
/// records in file order, with the replay data a run with memory images
/// adds (docs/trace-format.md, "Replay data"): `alloc` lines naming the
/// allocations, and each record's `effect` object.
///
/// Contract
/// - Every non-blank line is one JSON object: an allocation line (it has the
///   key "alloc") or a record (it has "id"). Keys the reader does not know
///   are ignored, so newer writers that add fields stay readable.
/// - A record needs id, kind, t_issue, t_start and t_end (unsigned integers,
///   times in ps, t_issue <= t_start <= t_end); pe, program, src_addr,
///   dst_addr, bytes, flops, changes_memory, deps, name and unit are read
///   when present. `effect` is kept as JSON (null when absent).
/// - Records are returned in file order, not sorted: whether the file is in
///   t_start order is for the caller to judge.
/// - Errors are OpLogReadError: "FILE:LINE: KEY: what was expected" (or
///   "FILE:LINE: " and the JSON parser's reason). A missing file names it.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trace/op_record.hpp"

namespace kernbench::trace {

class OpLogReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An `alloc` line: one tensor of the run's global memory.
struct LoggedAllocation {
  std::string name;
  std::uint64_t base = 0;  ///< byte address
  std::uint8_t dtype = 0;  ///< the data layer's dtype code
  std::vector<std::uint64_t> shape;
  std::size_t line = 0;  ///< 1-based line in the file
};

/// One record line.
struct LoggedRecord {
  OpId id = 0;
  std::int32_t pe = kChipLevel;
  Unit unit = Unit::cpu;
  OpKind kind = OpKind::Barrier;
  std::string name;
  std::int64_t program = kNoProgram;
  std::uint64_t t_issue = 0, t_start = 0, t_end = 0;  ///< ps
  std::uint64_t src_addr = 0, dst_addr = 0, bytes = 0, flops = 0;
  bool changes_memory = false;
  std::vector<OpId> deps;
  nlohmann::json effect;  ///< the data effect, or null
  std::size_t line = 0;   ///< 1-based line in the file
};

struct LoggedRun {
  std::string path;
  std::vector<LoggedAllocation> allocations;
  std::vector<LoggedRecord> records;  ///< file order
};

/// Reads `path`. Throws OpLogReadError.
LoggedRun read_oplog_jsonl(const std::string& path);

}  // namespace kernbench::trace
