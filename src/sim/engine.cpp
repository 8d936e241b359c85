#include "sim/engine.hpp"

#include <fmt/format.h>

#include "sim/event.hpp"

namespace kernbench::sim {

Engine::Engine() = default;

Engine::~Engine() {
  destroy_processes();
}

void Engine::destroy_processes() {
  // Locals' destructors may release resources or drop handles: with
  // tearing_down_ set they schedule nothing.
  tearing_down_ = true;
  while (processes_ != nullptr) processes_->destroy_frame();
  // Their frames are gone (and with them the waiters); what keeps a
  // triggered event alive now is only the calendar's reference.
  while (triggered_ != nullptr) {
    EventBase* e = triggered_;
    untrack_triggered(e);
    e->release_ref();
  }
}

void Engine::track_triggered(EventBase* e) {
  e->trig_prev_ = nullptr;
  e->trig_next_ = triggered_;
  if (triggered_ != nullptr) triggered_->trig_prev_ = e;
  triggered_ = e;
}

void Engine::untrack_triggered(EventBase* e) {
  if (e->trig_prev_ != nullptr) {
    e->trig_prev_->trig_next_ = e->trig_next_;
  } else {
    triggered_ = e->trig_next_;
  }
  if (e->trig_next_ != nullptr) e->trig_next_->trig_prev_ = e->trig_prev_;
  e->trig_prev_ = e->trig_next_ = nullptr;
}

void Engine::link(ProcessBase* p) {
  p->next_ = processes_;
  if (processes_ != nullptr) processes_->prev_ = p;
  processes_ = p;
  p->id_ = next_id_++;
  ++live_;
}

void Engine::unlink(ProcessBase* p) {
  if (p->prev_ != nullptr) {
    p->prev_->next_ = p->next_;
  } else {
    processes_ = p->next_;
  }
  if (p->next_ != nullptr) p->next_->prev_ = p->prev_;
  --live_;
}

void Engine::fire_resume(Engine& e, Node* n) {
  auto* r = static_cast<ResumeNode*>(n);
  ProcessBase* p = r->proc;
  e.pool_.deallocate(r, sizeof(ResumeNode));
  if (p != nullptr) {
    p->clear_wait();
    e.resume(p);
  }
}

void Engine::run_until_inclusive(Tick last) {
  if (tearing_down_) throw_torn_down();
  for (;;) {
    poll_stop();  // before the pop: a stop leaves the calendar intact
    Node* n = cal_.pop_until(last);
    if (n == nullptr) break;
    ++steps_;
    n->fire(*this, n);
    if (failure_) [[unlikely]]
      rethrow_failure();
  }
}

void Engine::run() {
  run_until_inclusive(kForever);
}

void Engine::run_until(Tick until) {
  if (until < now()) {
    throw SimError(fmt::format("run(until={} ps) is in the past: now is {} ps", until, now()));
  }
  if (until == now()) return;
  run_until_inclusive(until - 1);
  cal_.advance_to(until);
}

void Engine::run_before_tick(Tick until) {
  if (until > now()) run_until_inclusive(until - 1);
}

bool Engine::step() {
  if (tearing_down_) throw_torn_down();
  if (stop_ != nullptr) check_stop();
  Node* n = cal_.pop_until(kForever);
  if (n == nullptr) return false;
  ++steps_;
  n->fire(*this, n);
  if (failure_) rethrow_failure();
  return true;
}

void Engine::fail(std::exception_ptr original, const std::string& who) {
  if (failure_) return;  // the first unhandled failure wins
  std::string what;
  try {
    std::rethrow_exception(original);
  } catch (const std::exception& ex) {
    what = ex.what();
  } catch (...) {
    what = "unknown exception";
  }
  failure_ = std::make_exception_ptr(
      ProcessError(fmt::format("{} failed at t={} ps and nobody handled it: {}", who, now(), what),
                   original, now()));
}

void Engine::rethrow_failure() {
  std::exception_ptr f = std::move(failure_);
  failure_ = nullptr;
  std::rethrow_exception(f);
}

void Engine::check_stop() const {
  const int sig = stop_->load(std::memory_order_relaxed);
  if (sig != 0) throw Stopped(fmt::format("stopped at t={} ps (signal {})", now(), sig), sig);
}

void Engine::throw_torn_down() const {
  throw SimError(
      "the engine cannot run after destroy_processes(): its processes and pending "
      "events are gone");
}

void Engine::throw_negative_until(std::int64_t until, const char* op) const {
  throw SimError(fmt::format("{}(until={} ps) is negative: times are >= 0", op, until));
}

void Engine::throw_negative_delay(std::int64_t d) const {
  throw SimError(fmt::format("negative delay {} ps at t={} ps: delays must be >= 0", d, now()));
}

void Engine::throw_delay_overflow(Tick d) const {
  throw SimError(fmt::format("delay {} ps at t={} ps overflows 64-bit picosecond time", d, now()));
}

}  // namespace kernbench::sim
