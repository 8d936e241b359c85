#pragma once
/// @file container.hpp
/// `Container<A>`: a level of a continuous or countable quantity between 0 and
/// a capacity (SimPy's Container). `co_await put(x)` waits until the level
/// plus x fits; `co_await get(x)` waits until the level reaches x. Requests
/// are served in arrival order per direction (a large waiting get holds back
/// smaller later gets). Amounts must be > 0 and <= capacity (SimError).

#include <coroutine>
#include <cstdint>
#include <type_traits>

#include "sim/engine.hpp"

namespace kernbench::sim {

namespace detail {

template <class A>
class ContainerCore {
 public:
  struct AmountWaiter : Waiter {
    A amount{};
  };

  ContainerCore(Engine& e, A capacity, A init) : eng_(&e), capacity_(capacity), level_(init) {
    if (!(capacity > A{})) throw SimError("container capacity must be > 0");
    if (init < A{} || init > capacity) {
      throw SimError("container initial level must be between 0 and its capacity");
    }
  }
  Engine& engine() const { return *eng_; }
  A level() const { return level_; }
  A capacity() const { return capacity_; }
  void add_ref() { ++refs_; }
  void release_ref() {
    if (--refs_ == 0) delete this;
  }
  void check_amount(const char* op, A amount) const {
    if (!(amount > A{}) || amount > capacity_) {
      throw SimError(std::string("container.") + op + "(): amount must be > 0 and <= the capacity");
    }
  }
  bool try_put(A amount) {
    if (!putters_.empty() || level_ + amount > capacity_) return false;
    level_ += amount;
    settle();
    return true;
  }
  bool try_get(A amount) {
    if (!getters_.empty() || level_ < amount) return false;
    level_ -= amount;
    settle();
    return true;
  }
  void enqueue_put(AmountWaiter* w) {
    putters_.push_back(w);
    settle();
  }
  void enqueue_get(AmountWaiter* w) {
    getters_.push_back(w);
    settle();
  }

 private:
  void settle() {
    if (eng_->tearing_down()) return;
    bool progress = true;
    while (progress) {
      progress = false;
      if (!getters_.empty()) {
        auto* g = static_cast<AmountWaiter*>(getters_.head);
        if (level_ >= g->amount) {
          level_ -= g->amount;
          g->unlink();
          eng_->wake(g->proc);
          progress = true;
        }
      }
      if (!putters_.empty()) {
        auto* p = static_cast<AmountWaiter*>(putters_.head);
        if (level_ + p->amount <= capacity_) {
          level_ += p->amount;
          p->unlink();
          eng_->wake(p->proc);
          progress = true;
        }
      }
    }
  }

  Engine* eng_;
  std::uint32_t refs_ = 1;
  A capacity_;
  A level_;
  WaitList getters_;
  WaitList putters_;
};

template <class A, bool kPut>
class AmountAwaiter {
 public:
  AmountAwaiter(ContainerCore<A>* core, A amount) : core_(core) {
    core_->check_amount(kPut ? "put" : "get", amount);
    w_.amount = amount;
    core_->add_ref();
  }
  AmountAwaiter(const AmountAwaiter&) = delete;
  AmountAwaiter& operator=(const AmountAwaiter&) = delete;
  ~AmountAwaiter() {
    w_.unlink();
    core_->release_ref();
  }
  bool await_ready() { return kPut ? core_->try_put(w_.amount) : core_->try_get(w_.amount); }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    ProcessBase& self = h.promise();
    w_.proc = &self;
    self.wait_in(&w_);
    if constexpr (kPut) {
      core_->enqueue_put(&w_);
    } else {
      core_->enqueue_get(&w_);
    }
  }
  void await_resume() {
    if (w_.proc != nullptr) w_.proc->check_interrupt();
  }

 private:
  ContainerCore<A>* core_;
  typename ContainerCore<A>::AmountWaiter w_;
};

}  // namespace detail

template <class A = double>
class Container {
 public:
  static_assert(std::is_arithmetic_v<A>, "Container amounts are arithmetic");
  Container(Engine& e, A capacity, A init = A{})
      : core_(new detail::ContainerCore<A>(e, capacity, init)) {}
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;
  ~Container() { core_->release_ref(); }

  A level() const { return core_->level(); }
  A capacity() const { return core_->capacity(); }
  detail::AmountAwaiter<A, true> put(A amount) { return {core_, amount}; }
  detail::AmountAwaiter<A, false> get(A amount) { return {core_, amount}; }

 private:
  detail::ContainerCore<A>* core_;
};

}  // namespace kernbench::sim
