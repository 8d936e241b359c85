#pragma once
/// @file condition.hpp
/// Conditions over events of one value type: `all_of(events)` triggers when
/// every event has been processed, `any_of(events)` when at least one has; both
/// fail as soon as a member fails. The value lists the members processed by
/// then, as (index in the given list, value), in index order. `a & b` and
/// `a | b` are all_of / any_of of two. An empty list triggers at once.

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

#include "sim/event.hpp"

namespace kernbench::sim {

template <class T>
using ConditionValue = std::vector<std::pair<std::size_t, T>>;

namespace detail {

template <class T>
class ConditionState final : public EventState<ConditionValue<T>> {
 public:
  using Base = EventState<ConditionValue<T>>;

  static Event<ConditionValue<T>> make(Engine& e, std::vector<Event<T>> children, bool all) {
    void* mem = e.pool().allocate(sizeof(ConditionState));
    auto* c = new (mem) ConditionState(e, std::move(children), all);
    Event<ConditionValue<T>> handle(c);
    c->arm();
    return handle;
  }

 private:
  struct ChildWaiter : Waiter {
    ConditionState* cond = nullptr;
  };

  ConditionState(Engine& e, std::vector<Event<T>> children, bool all)
      : Base(e), children_(std::move(children)), all_(all) {}

  void arm() {
    waiters_ = std::make_unique<ChildWaiter[]>(children_.size());
    for (std::size_t i = 0; i < children_.size(); ++i) {
      if (children_[i].processed()) {
        if (!children_[i].ok()) {
          this->fail(children_[i].state().error());
          return;
        }
        ++done_;
        continue;
      }
      ChildWaiter& w = waiters_[i];
      w.cond = this;
      w.wake = &ConditionState::on_child;
      children_[i].state().waiters().push_back(&w);
    }
    check();
  }

  static void on_child(Engine&, Waiter* w) {
    auto* c = static_cast<ChildWaiter*>(w)->cond;
    if (c->triggered()) return;
    const std::size_t i =
        static_cast<std::size_t>(static_cast<ChildWaiter*>(w) - c->waiters_.get());
    if (!c->children_[i].ok()) {
      c->children_[i].state().defuse();  // the condition takes over the failure
      c->fail(c->children_[i].state().error());
      c->detach();
      return;
    }
    ++c->done_;
    c->check();
  }

  void check() {
    if (this->triggered()) return;
    if (all_ ? done_ == children_.size() : (done_ > 0 || children_.empty())) {
      ConditionValue<T> v;
      for (std::size_t i = 0; i < children_.size(); ++i) {
        if (children_[i].processed()) v.emplace_back(i, children_[i].state().value());
      }
      this->succeed(std::move(v));
      detach();
    }
  }

  void detach() {
    for (std::size_t i = 0; i < children_.size(); ++i) waiters_[i].unlink();
  }

  void destroy() override {
    Engine& e = this->engine();
    this->~ConditionState();
    e.pool().deallocate(this, sizeof(ConditionState));
  }

  std::vector<Event<T>> children_;
  std::unique_ptr<ChildWaiter[]> waiters_;
  std::size_t done_ = 0;
  bool all_;
};

}  // namespace detail

template <class T>
Event<ConditionValue<T>> all_of(Engine& e, std::vector<Event<T>> events) {
  return detail::ConditionState<T>::make(e, std::move(events), true);
}

template <class T>
Event<ConditionValue<T>> any_of(Engine& e, std::vector<Event<T>> events) {
  return detail::ConditionState<T>::make(e, std::move(events), false);
}

template <class T>
Event<ConditionValue<T>> all_of(Engine& e, std::initializer_list<Event<T>> events) {
  return all_of(e, std::vector<Event<T>>(events));
}

template <class T>
Event<ConditionValue<T>> any_of(Engine& e, std::initializer_list<Event<T>> events) {
  return any_of(e, std::vector<Event<T>>(events));
}

template <class T>
Event<ConditionValue<T>> operator&(const Event<T>& a, const Event<T>& b) {
  return all_of(a.state().engine(), std::vector<Event<T>>{a, b});
}

template <class T>
Event<ConditionValue<T>> operator|(const Event<T>& a, const Event<T>& b) {
  return any_of(a.state().engine(), std::vector<Event<T>>{a, b});
}

}  // namespace kernbench::sim
