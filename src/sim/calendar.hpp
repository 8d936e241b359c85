#pragma once
/// @file calendar.hpp
/// The future event list, ordered by (tick, priority, sequence).
///
/// Structure (docs/adr/0003-calendar.md): a timing wheel of `kWheel` one-tick
/// buckets covers [now, now + kWheel); each bucket holds two intrusive FIFO
/// lists (URGENT, NORMAL), so scheduling and popping there is O(1) with no
/// allocation. Nodes further in the future wait in a binary heap keyed by
/// (tick, priority, sequence) and move into the wheel, in key order, as soon
/// as time advances to within `kWheel` of them; because that move happens
/// before any node of the new tick fires, FIFO order in a bucket equals
/// sequence order and the total order is exactly (tick, priority, sequence).
/// Events at the current tick go to the current bucket: they never touch the
/// heap.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/node.hpp"

namespace kernbench::sim {

class Calendar {
 public:
  static constexpr std::size_t kWheelBits = 12;
  static constexpr Tick kWheel = Tick{1} << kWheelBits;

  Calendar();

  Tick now() const { return now_; }
  bool empty() const { return wheel_count_ == 0 && heap_.empty(); }
  std::size_t size() const { return wheel_count_ + heap_.size(); }

  /// Schedules `n` at absolute time `when` (>= now). O(1) within the wheel,
  /// O(log n) beyond it.
  void schedule(Node* n, Tick when, Priority p) {
    n->when = when;
    n->next = nullptr;
    if (when - now_ < kWheel) {
      List& l = bucket(when)[static_cast<std::size_t>(p)];
      if (l.tail != nullptr) {
        l.tail->next = n;
      } else {
        l.head = n;
        mark(when);
      }
      l.tail = n;
      ++wheel_count_;
    } else {
      push_heap(HeapEntry{when, (static_cast<std::uint64_t>(p) << 63) | seq_++, n});
    }
  }

  /// Time of the next node, or kForever when empty.
  Tick peek() const;

  /// Removes and returns the next node if its time is <= `last`, advancing
  /// now() to that time; otherwise returns nullptr and leaves now() alone.
  Node* pop_until(Tick last) {
    Slot& cur = bucket(now_);
    for (List& l : cur) {
      if (l.head != nullptr) return take(l, cur);
    }
    return pop_slow(last);
  }

  /// Removes a scheduled node that has not fired (O(bucket length) in the
  /// wheel, O(n) in the heap: for rare cancellations such as interrupts).
  /// Returns false if the node was not found.
  bool cancel(Node* n);

  /// Sets now() forward to `t` (> now, and not beyond the next node).
  void advance_to(Tick t);

 private:
  struct List {
    Node* head = nullptr;
    Node* tail = nullptr;
  };
  using Slot = std::array<List, 2>;
  struct HeapEntry {
    Tick when;
    std::uint64_t key;  // priority in the top bit, then sequence
    Node* node;
    bool operator<(const HeapEntry& o) const {
      return when != o.when ? when < o.when : key < o.key;
    }
  };

  Slot& bucket(Tick t) { return wheel_[t & (kWheel - 1)]; }
  const Slot& bucket(Tick t) const { return wheel_[t & (kWheel - 1)]; }
  void mark(Tick t) {
    const std::size_t i = t & (kWheel - 1);
    bits_[i >> 6] |= std::uint64_t{1} << (i & 63);
    summary_ |= std::uint64_t{1} << (i >> 6);
  }
  void unmark(Tick t) {
    const std::size_t i = t & (kWheel - 1);
    bits_[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
    if (bits_[i >> 6] == 0) summary_ &= ~(std::uint64_t{1} << (i >> 6));
  }
  Node* take(List& l, Slot& s) {
    Node* n = l.head;
    l.head = n->next;
    if (l.head == nullptr) {
      l.tail = nullptr;
      if (s[0].head == nullptr && s[1].head == nullptr) unmark(now_);
    }
    --wheel_count_;
    return n;
  }
  Node* pop_slow(Tick last);
  /// Time of the first non-empty bucket after now, or kForever.
  Tick next_wheel_time() const;
  void migrate();
  void push_heap(const HeapEntry& e);
  HeapEntry pop_heap();

  Tick now_ = 0;
  std::uint64_t seq_ = 0;
  std::size_t wheel_count_ = 0;
  std::vector<Slot> wheel_;
  std::array<std::uint64_t, kWheel / 64> bits_{};  // occupied buckets
  std::uint64_t summary_ = 0;                      // bit w: bits_[w] != 0
  static_assert(kWheel / 64 == 64, "one summary word covers the bitmap");
  std::vector<HeapEntry> heap_;  // binary min-heap
};

}  // namespace kernbench::sim
