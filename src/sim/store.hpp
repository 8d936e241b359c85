#pragma once
/// @file store.hpp
/// Stores of items with a capacity (SimPy's Store family).
///
/// `co_await store.put(item)` waits while the store is full; `co_await
/// store.get()` waits while it holds no (matching) item and returns it.
///   - `Store<T>`: first in, first out;
///   - `PriorityStore<T>`: smallest item first (by `operator<`), FIFO among
///     equals;
///   - `FilterStore<T>`: `get(pred)` returns the first item satisfying `pred`;
///     waiting getters are served in arrival order, each with the first item
///     it accepts.
/// Putters and getters are served in arrival order. A put or get that can
/// complete at once does not suspend; one that waits resumes after the events
/// already scheduled at the tick it is served.

#include <algorithm>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "sim/engine.hpp"

namespace kernbench::sim {

/// Capacity meaning "unbounded".
inline constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

namespace detail {

enum class StoreKind : std::uint8_t { fifo, priority, filter };

template <class T>
class StoreCore {
 public:
  using MatchFn = bool (*)(const void* pred, const T& item);

  struct GetWaiter : Waiter {
    std::optional<T> item;
    MatchFn match = nullptr;
    const void* pred = nullptr;
  };
  struct PutWaiter : Waiter {
    T* item = nullptr;
  };

  StoreCore(Engine& e, std::size_t capacity, StoreKind kind)
      : eng_(&e), capacity_(capacity), kind_(kind) {
    if (capacity == 0) throw SimError("store capacity must be at least 1, got 0");
  }
  Engine& engine() const { return *eng_; }
  std::size_t size() const { return kind_ == StoreKind::priority ? heap_.size() : items_.size(); }
  std::size_t capacity() const { return capacity_; }
  /// The i-th oldest item of a FIFO store, or null when it holds no more.
  const T* peek(std::size_t i) const { return i < items_.size() ? &items_[i] : nullptr; }
  void add_ref() { ++refs_; }
  void release_ref() {
    if (--refs_ == 0) delete this;
  }

  /// Puts at once if nobody queues ahead and there is room.
  bool try_put(T& item) {
    if (!putters_.empty() || size() >= capacity_) return false;
    insert(std::move(item));
    settle();
    return true;
  }
  void enqueue_put(PutWaiter* w) {
    putters_.push_back(w);
    settle();
  }
  /// Takes at once if nobody queues ahead and an acceptable item exists.
  std::optional<T> try_get(MatchFn match, const void* pred) {
    if (!getters_.empty()) return std::nullopt;
    std::optional<T> got = take(match, pred);
    if (got) settle();
    return got;
  }
  void enqueue_get(GetWaiter* w) {
    getters_.push_back(w);
    settle();
  }

 private:
  void insert(T&& item) {
    if (kind_ == StoreKind::priority) {
      heap_.push_back({std::move(item), seq_++});
      std::push_heap(heap_.begin(), heap_.end(), Later{});
    } else {
      items_.push_back(std::move(item));
    }
  }

  std::optional<T> take(MatchFn match, const void* pred) {
    if (kind_ == StoreKind::priority) {
      if (heap_.empty()) return std::nullopt;
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      std::optional<T> v(std::move(heap_.back().item));
      heap_.pop_back();
      return v;
    }
    if (items_.empty()) return std::nullopt;
    if (match == nullptr) {
      std::optional<T> v(std::move(items_.front()));
      items_.pop_front();
      return v;
    }
    for (auto it = items_.begin(); it != items_.end(); ++it) {
      if (match(pred, *it)) {
        std::optional<T> v(std::move(*it));
        items_.erase(it);
        return v;
      }
    }
    return std::nullopt;
  }

  /// Serves waiting getters and putters until neither can progress.
  void settle() {
    if (eng_->tearing_down()) return;
    bool progress = true;
    while (progress) {
      progress = false;
      for (Waiter* w = getters_.head; w != nullptr;) {
        auto* g = static_cast<GetWaiter*>(w);
        w = w->next;
        std::optional<T> got = take(g->match, g->pred);
        if (!got) {
          if (kind_ != StoreKind::filter) break;  // nothing for anyone
          continue;
        }
        g->item = std::move(got);
        g->unlink();
        eng_->wake(g->proc);
        progress = true;
      }
      while (!putters_.empty() && size() < capacity_) {
        auto* p = static_cast<PutWaiter*>(putters_.pop_front());
        insert(std::move(*p->item));
        if (p->proc != nullptr) {
          eng_->wake(p->proc);
        } else {
          p->wake(*eng_, p);  // a putter that is not a process is told directly
        }
        progress = true;
      }
    }
  }

  struct Entry {
    T item;
    std::uint64_t seq;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (b.item < a.item) return true;
      if (a.item < b.item) return false;
      return a.seq > b.seq;
    }
  };

  Engine* eng_;
  std::uint32_t refs_ = 1;
  std::size_t capacity_;
  StoreKind kind_;
  std::uint64_t seq_ = 0;
  std::deque<T> items_;
  std::vector<Entry> heap_;
  WaitList getters_;
  WaitList putters_;
};

template <class T>
class PutAwaiter {
 public:
  PutAwaiter(StoreCore<T>* core, T item) : core_(core), item_(std::move(item)) { core_->add_ref(); }
  PutAwaiter(const PutAwaiter&) = delete;
  PutAwaiter& operator=(const PutAwaiter&) = delete;
  ~PutAwaiter() {
    w_.unlink();
    core_->release_ref();
  }
  bool await_ready() { return core_->try_put(item_); }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    ProcessBase& self = h.promise();
    w_.proc = &self;
    w_.item = &item_;
    self.wait_in(&w_);
    core_->enqueue_put(&w_);
  }
  void await_resume() {
    if (w_.proc != nullptr) w_.proc->check_interrupt();
  }

