#pragma once
/// @file engine.hpp
/// The discrete-event engine: a calendar of nodes ordered by (tick, priority,
/// sequence), processes as C++20 coroutines, and SimPy's vocabulary.
///
/// Contract:
/// - Time is integer picoseconds (`Tick`); `now()` never decreases.
/// - Same inputs give the same order of events, always (no addresses, hashes
///   or wall-clock time influence ordering).
/// - The engine owns every process frame: a frame is destroyed when its
///   process has finished and no `Process` handle refers to it, and every
///   frame still alive is destroyed with the engine (locals' destructors run).
///   Process/Event handles and resources must not outlive their engine.
/// - A process that fails with nobody joined on it, and an event that fails
///   with nobody waiting, make `run()`/`step()` throw `ProcessError` naming the
///   process (or event) and the tick.
/// - Hot path: scheduling and firing allocate nothing from the system heap
///   (pooled nodes and frames) and use no std::function.

#include <atomic>
#include <concepts>
#include <cstdint>
#include <exception>

#include "sim/calendar.hpp"
#include "sim/errors.hpp"
#include "sim/pool.hpp"
#include "sim/process_base.hpp"
#include "sim/time.hpp"

namespace kernbench::sim {

/// The value of an event that carries none.
struct Unit {
  bool operator==(const Unit&) const = default;
};

template <class T>
class TimeoutAwaiter;
template <class T>
class Event;
class EventBase;

class Engine {
 public:
  Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  Tick now() const { return cal_.now(); }

  /// Runs until no event is left.
  void run();
  /// Runs every event before `until`, then sets now() to `until`. Events at
  /// exactly `until` stay pending. Throws SimError if `until` < now(), and
  /// if a signed `until` is negative (it would otherwise wrap to ~2^64).
  template <std::integral U>
  void run(U until) {
    run_until(checked_until(until, "run"));
  }
  /// Processes every event before `until` but, unlike run(until), leaves
  /// now() at the last event processed (a budget, not a stop time).
  template <std::integral U>
  void run_before(U until) {
    run_before_tick(checked_until(until, "run_before"));
  }
  /// Runs until `e` has been processed and returns its value (rethrows its
  /// failure). Throws SimError if the calendar empties first.
  /// Same-tick rule (differs from SimPy on purpose): processing `e` resumes
  /// its waiters synchronously, before run() returns; SimPy's run(until=e)
  /// stops before the waiters' callbacks run. Other events at e's tick stay
  /// pending, as in SimPy.
  template <class T>
  T run(const Event<T>& e);
  /// Destroys every live process frame now (as the destructor does), e.g.
  /// before the objects those processes refer to go away, and releases the
  /// state of every triggered event not yet processed (its value and
  /// exception are freed: nothing pending leaks). The engine can not run
  /// processes afterwards.
  void destroy_processes();
  /// Processes exactly one node; false when there was none.
  bool step();
  /// Time of the next event, or kForever.
  Tick peek() const { return cal_.peek(); }
  /// Number of nodes fired so far.
  std::uint64_t steps() const { return steps_; }
  /// Polls `flag` (null: none) while running: within kStopPollSteps events
  /// of it becoming non-zero, run()/run_before()/step() throw `Stopped`
  /// between two events. The engine only reads the flag; whoever owns it
  /// (the CLI's signal handler) sets it.
  void set_stop_flag(const std::atomic<int>* flag) { stop_ = flag; }
  static constexpr std::uint64_t kStopPollSteps = 1024;

  /// Awaitable that resumes the process after `delay` ps (0 allowed: it then
  /// resumes after the events already scheduled at this tick).
  template <std::integral D>
  TimeoutAwaiter<Unit> timeout(D delay);
  /// As above, and `co_await` returns `value`.
  template <std::integral D, class T>
  TimeoutAwaiter<T> timeout(D delay, T value);

  /// A new untriggered event.
  template <class T = Unit>
  Event<T> event();
  /// An event already triggered with `value`, processed after `delay`
  /// (usable in all_of / any_of).
  template <std::integral D, class T = Unit>
  Event<T> timeout_event(D delay, T value = T{});

  /// The process currently executing, or nullptr between events.
  ProcessBase* active_process() const { return active_; }
  /// Live process frames (running, waiting, or finished but still referenced).
  std::size_t live_processes() const { return live_; }
  /// Bytes held by the engine's pools.
  std::size_t pool_bytes() const { return pool_.reserved_bytes(); }

