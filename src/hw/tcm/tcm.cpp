#include "hw/tcm/tcm.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kernbench::hw {

void TcmBuffer::reset() {
  if (b_ != nullptr && --b_->refs == 0) b_->tcm->release(b_);
  b_ = nullptr;
}

TcmBuffer Tcm::try_allocate(std::uint64_t bytes, TcmUsage* usage) {
  if (bytes > capacity_) {
    throw TcmError(fmt::format(
        "a tile of {} bytes does not fit the TCM of PE {} ({} bytes): use smaller tiles or a "
        "larger pe.tcm.size",
        bytes, pe_, capacity_));
  }
  if (!waiters_.empty() || used_ + reserved_ + bytes > capacity_) return TcmBuffer();
  reserved_ += bytes;
  return TcmBuffer(take(bytes, usage));
}

TcmBuffer::Block* Tcm::take(std::uint64_t bytes, TcmUsage* usage) {
  reserved_ -= bytes;
  used_ += bytes;
  peak_ = std::max(peak_, used_);
  if (usage != nullptr) {
    usage->current += bytes;
    usage->peak = std::max(usage->peak, usage->current);
  }
  if (observer_ != nullptr) observer_(observer_ctx_, eng_->now(), used_);
  TcmBuffer::Block* b = free_blocks_;
  if (b != nullptr) {
    free_blocks_ = b->next_free;
    *b = TcmBuffer::Block{this, bytes, 1, usage, nullptr};
  } else {
    b = new TcmBuffer::Block{this, bytes, 1, usage, nullptr};
  }
  return b;
}

Tcm::~Tcm() {
  while (free_blocks_ != nullptr) {
    TcmBuffer::Block* next = free_blocks_->next_free;
    delete free_blocks_;
    free_blocks_ = next;
  }
}

void Tcm::release(TcmBuffer::Block* b) {
  used_ -= b->bytes;
  if (b->usage != nullptr) b->usage->current -= b->bytes;
  b->next_free = free_blocks_;  // blocks are recycled, not freed
  free_blocks_ = b;
  if (observer_ != nullptr) observer_(observer_ctx_, eng_->now(), used_);
  notify();
}

void Tcm::notify() {
  if (eng_->tearing_down()) return;
  // Grant waiters in arrival order while their requests fit; the bytes are
  // reserved now and taken when each waiter resumes.
  while (!waiters_.empty() && used_ + reserved_ + waiters_.head->key <= capacity_) {
    sim::Waiter* w = waiters_.pop_front();
    reserved_ += w->key;
    eng_->wake(w->proc);
  }
}

}  // namespace kernbench::hw
