#include "hw/cache/cache.hpp"

#include <algorithm>
#include <cstring>

namespace kernbench::hw {

namespace {

/// Memo slots for an exact cache: about one per set, within 64..4096 (a
/// per-SM L1 of 512 sets keeps 512; a 30,720-set L2 keeps 4096, 160 KiB).
int memo_bits(std::uint64_t sets) {
  return std::clamp(static_cast<int>(std::bit_width(std::max<std::uint64_t>(sets, 1) - 1)), 6, 12);
}

}  // namespace

Cache::Cache(const CacheConfig& cfg)
    : line_(cfg.line.in_bytes()),
      line_shift_(std::countr_zero(cfg.line.in_bytes())),
      sets_(cfg.size.in_bytes() / (cfg.line.in_bytes() * cfg.ways)),
      stride_(cfg.sampled_sets != 0 && sets_ > cfg.sampled_sets
                  ? std::bit_ceil(sets_ / cfg.sampled_sets)
                  : 1),
      stride_shift_(std::countr_zero(stride_)),
      sample_mask_(stride_ > 1 ? ~(~std::uint64_t{0} >> stride_shift_) : 0),
      simulated_sets_((sets_ + stride_ - 1) / stride_),
      rate_shift_(std::clamp(kRateWindowShift - stride_shift_, 2, 6)),
      ways_(cfg.ways),
      tags32_(simulated_sets_ * ways_, 0),
      set_fills_(sample_mask_ == 0 ? simulated_sets_ : 0, 0),
      memo_(sample_mask_ == 0 ? ResidentMemo(memo_bits(simulated_sets_)) : ResidentMemo{}),
      port_(cfg.bandwidth.in_bytes_per_second()),
      hit_latency_(cfg.hit_latency.in_ps()) {}

bool Cache::lookup_general(std::uint64_t line_no, std::uint64_t set) {
  // Lines map to sets by a multiplicative hash, so power-of-two strides do
  // not all land in one set (as real caches hash their index bits). With
  // sampling, the hash's top stride_shift bits are zero here and the bits
  // below them pick one of the simulated sets; the set is a multiply-high of
  // the hash, not a division.
  const std::uint64_t key = line_no + 1;
  if (tags64_.empty() && key > UINT32_MAX) widen_tags();
  if (tags64_.empty()) return lookup_in(&tags32_[set * ways_], set, key);
  return lookup_in(&tags64_[set * ways_], set, key);
}

void Cache::widen_tags() {
  tags64_.assign(tags32_.begin(), tags32_.end());
  tags32_.clear();
  tags32_.shrink_to_fit();
}

namespace {

/// True when one of the `ways` tags equals `tag` (a branch-free scan; with
/// the count known at compile time it becomes a few vector compares).
template <class Tag>
bool holds(const Tag* tags, std::uint64_t ways, Tag tag) {
  std::uint32_t hit = 0;
  if (ways == 16) {
    for (int w = 0; w < 16; ++w) hit |= static_cast<std::uint32_t>(tags[w] == tag);
    return hit != 0;
  }
  for (std::uint64_t w = 0; w < ways; ++w) hit |= static_cast<std::uint32_t>(tags[w] == tag);
  return hit != 0;
}

}  // namespace

template <class Tag>
bool Cache::lookup_in(Tag* tags, std::uint64_t set, std::uint64_t key) {
  const auto tag = static_cast<Tag>(key);
  if (holds(tags, ways_, tag)) return true;
  fill(tags, set, key);
  return false;
}

template <class Tag>
void Cache::fill(Tag* tags, std::uint64_t set, std::uint64_t key) {
  if (!set_fills_.empty()) ++set_fills_[set];
  // FIFO: the oldest tag (the last) leaves, the new one enters first. A
  // 16-way set moves a size known here, through a buffer the compiler keeps
  // in vector registers.
  if (ways_ == 16) {
    Tag kept[15];
    std::memcpy(kept, tags, sizeof kept);
    std::memcpy(tags + 1, kept, sizeof kept);
  } else if (ways_ == 4) {
    tags[3] = tags[2];
    tags[2] = tags[1];
    tags[1] = tags[0];
  } else {
    std::memmove(tags + 1, tags, (ways_ - 1) * sizeof(Tag));
  }
  tags[0] = static_cast<Tag>(key);
}

template void Cache::fill<std::uint32_t>(std::uint32_t*, std::uint64_t, std::uint64_t);

sim::Tick Cache::serve_hits(sim::Tick t, std::uint64_t bytes) {
  if (bytes == 0) return t;
  return port_.reserve(t, bytes) + hit_latency_;
}

}  // namespace kernbench::hw