 private:
  StoreCore<T>* core_;
  T item_;
  typename StoreCore<T>::PutWaiter w_;
};

template <class T>
class GetAwaiter {
 public:
  using MatchFn = typename StoreCore<T>::MatchFn;
  GetAwaiter(StoreCore<T>* core, MatchFn match, const void* pred)
      : core_(core), match_(match), pred_(pred) {
    core_->add_ref();
  }
  GetAwaiter(const GetAwaiter&) = delete;
  GetAwaiter& operator=(const GetAwaiter&) = delete;
  ~GetAwaiter() {
    w_.unlink();
    core_->release_ref();
  }
  bool await_ready() {
    w_.item = core_->try_get(match_, pred_);
    return w_.item.has_value();
  }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    ProcessBase& self = h.promise();
    w_.proc = &self;
    w_.match = match_;
    w_.pred = pred_;
    self.wait_in(&w_);
    core_->enqueue_get(&w_);
  }
  T await_resume() {
    if (w_.proc != nullptr) w_.proc->check_interrupt();
    return std::move(*w_.item);
  }

 private:
  StoreCore<T>* core_;
  MatchFn match_;
  const void* pred_;
  typename StoreCore<T>::GetWaiter w_;
};

template <class T>
class StoreHandle {
 public:
  StoreHandle(Engine& e, std::size_t capacity, StoreKind kind)
      : core_(new StoreCore<T>(e, capacity, kind)) {}
  StoreHandle(const StoreHandle&) = delete;
  StoreHandle& operator=(const StoreHandle&) = delete;
  ~StoreHandle() { core_->release_ref(); }
  Engine& engine() const { return core_->engine(); }
  std::size_t size() const { return core_->size(); }
  std::size_t capacity() const { return core_->capacity(); }
  PutAwaiter<T> put(T item) { return PutAwaiter<T>(core_, std::move(item)); }
  /// Puts without waiting when nobody queues ahead and there is room; returns
  /// false (and leaves `item` alone) otherwise. Usable outside processes.
  bool try_put(T& item) { return core_->try_put(item); }
  using PutWaiter = typename StoreCore<T>::PutWaiter;
  /// As a put from outside a process: puts `item` at once when try_put can
  /// (true); otherwise queues `w` behind the putters already waiting and
  /// returns false. When its turn comes the item is moved from `item` into
  /// the store and `w->wake` is called (`w` already unlinked). `item` and
  /// `w` must live until then, or `w` be destroyed (which withdraws it).
  bool put_or_queue(T& item, PutWaiter* w) {
    if (core_->try_put(item)) return true;
    w->proc = nullptr;
    w->item = &item;
    core_->enqueue_put(w);
    return false;
  }

 protected:
  StoreCore<T>* core_;
};

}  // namespace detail

template <class T>
class Store : public detail::StoreHandle<T> {
 public:
  explicit Store(Engine& e) : detail::StoreHandle<T>(e, kUnbounded, detail::StoreKind::fifo) {}
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  Store(Engine& e, C capacity)
      : detail::StoreHandle<T>(e, checked_capacity(capacity, "store"), detail::StoreKind::fifo) {}
  detail::GetAwaiter<T> get() { return detail::GetAwaiter<T>(this->core_, nullptr, nullptr); }
  /// The item the (i+1)-th next get() returns, or null when the store holds
  /// no more (for looking ahead, e.g. to prefetch; the item stays).
  const T* peek(std::size_t i = 0) const { return this->core_->peek(i); }
};

template <class T>
class PriorityStore : public detail::StoreHandle<T> {
 public:
  explicit PriorityStore(Engine& e)
      : detail::StoreHandle<T>(e, kUnbounded, detail::StoreKind::priority) {}
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  PriorityStore(Engine& e, C capacity)
      : detail::StoreHandle<T>(e, checked_capacity(capacity, "store"),
                               detail::StoreKind::priority) {}
  detail::GetAwaiter<T> get() { return detail::GetAwaiter<T>(this->core_, nullptr, nullptr); }
};

template <class T>
class FilterStore : public detail::StoreHandle<T> {
 public:
  explicit FilterStore(Engine& e)
      : detail::StoreHandle<T>(e, kUnbounded, detail::StoreKind::filter) {}
  /// A negative `capacity` is a SimError (not a huge unsigned one).
  template <std::integral C>
  FilterStore(Engine& e, C capacity)
      : detail::StoreHandle<T>(e, checked_capacity(capacity, "store"), detail::StoreKind::filter) {}
  /// `pred` must outlive the wait (pass an lvalue, e.g. a local lambda).
  template <class Pred>
  detail::GetAwaiter<T> get(const Pred& pred) {
    return detail::GetAwaiter<T>(
        this->core_,
        [](const void* p, const T& item) { return (*static_cast<const Pred*>(p))(item); }, &pred);
  }
  detail::GetAwaiter<T> get() { return detail::GetAwaiter<T>(this->core_, nullptr, nullptr); }
};

}  // namespace kernbench::sim
