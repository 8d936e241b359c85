#pragma once
/// @file issue_order.hpp
/// The chip-wide order of commands, shared by every PE of a chip: the place
/// each command takes when it enters its engine queue (queue_seq), the place
/// it takes when its engine takes it and computes its timing (start_seq),
/// and, for a replay in a recorded order (Command::turn), whose turn it is.
///
/// Contract: both sequences start at 0 and grow by one per call; turns pass
/// strictly in increasing order from 0, with at most one waiter per turn. No
/// simulated time is involved: the order is that of the calls.

#include <cstdint>
#include <map>

#include "sim/engine.hpp"
#include "sim/event.hpp"

namespace kernbench::hw {

class IssueOrder {
 public:
  explicit IssueOrder(sim::Engine& engine) : engine_(&engine) {}
  IssueOrder(const IssueOrder&) = delete;
  IssueOrder& operator=(const IssueOrder&) = delete;

  /// The next place in the order in which commands enter their engine
  /// queues (0, 1, 2, ...).
  std::uint64_t next_queue_seq() { return queue_seq_++; }
  /// The next place in the order in which engines take commands and compute
  /// their timing.
  std::uint64_t next_start_seq() { return start_seq_++; }

  /// True when `turn` may compute its timing now (every lower turn has).
  bool has_turn(std::uint64_t turn) const { return turn == next_turn_; }
  /// An event processed when `turn` may go (call only when !has_turn(turn)).
  /// Throws std::logic_error when another command already waits for `turn`.
  sim::Event<> wait_turn(std::uint64_t turn);
  /// The current turn has computed its timing: the next may go.
  void pass_turn();

 private:
  sim::Engine* engine_;
  std::uint64_t queue_seq_ = 0;
  std::uint64_t start_seq_ = 0;
  std::uint64_t next_turn_ = 0;
  std::map<std::uint64_t, sim::Event<>> turn_waiters_;
};

}  // namespace kernbench::hw
