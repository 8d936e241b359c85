#include "sim/event.hpp"

#include <fmt/format.h>

namespace kernbench::sim {

void EventBase::check_pending(const char* op) const {
  if (state_ != State::pending) {
    throw SimError(
        fmt::format("event.{}() at t={} ps: the event was already triggered", op, eng_->now()));
  }
}

void EventBase::fail(std::exception_ptr e, Tick delay) {
  check_pending("fail");
  if (!e) throw SimError("event.fail() needs an exception");
  error_ = std::move(e);
  trigger(delay);
}

void EventBase::fire_event(Engine& e, Node* n) {
  auto* ev = static_cast<EventBase*>(n);
  e.untrack_triggered(ev);
  ev->state_ = State::processed;
  if (ev->error_ && ev->waiters_.empty() && !ev->defused_) {
    e.fail(ev->error_, "an event");
  }
  while (Waiter* w = ev->waiters_.pop_front()) w->wake(e, w);
  ev->release_ref();  // the reference taken by trigger()
}

}  // namespace kernbench::sim
