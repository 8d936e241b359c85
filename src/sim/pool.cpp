#include "sim/pool.hpp"

namespace kernbench::sim {

Pool::~Pool() = default;

void* Pool::refill(std::size_t cls) {
  const std::size_t bytes = cls * kGranule;
  if (bump_left_ < bytes) {
    // The tail of the previous chunk (< one block) is simply abandoned; it is
    // freed with the chunk.
    chunks_.emplace_back(new std::byte[kChunkBytes]);
    bump_ = chunks_.back().get();
    bump_left_ = kChunkBytes;
  }
  void* p = bump_;
  bump_ += bytes;
  bump_left_ -= bytes;
  return p;
}

}  // namespace kernbench::sim
