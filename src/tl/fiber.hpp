#pragma once
/// @file fiber.hpp
/// A stackful fiber (Boost.Context) running one kernel program. The runner's
/// driver process resumes it; the program yields back whenever it must wait
/// for simulated time. An exception escaping the body is captured and
/// reported by `error()` after the fiber finishes.

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include <exception>
#include <functional>
#include <vector>

namespace kernbench::tl {

/// Stacks for fibers, each with a guard page so an overflow faults instead of
/// corrupting memory. Stacks are mapped once and reused by later programs
/// (mapping and protecting a stack per program costs system calls and page
/// faults). Owned by one runner; not thread-safe.
class StackPool {
 public:
  explicit StackPool(std::size_t bytes) : alloc_(bytes) {}
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  ~StackPool() {
    for (auto& s : free_) alloc_.deallocate(s);
  }

  /// The StackAllocator handed to Boost.Context (a handle to the pool).
  struct Handle {
    StackPool* pool;
    boost::context::stack_context allocate() { return pool->take(); }
    void deallocate(boost::context::stack_context& s) { pool->free_.push_back(s); }
  };
  Handle handle() { return Handle{this}; }

 private:
  boost::context::stack_context take() {
    if (free_.empty()) return alloc_.allocate();
    boost::context::stack_context s = free_.back();
    free_.pop_back();
    return s;
  }
  boost::context::protected_fixedsize_stack alloc_;
  std::vector<boost::context::stack_context> free_;
};

class Fiber {
 public:
  /// Called around every suspension of the fiber from inside (`yield`):
  /// `leave` just before control returns to the resumer, `enter` as soon as
  /// the fiber runs again, also when it is resumed only to be unwound. A
  /// front end that keeps per-stack state outside the C++ stack (an embedded
  /// interpreter's thread state) saves and restores it here. Unset by default.
  struct SwitchHooks {
    void (*leave)(void*) = nullptr;
    void (*enter)(void*) = nullptr;
    void* context = nullptr;
  };

  Fiber(StackPool& stacks, std::function<void()> body);
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;
  /// An unfinished fiber is unwound (its destructors run).
  ~Fiber() = default;

  /// Runs the fiber until it yields or finishes. Only from outside it.
  void resume();
  /// Returns control to whoever resumed the fiber. Only from inside it.
  void yield();
  bool done() const { return done_; }
  void set_switch_hooks(SwitchHooks h) { hooks_ = h; }
  const std::exception_ptr& error() const { return error_; }

 private:
  boost::context::fiber self_;
  boost::context::fiber caller_;
  std::function<void()> body_;
  std::exception_ptr error_;
  SwitchHooks hooks_;
  bool done_ = false;
};

}  // namespace kernbench::tl
