#pragma once
/// \file
/// Internal to trace/: an allocator for the op log's big arrays that asks the
/// kernel for transparent huge pages.
///
/// Why: a 10M-record log is 1.6 GB. With 4 KiB pages a fresh log takes one
/// page fault per 25 records; on the machine the bench numbers come from,
/// first-touch cost dominated append time (~0.5 us/record vs ~0.05 us with
/// memory reused). Blocks of at least kThreshold bytes are 2 MiB-aligned and
/// advised MADV_HUGEPAGE so that, where transparent huge pages are available
/// ("madvise" or "always"), one fault maps 2 MiB instead of 4 KiB. Where THP
/// is unavailable the advice is a no-op (failure is ignored). Smaller blocks
/// use plain operator new.

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace kernbench::trace::detail {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kThreshold = std::size_t{4} << 20;

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kThreshold) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace kernbench::trace::detail
