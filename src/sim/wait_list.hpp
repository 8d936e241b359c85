#pragma once
/// @file wait_list.hpp
/// Intrusive doubly-linked lists of waiters. A `Waiter` lives inside the
/// awaiting coroutine's frame (or inside a condition's state), so waiting costs
/// no allocation, and a waiter can leave its list in O(1) when its process is
/// interrupted or destroyed.

#include <cstddef>
#include <cstdint>

namespace kernbench::sim {

class Engine;
class ProcessBase;
struct WaitList;

struct Waiter {
  /// Called when the thing waited for happens; `w` has already been unlinked.
  using WakeFn = void (*)(Engine&, Waiter* w);

  Waiter() = default;
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;
  ~Waiter() { unlink(); }

  bool linked() const { return list != nullptr; }
  inline void unlink();

  Waiter* prev = nullptr;
  Waiter* next = nullptr;
  WaitList* list = nullptr;
  WakeFn wake = nullptr;
  ProcessBase* proc = nullptr;  ///< the waiting process, if any
  std::uint64_t key = 0;        ///< ordering key for priority queues (low first)
};

struct WaitList {
  Waiter* head = nullptr;
  Waiter* tail = nullptr;
  std::size_t size = 0;

  bool empty() const { return head == nullptr; }

  void push_back(Waiter* w) {
    w->list = this;
    w->next = nullptr;
    w->prev = tail;
    if (tail != nullptr) {
      tail->next = w;
    } else {
      head = w;
    }
    tail = w;
    ++size;
  }

  /// Inserts keeping ascending `key` order; equal keys keep arrival order.
  void insert_sorted(Waiter* w) {
    Waiter* at = tail;
    while (at != nullptr && at->key > w->key) at = at->prev;
    if (at == tail) {
      push_back(w);
      return;
    }
    w->list = this;
    w->prev = at;
    w->next = at != nullptr ? at->next : head;
    w->next->prev = w;
    if (at != nullptr) {
      at->next = w;
    } else {
      head = w;
    }
    ++size;
  }

  Waiter* pop_front() {
    Waiter* w = head;
    if (w != nullptr) w->unlink();
    return w;
  }
};

inline void Waiter::unlink() {
  if (list == nullptr) return;
  if (prev != nullptr) {
    prev->next = next;
  } else {
    list->head = next;
  }
  if (next != nullptr) {
    next->prev = prev;
  } else {
    list->tail = prev;
  }
  --list->size;
  list = nullptr;
  prev = next = nullptr;
}

}  // namespace kernbench::sim
