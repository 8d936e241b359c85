#include "sim/calendar.hpp"

#include <bit>

namespace kernbench::sim {

Calendar::Calendar() : wheel_(kWheel) {}

Tick Calendar::next_wheel_time() const {
  if (wheel_count_ == 0) return kForever;
  // The first occupied bucket after now, circularly: in now's word above
  // now, then (through the summary) in the following words, then wrapping
  // round to now's word below now.
  const std::size_t start = (now_ + 1) & (kWheel - 1);
  const std::size_t word = start >> 6;
  const std::uint64_t here = bits_[word] & (~std::uint64_t{0} << (start & 63));
  std::size_t idx;
  if (here != 0) {
    idx = (word << 6) + static_cast<std::size_t>(std::countr_zero(here));
  } else {
    const std::uint64_t after = word == 63 ? 0 : summary_ & (~std::uint64_t{0} << (word + 1));
    const std::uint64_t words = after != 0 ? after : summary_;
    if (words == 0) return now_;  // only the current bucket is occupied
    const auto w = static_cast<std::size_t>(std::countr_zero(words));
    idx = (w << 6) + static_cast<std::size_t>(std::countr_zero(bits_[w]));
  }
  const std::size_t dist = (idx - start) & (kWheel - 1);
  return now_ + 1 + dist;
}

Tick Calendar::peek() const {
  const Slot& cur = bucket(now_);
  if (cur[0].head != nullptr || cur[1].head != nullptr) return now_;
  const Tick w = next_wheel_time();
  if (w != kForever) return w;
  return heap_.empty() ? kForever : heap_.front().when;
}

Node* Calendar::pop_slow(Tick last) {
  Tick t = next_wheel_time();
  if (t == kForever) {
    if (heap_.empty()) return nullptr;
    t = heap_.front().when;
  }
  if (t > last) return nullptr;
  advance_to(t);
  Slot& cur = bucket(now_);
  return take(cur[0].head != nullptr ? cur[0] : cur[1], cur);
}

void Calendar::advance_to(Tick t) {
  now_ = t;
  migrate();
}

void Calendar::migrate() {
  while (!heap_.empty() && heap_.front().when - now_ < kWheel) {
    const HeapEntry e = pop_heap();
    Node* n = e.node;
    n->next = nullptr;
    List& l = bucket(e.when)[e.key >> 63];
    if (l.tail != nullptr) {
      l.tail->next = n;
    } else {
      l.head = n;
      mark(e.when);
    }
    l.tail = n;
    ++wheel_count_;
  }
}

bool Calendar::cancel(Node* n) {
  if (n->when - now_ < kWheel) {
    Slot& s = bucket(n->when);
    for (List& l : s) {
      Node* prev = nullptr;
      for (Node* it = l.head; it != nullptr; prev = it, it = it->next) {
        if (it != n) continue;
        (prev != nullptr ? prev->next : l.head) = it->next;
        if (l.tail == it) l.tail = prev;
        if (s[0].head == nullptr && s[1].head == nullptr) unmark(n->when);
        --wheel_count_;
        return true;
      }
    }
    return false;
  }
  for (std::size_t i = 0; i < heap_.size(); ++i) {
    if (heap_[i].node != n) continue;
    heap_[i] = heap_.back();
    heap_.pop_back();
    if (i < heap_.size()) {
      // Restore the heap property around i: sift up, then down.
      while (i > 0 && heap_[i] < heap_[(i - 1) / 2]) {
        std::swap(heap_[i], heap_[(i - 1) / 2]);
        i = (i - 1) / 2;
      }
      for (;;) {
        std::size_t c = 2 * i + 1;
        if (c >= heap_.size()) break;
        if (c + 1 < heap_.size() && heap_[c + 1] < heap_[c]) ++c;
        if (!(heap_[c] < heap_[i])) break;
        std::swap(heap_[c], heap_[i]);
        i = c;
      }
    }
    return true;
  }
  return false;
}

void Calendar::push_heap(const HeapEntry& e) {
  heap_.push_back(e);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!(heap_[i] < heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

Calendar::HeapEntry Calendar::pop_heap() {
  HeapEntry top = heap_.front();
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t i = 0;
  for (;;) {
    std::size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap_[c + 1] < heap_[c]) ++c;
    if (!(heap_[c] < last)) break;
    heap_[i] = heap_[c];
    i = c;
  }
  heap_[i] = last;
  return top;
}

}  // namespace kernbench::sim
