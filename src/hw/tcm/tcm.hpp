#pragma once
/// @file tcm.hpp
/// A PE's scratchpad (TCM) capacity accounting.
///
/// Contract: `co_await tcm.allocate(bytes)` returns a `TcmBuffer` once `bytes`
/// are free, serving waiters first come, first served (a full TCM blocks the
/// issuing program, as on hardware). A request larger than the whole TCM can
/// never succeed and throws TcmError at once. A TcmBuffer is a shared handle:
/// the bytes return to the TCM when the last copy is destroyed. Occupancy
/// changes can be observed (for the TCM-occupancy counter track).

#include <coroutine>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "sim/engine.hpp"

namespace kernbench::hw {

class TcmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Tcm;

/// Bytes one owner (a program) holds in a TCM, and the most it ever held.
struct TcmUsage {
  std::uint64_t current = 0;
  std::uint64_t peak = 0;
};

/// Shared ownership of an allocated TCM region (bytes only: addresses inside
/// the TCM are not modelled).
class TcmBuffer {
 public:
  TcmBuffer() = default;
  TcmBuffer(const TcmBuffer& o) : b_(o.b_) {
    if (b_ != nullptr) ++b_->refs;
  }
  TcmBuffer(TcmBuffer&& o) noexcept : b_(std::exchange(o.b_, nullptr)) {}
  TcmBuffer& operator=(TcmBuffer o) noexcept {
    std::swap(b_, o.b_);
    return *this;
  }
  ~TcmBuffer() { reset(); }
  void reset();
  std::uint64_t bytes() const { return b_ != nullptr ? b_->bytes : 0; }
  bool valid() const { return b_ != nullptr; }
  /// True when the bytes belong to `t`.
  bool of(const Tcm& t) const { return b_ != nullptr && b_->tcm == &t; }

 private:
  friend class Tcm;
  struct Block {
    Tcm* tcm;
    std::uint64_t bytes;
    std::uint32_t refs;
    TcmUsage* usage;   ///< the owner's tally, or nullptr
    Block* next_free;  ///< the TCM's free list while not in use
  };
  explicit TcmBuffer(Block* b) : b_(b) {}
  Block* b_ = nullptr;
};

class Tcm {
 public:
  /// Called after every change of occupancy with (time, bytes in use).
  using Observer = void (*)(void* ctx, sim::Tick t, std::uint64_t used);

  Tcm(sim::Engine& e, std::uint64_t capacity, int pe) : eng_(&e), capacity_(capacity), pe_(pe) {}
  Tcm(const Tcm&) = delete;
  Tcm& operator=(const Tcm&) = delete;
  ~Tcm();

  std::uint64_t capacity() const { return capacity_; }
  std::uint64_t used() const { return used_; }
  std::uint64_t peak() const { return peak_; }
  std::size_t waiting() const { return waiters_.size; }
  void set_observer(Observer fn, void* ctx) {
    observer_ = fn;
    observer_ctx_ = ctx;
  }

  /// Takes `bytes` now if they are free and nobody waits; else returns an
  /// invalid buffer. Throws TcmError if `bytes` exceeds the capacity.
  /// `usage`, if given, tallies the bytes against their owner until freed.
  TcmBuffer try_allocate(std::uint64_t bytes, TcmUsage* usage = nullptr);

  class AllocAwaiter {
   public:
    AllocAwaiter(Tcm& t, std::uint64_t bytes, TcmUsage* usage)
        : tcm_(&t), bytes_(bytes), usage_(usage) {}
    bool await_ready() {
      buf_ = tcm_->try_allocate(bytes_, usage_);
      return buf_.valid();
    }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      sim::ProcessBase& self = h.promise();
      w_.proc = &self;
      w_.key = bytes_;
      self.wait_in(&w_);
      tcm_->waiters_.push_back(&w_);
    }
    TcmBuffer await_resume() {
      if (w_.proc != nullptr) {
        w_.proc->check_interrupt();
        return TcmBuffer(tcm_->take(bytes_, usage_));
      }
      return std::move(buf_);
    }

   private:
    Tcm* tcm_;
    std::uint64_t bytes_;
    TcmUsage* usage_;
    TcmBuffer buf_;
    sim::Waiter w_;
  };
  /// Waits (FIFO) until `bytes` are free.
  AllocAwaiter allocate(std::uint64_t bytes, TcmUsage* usage = nullptr) {
    return AllocAwaiter(*this, bytes, usage);
  }

 private:
  friend class TcmBuffer;
  TcmBuffer::Block* take(std::uint64_t bytes, TcmUsage* usage);
  void release(TcmBuffer::Block* b);
  void notify();

  sim::Engine* eng_;
  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  std::uint64_t reserved_ = 0;  // granted to woken waiters, not yet taken
  std::uint64_t peak_ = 0;
  int pe_;
  sim::WaitList waiters_;
  TcmBuffer::Block* free_blocks_ = nullptr;
  Observer observer_ = nullptr;
  void* observer_ctx_ = nullptr;
};

}  // namespace kernbench::hw
