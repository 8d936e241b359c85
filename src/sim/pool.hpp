#pragma once
/// @file pool.hpp
/// Engine-owned memory pools: fixed size classes with free lists, so that
/// coroutine frames, schedule nodes and event states cost no `malloc` on the
/// hot path. A pool belongs to one engine (no global state); everything it
/// handed out is released in bulk when the pool is destroyed.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace kernbench::sim {

/// Size-class allocator. Blocks up to `kMaxPooled` bytes come from per-class
/// free lists carved out of 64 KiB chunks; larger blocks use operator new.
class Pool {
 public:
  static constexpr std::size_t kGranule = 32;
  static constexpr std::size_t kMaxPooled = 4096;

  Pool() = default;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool();

  void* allocate(std::size_t bytes) {
    if (bytes > kMaxPooled) return ::operator new(bytes);
    const std::size_t cls = (bytes + kGranule - 1) / kGranule;
    FreeBlock* b = free_[cls];
    if (b != nullptr) {
      free_[cls] = b->next;
      return b;
    }
    return refill(cls);
  }

  void deallocate(void* p, std::size_t bytes) noexcept {
    if (bytes > kMaxPooled) {
      ::operator delete(p);
      return;
    }
    const std::size_t cls = (bytes + kGranule - 1) / kGranule;
    auto* b = static_cast<FreeBlock*>(p);
    b->next = free_[cls];
    free_[cls] = b;
  }

  /// Bytes reserved from the system so far (chunks only).
  std::size_t reserved_bytes() const { return chunks_.size() * kChunkBytes; }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static constexpr std::size_t kClasses = kMaxPooled / kGranule + 1;
  static constexpr std::size_t kChunkBytes = 64 * 1024;

  void* refill(std::size_t cls);

  FreeBlock* free_[kClasses] = {};
  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::byte* bump_ = nullptr;
  std::size_t bump_left_ = 0;
};

}  // namespace kernbench::sim
