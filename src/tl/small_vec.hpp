#pragma once
/// @file small_vec.hpp
/// A vector of at most N elements stored inline (no heap allocation), for
/// per-axis data of tiles.

#include <array>
#include <cstddef>
#include <stdexcept>
#include <utility>

namespace kernbench::tl {

template <class T, std::size_t N>
class SmallVec {
 public:
  SmallVec() = default;
  explicit SmallVec(std::size_t n) { resize(n); }
  // Copies touch only the used elements.
  SmallVec(const SmallVec& o) : n_(o.n_) {
    for (std::size_t i = 0; i < n_; ++i) a_[i] = o.a_[i];
  }
  SmallVec(SmallVec&& o) noexcept : n_(o.n_) {
    for (std::size_t i = 0; i < n_; ++i) a_[i] = std::move(o.a_[i]);
  }
  SmallVec& operator=(const SmallVec& o) {
    if (this != &o) {
      for (std::size_t i = 0; i < o.n_; ++i) a_[i] = o.a_[i];
      for (std::size_t i = o.n_; i < n_; ++i) a_[i] = T{};
      n_ = o.n_;
    }
    return *this;
  }
  SmallVec& operator=(SmallVec&& o) noexcept {
    if (this != &o) {
      for (std::size_t i = 0; i < o.n_; ++i) a_[i] = std::move(o.a_[i]);
      for (std::size_t i = o.n_; i < n_; ++i) a_[i] = T{};
      n_ = o.n_;
    }
    return *this;
  }
  ~SmallVec() = default;

  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  T& operator[](std::size_t i) { return a_[i]; }
  const T& operator[](std::size_t i) const { return a_[i]; }
  T* begin() { return a_.data(); }
  T* end() { return a_.data() + n_; }
  const T* begin() const { return a_.data(); }
  const T* end() const { return a_.data() + n_; }
  T& back() { return a_[n_ - 1]; }

  void resize(std::size_t n) {
    check(n);
    for (std::size_t i = n; i < n_; ++i) a_[i] = T{};
    n_ = n;
  }
  void assign(std::size_t n, const T& v) {
    check(n);
    for (std::size_t i = 0; i < n; ++i) a_[i] = v;
    for (std::size_t i = n; i < n_; ++i) a_[i] = T{};
    n_ = n;
  }
  void push_back(T v) {
    check(n_ + 1);
    a_[n_++] = std::move(v);
  }
  /// Inserts `v` before position `pos`.
  void insert(const T* pos, T v) {
    check(n_ + 1);
    const auto at = static_cast<std::size_t>(pos - a_.data());
    for (std::size_t i = n_; i > at; --i) a_[i] = std::move(a_[i - 1]);
    a_[at] = std::move(v);
    ++n_;
  }

 private:
  static void check(std::size_t n) {
    if (n > N) throw std::logic_error("SmallVec capacity exceeded");
  }
  std::array<T, N> a_{};
  std::size_t n_ = 0;
};

}  // namespace kernbench::tl
