#pragma once
/// @file errors.hpp
/// Exceptions raised by the engine. User errors (a negative delay, an event
/// triggered twice, ...) are `SimError`; a failure inside a process that nobody
/// handled reaches `Engine::run()` as `ProcessError`, which names the process
/// and the tick and keeps the original exception.

#include <any>
#include <concepts>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

#include "sim/time.hpp"

namespace kernbench::sim {

/// Misuse of the engine API that a user can cause.
class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The run was stopped from outside: the flag given to
/// `Engine::set_stop_flag` became non-zero (a stop signal). `signal()` is the
/// flag's value. The engine stays consistent: destroying it afterwards is
/// safe, running it again continues where it stopped.
class Stopped : public std::runtime_error {
 public:
  Stopped(const std::string& what, int signal) : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// An unhandled failure of a process or an event, rethrown from `run()`.
class ProcessError : public std::runtime_error {
 public:
  ProcessError(const std::string& what, std::exception_ptr original, Tick when)
      : std::runtime_error(what), original_(std::move(original)), when_(when) {}
  /// The exception thrown inside the process (or passed to `Event::fail`).
  const std::exception_ptr& original() const { return original_; }
  /// Simulated time of the failure.
  Tick when() const { return when_; }

 private:
  std::exception_ptr original_;
  Tick when_;
};

/// A capacity given by the caller, refused when negative (a signed -1 would
/// otherwise convert to 2^64 - 1: an unbounded store or resource).
template <std::integral C>
std::uint64_t checked_capacity(C capacity, const char* what) {
  if constexpr (std::is_signed_v<C>) {
    if (capacity < 0)
      throw SimError(std::string(what) + " capacity must be at least 1, got " +
                     std::to_string(capacity));
  }
  return static_cast<std::uint64_t>(capacity);
}

/// Thrown inside a process at its current wait by `ProcessRef::interrupt`.
class Interrupt : public std::exception {
 public:
  explicit Interrupt(std::any cause) : cause_(std::move(cause)) {}
  const char* what() const noexcept override { return "process interrupted"; }
  /// The value passed to `interrupt()`; `Preempted` for a preemption.
  const std::any& cause() const { return cause_; }

 private:
  std::any cause_;
};

}  // namespace kernbench::sim
