#include "sim/process_base.hpp"

#include <fmt/format.h>

#include "sim/engine.hpp"

namespace kernbench::sim {

ProcessBase::ProcessBase(Engine& e) : eng_(&e) {
  e.link(this);
  fire = &ProcessBase::fire_start;
  // Processes start in creation order, before NORMAL events of this tick.
  e.schedule(this, 0, Priority::urgent);
}

ProcessBase::~ProcessBase() {
  eng_->unlink(this);
}

std::string ProcessBase::name() const {
  return name_.empty() ? fmt::format("process#{}", id_) : name_;
}

void ProcessBase::fire_start(Engine& e, Node* n) {
  auto* p = static_cast<ProcessBase*>(n);
  p->state_ = State::running;
  e.resume(p);
}

void ProcessBase::on_finish() {
  state_ = State::finished;
  if (!joiners_.empty()) {
    // Joined processes are resumed when the completion is processed (NORMAL,
    // this tick), as SimPy processes the process's own event.
    done_scheduled_ = true;
    fire = &ProcessBase::fire_done;
    eng_->schedule(this, 0, Priority::normal);
    return;
  }
  if (error_) eng_->fail(error_, fmt::format("process '{}'", name()));
  if (refs_ == 0) destroy_frame();
}

void ProcessBase::fire_done(Engine& e, Node* n) {
  auto* p = static_cast<ProcessBase*>(n);
  p->done_scheduled_ = false;
  ++p->refs_;  // a resumed joiner may drop the last handle
  bool delivered = false;
  while (Waiter* w = p->joiners_.pop_front()) {
    delivered = true;
    w->wake(e, w);
  }
  // Every joiner left (interrupted) between the finish and now: nobody gets
  // the failure, so run() raises it, as SimPy does (it is not lost).
  if (!delivered && p->error_) e.fail(p->error_, fmt::format("process '{}'", p->name()));
  p->release_ref();
}

void ProcessBase::release_ref() {
  if (--refs_ == 0 && state_ == State::finished && !done_scheduled_ && !eng_->tearing_down()) {
    destroy_frame();
  }
}

void ProcessBase::destroy_frame() {
  // Destroying the frame runs ~promise, hence ~ProcessBase, which unlinks.
  cancel_wait();
  handle_.destroy();
}

void ProcessBase::cancel_wait() {
  if (pending_ != nullptr) {
    if (eng_->tearing_down()) {
      pending_->proc = nullptr;  // the calendar dies with the engine
    } else {
      eng_->cancel_wake(pending_);
    }
    pending_ = nullptr;
  }
  if (waiting_ != nullptr) {
    waiting_->unlink();
    waiting_ = nullptr;
  }
}

void ProcessBase::interrupt(std::any cause) {
  if (finished()) {
    throw SimError(fmt::format("cannot interrupt process '{}' at t={} ps: it has already finished",
                               name(), eng_->now()));
  }
  if (eng_->active_process() == this) {
    throw SimError(fmt::format("process '{}' cannot interrupt itself", name()));
  }
  // The cause waits in the target; the node only carries the target, so it
  // can come from the pool (interrupts queued at teardown are simply dropped).
  causes_.push_back(std::move(cause));
  auto* n = static_cast<ResumeNode*>(eng_->pool().allocate(sizeof(ResumeNode)));
  n->proc = this;
  n->fire = [](Engine& e, Node* node) {
    auto* in = static_cast<ResumeNode*>(node);
    ProcessBase* p = in->proc;
    e.pool().deallocate(in, sizeof(ResumeNode));
    std::any c = std::move(p->causes_.front());
    p->causes_.erase(p->causes_.begin());
    if (!p->finished()) {
      p->has_interrupt_ = true;
      p->interrupt_cause_ = std::move(c);
      if (p->state_ != State::created) {  // else delivered when it starts
        p->cancel_wait();
        e.resume(p);
      }
    }
    p->release_ref();
  };
  ++refs_;  // the frame stays alive until the interrupt is delivered
  eng_->schedule(n, 0, Priority::urgent);
}

void ProcessBase::throw_interrupt() {
  has_interrupt_ = false;
  throw Interrupt(std::move(interrupt_cause_));
}

}  // namespace kernbench::sim
