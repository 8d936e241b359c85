#pragma once
/// @file process.hpp
/// `Process<T>`: the return type of a process coroutine, and its handle.
///
/// A process coroutine is an ordinary function returning `Process<T>` whose
/// parameters include the `Engine&` (or an object with `engine()` returning
/// it; member coroutines may rely on `*this`). Calling it creates the process:
/// its frame comes from the engine's pool, the engine owns it, and it starts at
/// the current tick in creation order (URGENT). The returned handle may be
/// dropped: the process still runs. `co_await handle` joins it, returning its
/// value or rethrowing its exception.
///
///   Process<int> worker(Engine& env, int n) {
///     co_await env.timeout(n);
///     co_return n * 2;
///   }

#include <concepts>
#include <coroutine>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "sim/engine.hpp"

namespace kernbench::sim {

namespace detail {

template <class A>
Engine* engine_of(A& a) {
  using D = std::remove_cvref_t<A>;
  if constexpr (std::is_base_of_v<Engine, D>) {
    return &a;
  } else if constexpr (std::is_pointer_v<D> && requires {
                         { a->engine() } -> std::convertible_to<Engine&>;
                       }) {
    return &a->engine();
  } else if constexpr (requires {
                         { a.engine() } -> std::convertible_to<Engine&>;
                       }) {
    return &a.engine();
  } else {
    return nullptr;
  }
}

template <class A>
constexpr bool has_engine = std::is_base_of_v<Engine, std::remove_cvref_t<A>> || requires(A& a) {
  { a.engine() } -> std::convertible_to<Engine&>;
}
|| requires(A& a) {
  { a->engine() } -> std::convertible_to<Engine&>;
};

template <class... A>
Engine& find_engine(A&... args) {
  static_assert((has_engine<A> || ...),
                "a process coroutine needs an Engine& (or an object with engine()) among its "
                "parameters");
  Engine* e = nullptr;
  ((e = e != nullptr ? e : engine_of(args)), ...);
  return *e;
}

/// Frames carry their size class's pool in a header so delete can find it.
struct FrameHeader {
  Pool* pool;
  std::size_t pad;  // keeps the frame 16-byte aligned
};

inline void* allocate_frame(Engine& e, std::size_t n) {
  void* raw = e.pool().allocate(n + sizeof(FrameHeader));
  auto* h = static_cast<FrameHeader*>(raw);
  h->pool = &e.pool();
  return h + 1;
}

inline void free_frame(void* p, std::size_t n) {
  auto* h = static_cast<FrameHeader*>(p) - 1;
  h->pool->deallocate(h, n + sizeof(FrameHeader));
}

template <class T>
struct ValueSlot {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
};
template <>
struct ValueSlot<void> {
  void return_void() {}
};

}  // namespace detail

template <class T = void>
class Process {
 public:
  struct promise_type : ProcessBase, detail::ValueSlot<T> {
    template <class... A>
    explicit promise_type(A&... args) : ProcessBase(detail::find_engine(args...)) {}

    template <class... A>
    static void* operator new(std::size_t n, A&... args) {
      return detail::allocate_frame(detail::find_engine(args...), n);
    }
    static void operator delete(void* p, std::size_t n) { detail::free_frame(p, n); }

    Process get_return_object() {
      set_handle(std::coroutine_handle<promise_type>::from_promise(*this));
      return Process(this);
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        h.promise().on_finish();  // may destroy the frame: touch nothing after
      }
      void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() { set_error(std::current_exception()); }
  };

  Process() = default;
  Process(const Process& o) : p_(o.p_) {
    if (p_ != nullptr) p_->add_ref();
  }
  Process(Process&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Process& operator=(Process o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Process() {
    if (p_ != nullptr) p_->release_ref();
  }

  bool valid() const { return p_ != nullptr; }
  ProcessBase& base() const { return *p_; }
  bool finished() const { return p_->finished(); }
  std::string name() const { return p_->name(); }
  /// Names the process for error messages; returns *this for chaining.
  Process& named(std::string n) {
    p_->set_name(std::move(n));
    return *this;
  }
  void interrupt(std::any cause = {}) { p_->interrupt(std::move(cause)); }

  /// The return value of a finished process (rethrows its failure).
  decltype(auto) value() const {
    if (!p_->finished()) throw SimError("process '" + p_->name() + "' has not finished");
    if (p_->error()) std::rethrow_exception(p_->error());
    if constexpr (!std::is_void_v<T>) return (*p_->value);
  }

  /// Joining: `co_await proc`.
  struct Awaiter {
    promise_type* target;
    Waiter w;
    bool await_ready() const noexcept { return target->finished(); }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      ProcessBase& self = h.promise();
      w.proc = &self;
      w.wake = [](Engine& e, Waiter* wt) {
        wt->proc->clear_wait();
        e.resume(wt->proc);
      };
      target->joiners().push_back(&w);
      self.wait_in(&w);
    }
    T await_resume() {
      if (w.proc != nullptr) w.proc->check_interrupt();
      if (target->error()) std::rethrow_exception(target->error());
      if constexpr (!std::is_void_v<T>) return *target->value;
    }
  };
  Awaiter operator co_await() const { return Awaiter{p_, {}}; }

 private:
  explicit Process(promise_type* p) : p_(p) { p_->add_ref(); }
  promise_type* p_ = nullptr;
};

}  // namespace kernbench::sim
