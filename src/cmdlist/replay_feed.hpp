#pragma once
/// @file replay_feed.hpp
/// Enqueues recorded commands (op-log records run as a command list) exactly
/// as the run that wrote the log did: in the chip-wide order of queue entries
/// (`queue_seq`), each entering its PE's engine queue at its `t_queue` with
/// its recorded issue time `t_issue` (ADR 0019).
///
/// Contract: one driver walks the commands in queue_seq order and enqueues
/// each at t_queue without waiting. A command whose queue is full (or already
/// has commands waiting for room) gets a process of its own that waits for
/// room, as the program that issued it waited; these enter in queue_seq
/// order. Every command keeps its recorded issue time. The
/// feed must outlive the engine's processes (the executor destroys them
/// first). No CPU time is charged: the recorded times already include it.

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "hw/core/command.hpp"
#include "hw/pe/pe.hpp"
#include "sim/engine.hpp"
#include "sim/process.hpp"

namespace kernbench::cmdlist {

class ReplayFeed {
 public:
  struct Item {
    std::uint64_t queue_seq = 0;
    sim::Tick t_queue = 0;  ///< ps, <= t_issue
    sim::Tick t_issue = 0;  ///< ps
    hw::Pe* pe = nullptr;
    hw::CommandPtr cmd;
  };

  explicit ReplayFeed(sim::Engine& env) : env_(&env) {}
  ReplayFeed(const ReplayFeed&) = delete;
  ReplayFeed& operator=(const ReplayFeed&) = delete;

  void add(Item item) { items_.push_back(std::move(item)); }
  bool empty() const { return items_.empty(); }
  /// Orders the items by queue_seq (ties: file order) and starts the driver.
  void start();

 private:
  /// Commands of one queue waiting for room (processes started, not yet in).
  struct Backlog {
    std::size_t waiting = 0;
  };
  friend sim::Process<> feed_drive(sim::Engine& env, ReplayFeed& feed);
  friend sim::Process<> feed_wait(sim::Engine& env, Item item, Backlog& b);
  void enqueue(Item item);

  sim::Engine* env_;
  std::vector<Item> items_;
  std::map<std::pair<int, int>, Backlog> backlogs_;  // by (PE, engine kind)
};

}  // namespace kernbench::cmdlist
