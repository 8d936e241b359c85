#pragma once
/// \file
/// One `kernbench replay OPLOG.jsonl --memory INITIAL.npz [--verify
/// REFS.npz]`: rebuild the global memory from the initial image at the
/// addresses the op log's `alloc` lines give, recompute every record's data
/// effect in t_start order (tl::EffectReplayer), and compare the result
/// with the references.
///
/// Ordering: the log must list records in t_start order, and every value a
/// record reads (its `deps`, its effect's inputs) must come from a record
/// that starts earlier. Each violation is reported with the lines and ids
/// involved ("flagging a reordered log"); the replay itself runs in
/// (t_start, line) order and stops at the first input that has not been
/// produced.
///
/// Errors: ReplayInputError (a std::runtime_error) for bad input files —
/// unreadable or malformed log or image, an allocation the image lacks, a
/// dtype or shape that differs — naming the file and the line or array.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/verify.hpp"

namespace kernbench::app {

class ReplayInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplayRequest {
  std::string oplog;
  std::string memory;
  std::optional<std::string> verify;
};

/// A record out of order, or reading a value of a later-starting record.
struct OrderIssue {
  std::size_t line = 0;
  std::uint64_t id = 0;
  std::string message;
};

struct ArrayComparison {
  std::string name;
  data::VerifyResult result;
};

struct ReplayOutcome {
  ReplayRequest request;
  std::size_t records = 0;
  std::size_t effects = 0;  ///< records with a data effect
  std::size_t allocations = 0;
  std::vector<OrderIssue> order;
  bool complete = true;                 ///< every effect was applied
  std::string stopped;                  ///< why not, when !complete
  std::vector<ArrayComparison> arrays;  ///< --verify: one per reference array
  std::vector<std::string> unchecked;   ///< allocations the references lack

  /// In order, complete, and every compared array within tolerance.
  bool ok() const;
};

ReplayOutcome run_replay(const ReplayRequest& req);

}  // namespace kernbench::app
