#pragma once
/// @file process_base.hpp
/// The untyped part of a process: its place in the engine, its current wait,
/// the processes joined on it, and its outcome. `Process<T>` (process.hpp) adds
/// the typed return value. A ProcessBase lives inside its coroutine frame (it
/// is the promise's base) and the engine owns that frame.

#include <any>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "sim/node.hpp"
#include "sim/wait_list.hpp"

namespace kernbench::sim {

/// A one-shot wake-up of a process, scheduled on the calendar. Cancelled by
/// clearing `proc` (the node then just returns to the pool when it fires).
struct ResumeNode : Node {
  ProcessBase* proc;
};

class ProcessBase : public Node {
 public:
  enum class State : std::uint8_t { created, running, finished };

  explicit ProcessBase(Engine& e);
  ProcessBase(const ProcessBase&) = delete;
  ProcessBase& operator=(const ProcessBase&) = delete;
  ~ProcessBase();

  Engine& engine() const { return *eng_; }
  std::uint64_t id() const { return id_; }
  State state() const { return state_; }
  bool finished() const { return state_ == State::finished; }
  bool failed() const { return finished() && error_ != nullptr; }

  /// The name used in error messages; "process#<id>" unless set.
  std::string name() const;
  void set_name(std::string n) { name_ = std::move(n); }

  /// Raises `Interrupt{cause}` inside this process at its current wait, at
  /// the current tick (URGENT). Throws SimError if the process has finished or
  /// if a process interrupts itself.
  void interrupt(std::any cause = {});

  // ---- wait protocol, used by awaitables -------------------------------
  /// Records that the process now waits in `w` (a list the awaitable owns).
  void wait_in(Waiter* w) { waiting_ = w; }
  /// Records that the process's wake-up is already scheduled as `n`.
  void wait_on(ResumeNode* n) { pending_ = n; }
  /// Throws the pending Interrupt, if any; every awaitable calls this first
  /// in await_resume.
  void check_interrupt() {
    if (has_interrupt_) [[unlikely]]
      throw_interrupt();
  }
  /// Clears the current wait (the event it waited for happened).
  void clear_wait() {
    waiting_ = nullptr;
    pending_ = nullptr;
  }

  // ---- used by the engine and by Process<T> ----------------------------
  void add_ref() { ++refs_; }
  void release_ref();
  WaitList& joiners() { return joiners_; }
  const std::exception_ptr& error() const { return error_; }
  std::coroutine_handle<> handle() const { return handle_; }

 protected:
  void set_handle(std::coroutine_handle<> h) { handle_ = h; }
  void set_error(std::exception_ptr e) { error_ = std::move(e); }
  /// Called from final_suspend; may destroy the frame.
  void on_finish();

 private:
  friend class Engine;
  static void fire_start(Engine& e, Node* n);
  static void fire_done(Engine& e, Node* n);
  [[noreturn]] void throw_interrupt();
  void cancel_wait();
  void destroy_frame();

  Engine* eng_;
  ProcessBase* prev_ = nullptr;  // engine's list of live processes
  ProcessBase* next_ = nullptr;
  std::coroutine_handle<> handle_;
  Waiter* waiting_ = nullptr;
  ResumeNode* pending_ = nullptr;
  std::uint32_t refs_ = 0;
  State state_ = State::created;
  bool has_interrupt_ = false;
  bool done_scheduled_ = false;
  std::uint64_t id_;
  std::exception_ptr error_;
  WaitList joiners_;
  std::any interrupt_cause_;
  std::vector<std::any> causes_;  // interrupts scheduled, not yet delivered
  std::string name_;
};

}  // namespace kernbench::sim
