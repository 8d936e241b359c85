#pragma once
/// @file node.hpp
/// The unit the calendar schedules: an intrusive node with a firing function.
/// Nodes are never owned by the calendar; whoever schedules one keeps it alive
/// until it fires (event states and process promises embed theirs; one-shot
/// wake-ups come from the engine's pool).

#include <cstdint>

#include "sim/time.hpp"

namespace kernbench::sim {

class Engine;

/// Tie order at one tick: every URGENT node fires before any NORMAL node;
/// within a priority, nodes fire in the order they were scheduled.
/// URGENT is used for process starts and interrupts (as in SimPy), so a process
/// created at t begins before ordinary events at t are processed.
enum class Priority : std::uint8_t { urgent = 0, normal = 1 };

struct Node {
  using FireFn = void (*)(Engine&, Node*);
  Node* next = nullptr;
  Tick when = 0;
  FireFn fire = nullptr;
};

}  // namespace kernbench::sim
