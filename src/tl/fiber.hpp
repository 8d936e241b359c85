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

namespace kernbench::tl {

/// Stacks for fibers, each with a guard page so an overflow faults instead of
/// corrupting memory (owned by one runner).
using StackPool = boost::context::protected_fixedsize_stack;

class Fiber {
 public:
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
  const std::exception_ptr& error() const { return error_; }

 private:
  boost::context::fiber self_;
  boost::context::fiber caller_;
  std::function<void()> body_;
  std::exception_ptr error_;
  bool done_ = false;
};

}  // namespace kernbench::tl
