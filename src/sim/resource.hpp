#pragma once
/// @file resource.hpp
/// Shared resources with a capacity (SimPy's Resource family).
///
/// `co_await res.request()` waits until a unit is free and returns a
/// `Request`, an RAII grant: it releases on destruction, or explicitly with
/// `release()` (a second release() is a SimError). Waiting requests are served
///   - `Resource`: first come, first served;
///   - `PriorityResource`: lowest priority value first, FIFO among equals;
///   - `PreemptiveResource`: as PriorityResource, and a request made with
///     `preempt = true` that finds no free unit evicts the user with the worst
///     (priority, arrival) if strictly worse than itself: that user's process
///     receives `Interrupt` whose cause is a `Preempted`, and its Request
///     becomes inert (releasing it does nothing).
/// A unit released hands over to the next waiter at the same tick; the waiter
/// resumes after the events already scheduled at that tick.
/// Same-tick rule (differs from SimPy on purpose, ADR 0017): a request that
/// finds a free unit is granted synchronously, without yielding; SimPy
/// suspends the requester until the request event is processed, a window in
/// which a same-tick preemption can happen there but not here.
/// A negative capacity is a SimError.

#include <coroutine>
#include <cstdint>
#include <string>
#include <utility>

#include "sim/engine.hpp"

namespace kernbench::sim {

/// Cause of the Interrupt received by a preempted user.
struct Preempted {
  ProcessBase* by;   ///< the process whose request preempted
  Tick usage_since;  ///< when the preempted user got its unit
};

namespace detail {

struct UserSlot {
  UserSlot* prev = nullptr;
  UserSlot* next = nullptr;
  ProcessBase* proc = nullptr;
  std::uint64_t key = 0;
  Tick since = 0;
  bool preempted = false;
};

/// The state shared by a resource, its requests and its waiters.
class ResourceCore {
 public:
  enum class Kind : std::uint8_t { fifo, priority, preemptive };

  ResourceCore(Engine& e, std::uint64_t capacity, Kind kind);
  Engine& engine() const { return *eng_; }
  std::uint64_t capacity() const { return capacity_; }
  std::uint64_t count() const { return in_use_; }
  std::size_t queued() const { return queue_.size; }
  bool tracks_users() const { return kind_ == Kind::preemptive; }

  void add_ref() { ++refs_; }
  void release_ref() {
    if (--refs_ == 0) delete this;
  }

  struct RequestWaiter : Waiter {
    bool granted = false;
    UserSlot* slot = nullptr;
  };

  /// True (and the unit taken) when a unit is free and nobody queues.
  bool try_take(ProcessBase* who, std::uint64_t key, UserSlot** slot);
  void enqueue(RequestWaiter* w, bool preempt);
  /// Returns a unit (or drops a preempted slot) and serves waiters.
  void give_back(UserSlot* slot);
  std::uint64_t next_key(int priority) {
    return (static_cast<std::uint64_t>(static_cast<std::int64_t>(priority) + (1LL << 31)) << 32) |
           (seq_++ & 0xffffffffu);
  }

 private:
  UserSlot* add_user(ProcessBase* who, std::uint64_t key);
  void remove_user(UserSlot* s);
  void serve();
  void try_preempt(RequestWaiter* w);

  Engine* eng_;
  std::uint32_t refs_ = 1;
  std::uint64_t capacity_;
  std::uint64_t in_use_ = 0;
  std::uint64_t seq_ = 0;
  Kind kind_;
  WaitList queue_;
  UserSlot* users_ = nullptr;
};

}  // namespace detail

/// A granted unit of a resource (move-only).
class Request {
 public:
  Request() = default;
  Request(detail::ResourceCore* core, detail::UserSlot* slot) : core_(core), slot_(slot) {
    core_->add_ref();
  }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  Request(Request&& o) noexcept
      : core_(std::exchange(o.core_, nullptr)), slot_(std::exchange(o.slot_, nullptr)) {}
  Request& operator=(Request&& o) noexcept {
    if (this != &o) {
      drop();
      core_ = std::exchange(o.core_, nullptr);
      slot_ = std::exchange(o.slot_, nullptr);
    }
    return *this;
  }
  ~Request() { drop(); }

  /// True while this request holds a unit (false after release or preemption).
  bool held() const { return core_ != nullptr && (slot_ == nullptr || !slot_->preempted); }
  /// Returns the unit. Throws SimError if already released.
  void release();

 private:
  void drop() {
    if (core_ != nullptr) {
      core_->give_back(slot_);
      core_->release_ref();
      core_ = nullptr;
    }
  }
  detail::ResourceCore* core_ = nullptr;
  detail::UserSlot* slot_ = nullptr;
};

/// Awaitable returned by request().
class RequestAwaiter {
 public:
  RequestAwaiter(detail::ResourceCore* core, int priority, bool preempt)
      : core_(core), key_(core->next_key(priority)), preempt_(preempt) {
    core_->add_ref();
  }
  RequestAwaiter(const RequestAwaiter&) = delete;
  RequestAwaiter& operator=(const RequestAwaiter&) = delete;
  ~RequestAwaiter() {
    w_.unlink();
    core_->release_ref();
  }

  bool await_ready() {
    // A preemptive resource must know the user's process, known only below.
    return !core_->tracks_users() && core_->try_take(nullptr, key_, &w_.slot);
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    ProcessBase& self = h.promise();
    if (core_->tracks_users() && core_->try_take(&self, key_, &w_.slot)) return false;
    w_.proc = &self;
    w_.key = key_;
    self.wait_in(&w_);
    core_->enqueue(&w_, preempt_);
    return true;
  }
  Request await_resume();

 private:
  detail::ResourceCore* core_;
  std::uint64_t key_;
  bool preempt_;
  detail::ResourceCore::RequestWaiter w_;
};

namespace detail {
class ResourceHandle {
 public:
  ResourceHandle(Engine& e, std::uint64_t capacity, ResourceCore::Kind kind);
  ResourceHandle(const ResourceHandle&) = delete;
  ResourceHandle& operator=(const ResourceHandle&) = delete;
  ~ResourceHandle() { core_->release_ref(); }
  Engine& engine() const { return core_->engine(); }
  std::uint64_t capacity() const { return core_->capacity(); }
  /// Units in use.
  std::uint64_t count() const { return core_->count(); }
  /// Requests waiting.
  std::size_t queued() const { return core_->queued(); }

 protected:
  ResourceCore* core_;
};
}  // namespace detail

class Resource : public detail::ResourceHandle {
 public:
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  Resource(Engine& e, C capacity)
      : ResourceHandle(e, checked_capacity(capacity, "resource"),
                       detail::ResourceCore::Kind::fifo) {}
  RequestAwaiter request() { return RequestAwaiter(core_, 0, false); }
};

class PriorityResource : public detail::ResourceHandle {
 public:
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  PriorityResource(Engine& e, C capacity)
      : ResourceHandle(e, checked_capacity(capacity, "resource"),
                       detail::ResourceCore::Kind::priority) {}
  /// Lower `priority` values are served first.
  RequestAwaiter request(int priority = 0) { return RequestAwaiter(core_, priority, false); }
};

class PreemptiveResource : public detail::ResourceHandle {
 public:
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  PreemptiveResource(Engine& e, C capacity)
      : ResourceHandle(e, checked_capacity(capacity, "resource"),
                       detail::ResourceCore::Kind::preemptive) {}
  RequestAwaiter request(int priority = 0, bool preempt = true) {
    return RequestAwaiter(core_, priority, preempt);
  }
};

}  // namespace kernbench::sim
