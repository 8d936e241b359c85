#pragma once
/// @file event.hpp
/// `Event<T>`: a one-shot occurrence carrying a value of type T (default Unit),
/// with any number of waiters; and the conditions `all_of` / `any_of` (also
/// written `a & b`, `a | b`).
///
/// Lifecycle (as SimPy): pending -> triggered (succeed/fail: scheduled at the
/// current tick, NORMAL) -> processed (waiters resumed, in the order they
/// began waiting). Triggering twice is a SimError. An event that fails while
/// nobody waits on it makes run() throw, unless it was `defuse()`d.
/// `Event` is a cheap ref-counted handle; the state lives in the engine's pool.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/engine.hpp"

namespace kernbench::sim {

class EventBase : public Node {
 public:
  enum class State : std::uint8_t { pending, triggered, processed };

  explicit EventBase(Engine& e) : eng_(&e) { fire = &EventBase::fire_event; }
  EventBase(const EventBase&) = delete;
  EventBase& operator=(const EventBase&) = delete;
  virtual ~EventBase() = default;

  Engine& engine() const { return *eng_; }
  State state() const { return state_; }
  bool triggered() const { return state_ != State::pending; }
  bool processed() const { return state_ == State::processed; }
  bool ok() const { return error_ == nullptr; }
  const std::exception_ptr& error() const { return error_; }
  WaitList& waiters() { return waiters_; }

  void add_ref() { ++refs_; }
  void release_ref() {
    if (--refs_ == 0) destroy();
  }
  /// Marks a failure as handled even if nobody waits for it.
  void defuse() { defused_ = true; }

  /// Fails the event with `e`; waiters get it rethrown at their co_await.
  void fail(std::exception_ptr e, Tick delay = 0);

 protected:
  void check_pending(const char* op) const;
  /// Schedules processing after `delay`; keeps the state alive until then.
  void trigger(Tick delay) {
    state_ = State::triggered;
    add_ref();
    eng_->track_triggered(this);
    eng_->schedule(this, delay, Priority::normal);
  }
  virtual void destroy() = 0;

 private:
  static void fire_event(Engine& e, Node* n);
  friend class Engine;  // the triggered list

  Engine* eng_;
  EventBase* trig_prev_ = nullptr;  // Engine's list of triggered, unprocessed events
  EventBase* trig_next_ = nullptr;
  std::uint32_t refs_ = 0;
  State state_ = State::pending;
  bool defused_ = false;
  std::exception_ptr error_;
  WaitList waiters_;
};

template <class T>
class EventState : public EventBase {
 public:
  using EventBase::EventBase;
  static EventState* make(Engine& e) {
    void* mem = e.pool().allocate(sizeof(EventState));
    return new (mem) EventState(e);
  }
  template <class U>
  void succeed(U&& v, Tick delay = 0) {
    check_pending("succeed");
    value_.emplace(std::forward<U>(v));
    trigger(delay);
  }
  const T& value() const { return *value_; }
  bool has_value() const { return value_.has_value(); }

 protected:
  void destroy() override {
    Engine& e = engine();
    this->~EventState();
    e.pool().deallocate(this, sizeof(EventState));
  }

 private:
  std::optional<T> value_;
};

template <class T = Unit>
class Event {
 public:
  using value_type = T;

  Event() = default;
  explicit Event(EventState<T>* s) : s_(s) {
    if (s_ != nullptr) s_->add_ref();
  }
  Event(const Event& o) : Event(o.s_) {}
  Event(Event&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Event& operator=(Event o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Event() {
    if (s_ != nullptr) s_->release_ref();
  }

  bool valid() const { return s_ != nullptr; }
  bool triggered() const { return s_->triggered(); }
  bool processed() const { return s_->processed(); }
  /// Asks the host to fetch the event's state into its caches ahead of a
  /// test such as processed(); no effect on the simulation.
  void prefetch() const { __builtin_prefetch(s_); }
  bool ok() const { return s_->ok(); }
  EventState<T>& state() const { return *s_; }
  bool operator==(const Event& o) const { return s_ == o.s_; }

  /// Triggers the event with `v`, processed at now() + delay.
  template <class U = T>
  void succeed(U&& v = U{}, Tick delay = 0) {
    s_->succeed(std::forward<U>(v), delay);
  }
  /// Triggers the event as failed with `e`.
  void fail(std::exception_ptr e) { s_->fail(std::move(e)); }
  template <class E>
  void fail(E e) {
    s_->fail(std::make_exception_ptr(std::move(e)));
  }
  void defuse() { s_->defuse(); }
  /// The value of a processed, successful event (rethrows a failure).
  const T& value() const {
    if (!s_->processed()) throw SimError("event value read before the event was processed");
    if (!s_->ok()) std::rethrow_exception(s_->error());
    return s_->value();
  }

  struct Awaiter {
    Event ev;
    Waiter w;
    bool await_ready() const noexcept { return ev.s_->processed(); }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      ProcessBase& self = h.promise();
      w.proc = &self;
      w.wake = [](Engine& e, Waiter* wt) {
        wt->proc->clear_wait();
        e.resume(wt->proc);
      };
      ev.s_->waiters().push_back(&w);
      self.wait_in(&w);
    }
    T await_resume() {
      if (w.proc != nullptr) w.proc->check_interrupt();
      return ev.value();
    }
  };
  Awaiter operator co_await() const { return Awaiter{*this, {}}; }

 private:
  EventState<T>* s_ = nullptr;
};

template <class T>
Event<T> Engine::event() {
  return Event<T>(EventState<T>::make(*this));
}

template <std::integral D, class T>
Event<T> Engine::timeout_event(D delay, T value) {
  Event<T> e = event<T>();
  e.state().succeed(std::move(value), checked_delay(delay));
  return e;
}

template <class T>
T Engine::run(const Event<T>& e) {
  while (!e.processed()) {
    if (!step()) {
      throw SimError(fmt::format(
          "run(until=event): no events left at t={} ps and the event was never triggered", now()));
    }
  }
  return e.value();
}

}  // namespace kernbench::sim