  // ---- extension interface (used by events, resources, stores) ---------
  Pool& pool() { return pool_; }
  /// Schedules `n` to fire at now() + delay.
  void schedule(Node* n, Tick delay, Priority p = Priority::normal) {
    cal_.schedule(n, now() + delay, p);
  }
  /// Schedules a wake-up of `p` at now() + delay.
  void wake(ProcessBase* p, Tick delay = 0, Priority prio = Priority::normal);
  /// Resumes `p` now, synchronously. Only from a node's fire function.
  void resume(ProcessBase* p) {
    ProcessBase* const outer = active_;
    active_ = p;
    p->handle().resume();
    active_ = outer;
  }
  /// Withdraws a scheduled wake-up so it neither fires nor advances time.
  void cancel_wake(ResumeNode* n) {
    if (cal_.cancel(n)) {
      pool_.deallocate(n, sizeof(ResumeNode));
    } else {
      n->proc = nullptr;  // not in the calendar (firing now): just disarm it
    }
  }
  /// Triggered-but-unprocessed events, so that teardown can release them
  /// (EventBase::trigger / fire_event keep this list).
  void track_triggered(EventBase* e);
  void untrack_triggered(EventBase* e);
  /// Records a failure nobody handled; run()/step() rethrow it.
  void fail(std::exception_ptr original, const std::string& who);
  /// True while the engine destroys its frames: nothing new is scheduled.
  bool tearing_down() const { return tearing_down_; }
  /// Validates a user-supplied delay and returns it as ticks.
  template <std::integral D>
  Tick checked_delay(D delay) const {
    if constexpr (std::is_signed_v<D>) {
      if (delay < 0) throw_negative_delay(static_cast<std::int64_t>(delay));
    }
    const auto d = static_cast<Tick>(delay);
    if (d > kForever - now()) throw_delay_overflow(d);
    return d;
  }

 private:
  friend class ProcessBase;
  static void fire_resume(Engine& e, Node* n);
  void run_until_inclusive(Tick last);
  void run_until(Tick until);
  void run_before_tick(Tick until);
  template <std::integral U>
  Tick checked_until(U until, const char* op) const {
    if constexpr (std::is_signed_v<U>) {
      if (until < 0) throw_negative_until(static_cast<std::int64_t>(until), op);
    }
    return static_cast<Tick>(until);
  }
  [[noreturn]] void throw_negative_until(std::int64_t until, const char* op) const;
  [[noreturn]] void throw_torn_down() const;
  [[noreturn]] void rethrow_failure();
  void poll_stop() const {
    if (stop_ != nullptr && (steps_ % kStopPollSteps) == 0) [[unlikely]]
      check_stop();
  }
  void check_stop() const;
  [[noreturn]] void throw_negative_delay(std::int64_t d) const;
  [[noreturn]] void throw_delay_overflow(Tick d) const;
  void link(ProcessBase* p);
  void unlink(ProcessBase* p);

  Pool pool_;  // first member: destroyed last, after every frame and node
  Calendar cal_;
  ProcessBase* processes_ = nullptr;
  EventBase* triggered_ = nullptr;  // head of the triggered-events list
  ProcessBase* active_ = nullptr;
  std::exception_ptr failure_;
  const std::atomic<int>* stop_ = nullptr;
  std::uint64_t steps_ = 0;
  std::uint64_t next_id_ = 0;
  std::size_t live_ = 0;
  bool tearing_down_ = false;
};

/// Awaitable returned by Engine::timeout.
template <class T>
class TimeoutAwaiter {
 public:
  TimeoutAwaiter(Engine& e, Tick delay, T value)
      : eng_(&e), delay_(delay), value_(std::move(value)) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    proc_ = &h.promise();
    eng_->wake(proc_, delay_);
  }
  T await_resume() {
    proc_->check_interrupt();
    return std::move(value_);
  }

 private:
  Engine* eng_;
  Tick delay_;
  ProcessBase* proc_ = nullptr;
  T value_;
};

template <std::integral D>
TimeoutAwaiter<Unit> Engine::timeout(D delay) {
  return TimeoutAwaiter<Unit>(*this, checked_delay(delay), Unit{});
}

template <std::integral D, class T>
TimeoutAwaiter<T> Engine::timeout(D delay, T value) {
  return TimeoutAwaiter<T>(*this, checked_delay(delay), std::move(value));
}

inline void Engine::wake(ProcessBase* p, Tick delay, Priority prio) {
  auto* n = static_cast<ResumeNode*>(pool_.allocate(sizeof(ResumeNode)));
  n->fire = &Engine::fire_resume;
  n->proc = p;
  p->wait_on(n);
  cal_.schedule(n, now() + delay, prio);
}

}  // namespace kernbench::sim
