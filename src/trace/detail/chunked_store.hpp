#pragma once
/// \file
/// Internal to trace/: append-only storage in fixed chunks of 2^16 elements.
///
/// Why not std::vector: growing a vector of 160-byte records copies the
/// whole log at each doubling and maps fresh pages each time; at 10M records
/// that made append ~6x slower than with reserve(). Chunks never move, so
/// growth costs one allocation per 65536 elements and each page is faulted
/// in once (chunks are huge-page advised, see huge_page_allocator.hpp).
/// Elements are addressed by index (two loads); references stay valid until
/// clear() or destruction.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <type_traits>
#include <vector>

#include "trace/detail/huge_page_allocator.hpp"

namespace kernbench::trace::detail {

template <typename T>
class ChunkedStore {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  static constexpr std::size_t kShift = 16;
  static constexpr std::size_t kChunk = std::size_t{1} << kShift;
  static constexpr std::size_t kMask = kChunk - 1;

  ChunkedStore() = default;
  ChunkedStore(const ChunkedStore&) = delete;
  ChunkedStore& operator=(const ChunkedStore&) = delete;
  ChunkedStore(ChunkedStore&&) noexcept = default;
  ChunkedStore& operator=(ChunkedStore&&) noexcept = default;

  T& push_back(const T& v) {
    if (size_ == capacity()) [[unlikely]]
      add_chunk();
    T& slot = chunks_[size_ >> kShift].get()[size_ & kMask];
    slot = v;
    ++size_;
    return slot;
  }

  [[nodiscard]] T& operator[](std::size_t i) noexcept {
    return chunks_[i >> kShift].get()[i & kMask];
  }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
    return chunks_[i >> kShift].get()[i & kMask];
  }
  [[nodiscard]] T& back() noexcept { return (*this)[size_ - 1]; }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t capacity() const noexcept { return chunks_.size() * kChunk; }

  void reserve(std::size_t n) {
    while (capacity() < n) add_chunk();
  }
  /// Forgets the elements, keeps the chunks.
  void clear() noexcept { size_ = 0; }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    const_iterator(const ChunkedStore* s, std::size_t i) : store_(s), i_(i) {}
    reference operator*() const noexcept { return (*store_)[i_]; }
    pointer operator->() const noexcept { return &(*store_)[i_]; }
    const_iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) noexcept {
      const_iterator old = *this;
      ++i_;
      return old;
    }
    bool operator==(const const_iterator& o) const noexcept { return i_ == o.i_; }

   private:
    const ChunkedStore* store_ = nullptr;
    std::size_t i_ = 0;
  };

  [[nodiscard]] const_iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] const_iterator end() const noexcept { return {this, size_}; }

 private:
  struct Free {
    void operator()(T* p) const noexcept { HugePageAllocator<T>().deallocate(p, kChunk); }
  };
  void add_chunk() { chunks_.emplace_back(HugePageAllocator<T>().allocate(kChunk)); }

  std::vector<std::unique_ptr<T, Free>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace kernbench::trace::detail
