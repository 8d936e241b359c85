#include "sim/resource.hpp"

#include <fmt/format.h>

namespace kernbench::sim {
namespace detail {

ResourceCore::ResourceCore(Engine& e, std::uint64_t capacity, Kind kind)
    : eng_(&e), capacity_(capacity), kind_(kind) {
  if (capacity == 0) throw SimError("resource capacity must be at least 1, got 0");
}

UserSlot* ResourceCore::add_user(ProcessBase* who, std::uint64_t key) {
  auto* s = new UserSlot;
  s->proc = who;
  s->key = key;
  s->since = eng_->now();
  s->next = users_;
  if (users_ != nullptr) users_->prev = s;
  users_ = s;
  return s;
}

void ResourceCore::remove_user(UserSlot* s) {
  if (s->prev != nullptr) {
    s->prev->next = s->next;
  } else {
    users_ = s->next;
  }
  if (s->next != nullptr) s->next->prev = s->prev;
  s->prev = s->next = nullptr;
}

bool ResourceCore::try_take(ProcessBase* who, std::uint64_t key, UserSlot** slot) {
  if (in_use_ >= capacity_ || !queue_.empty()) return false;
  ++in_use_;
  if (tracks_users()) *slot = add_user(who, key);
  return true;
}

void ResourceCore::enqueue(RequestWaiter* w, bool preempt) {
  if (kind_ == Kind::fifo) {
    queue_.push_back(w);
  } else {
    queue_.insert_sorted(w);
  }
  if (preempt && kind_ == Kind::preemptive && in_use_ >= capacity_) try_preempt(w);
  serve();
}

void ResourceCore::try_preempt(RequestWaiter* w) {
  // The victim is the user with the worst (priority, arrival) key.
  UserSlot* victim = nullptr;
  for (UserSlot* s = users_; s != nullptr; s = s->next) {
    if (victim == nullptr || s->key > victim->key) victim = s;
  }
  if (victim == nullptr || (victim->key >> 32) <= (w->key >> 32)) return;
  remove_user(victim);
  victim->preempted = true;
  --in_use_;
  victim->proc->interrupt(Preempted{w->proc, victim->since});
}

void ResourceCore::serve() {
  while (in_use_ < capacity_ && !queue_.empty()) {
    auto* w = static_cast<RequestWaiter*>(queue_.pop_front());
    ++in_use_;
    w->granted = true;
    if (tracks_users()) w->slot = add_user(w->proc, w->key);
    eng_->wake(w->proc);
  }
}

void ResourceCore::give_back(UserSlot* slot) {
  if (slot != nullptr) {
    const bool was_preempted = slot->preempted;
    if (!was_preempted) remove_user(slot);
    delete slot;
    if (was_preempted) return;  // its unit was already taken back
  }
  --in_use_;
  if (!eng_->tearing_down()) serve();
}

ResourceHandle::ResourceHandle(Engine& e, std::uint64_t capacity, ResourceCore::Kind kind)
    : core_(new ResourceCore(e, capacity, kind)) {}

}  // namespace detail

void Request::release() {
  if (core_ == nullptr) {
    throw SimError("request released twice: this Request no longer holds a unit");
  }
  drop();
}

Request RequestAwaiter::await_resume() {
  ProcessBase* self = w_.proc;
  if (self != nullptr) {
    try {
      self->check_interrupt();
    } catch (...) {
      // Interrupted after being granted but before resuming: give it back.
      if (w_.granted) core_->give_back(w_.slot);
      throw;
    }
  }
  return Request(core_, w_.slot);
}

}  // namespace kernbench::sim
