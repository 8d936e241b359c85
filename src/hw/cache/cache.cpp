#include "hw/cache/cache.hpp"

#include <algorithm>
#include <cstring>

namespace kernbench::hw {

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
      prints_(simulated_sets_ * ways_, 0),
      next_way_(simulated_sets_, 0),
      port_(cfg.bandwidth.in_bytes_per_second()),
      hit_latency_(cfg.hit_latency.in_ps()) {}

bool Cache::lookup(std::uint64_t line_no, std::uint64_t h) {
  // Lines map to sets by a multiplicative hash, so power-of-two strides do
  // not all land in one set (as real caches hash their index bits). With
  // sampling, the hash's top stride_shift bits are zero here and the bits
  // below them pick one of the simulated sets; the set is a multiply-high of
  // the hash, not a division.
  __extension__ using u128 = unsigned __int128;
  const std::uint64_t u = h << stride_shift_;
  const auto set = static_cast<std::uint64_t>((static_cast<u128>(u) * simulated_sets_) >> 64);
  // The fingerprint comes from hash bits the set choice does not use.
  const auto print = static_cast<std::uint8_t>((h >> 32) | 1);
  const std::uint64_t key = line_no + 1;
  std::uint8_t* prints = &prints_[set * ways_];
  if (tags64_.empty() && key > UINT32_MAX) widen_tags();
  if (tags64_.empty()) return lookup_in(&tags32_[set * ways_], prints, set, key, print);
  return lookup_in(&tags64_[set * ways_], prints, set, key, print);
}

void Cache::widen_tags() {
  tags64_.assign(tags32_.begin(), tags32_.end());
  tags32_.clear();
  tags32_.shrink_to_fit();
}

template <class Tag>
bool Cache::lookup_in(Tag* tags, std::uint8_t* prints, std::uint64_t set, std::uint64_t key,
                      std::uint8_t print) {
  const auto found = [&](std::uint64_t w) {
    if (tags[w] != key) return false;
    rate_q16_ += (65536 - rate_q16_) >> rate_shift_;  // moving average
    return true;
  };
  // Eight fingerprints at a time: the bytes equal to `print` are the zero
  // bytes of their XOR, found exactly (no carries between bytes).
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t broadcast = 0x0101010101010101ULL * print;
  std::uint64_t w = 0;
  for (; w + 8 <= ways_; w += 8) {
    std::uint64_t word;
    std::memcpy(&word, prints + w, sizeof word);
    const std::uint64_t x = word ^ broadcast;
    for (std::uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7); zero != 0; zero &= zero - 1) {
      if (found(w + static_cast<std::uint64_t>(std::countr_zero(zero)) / 8)) return true;
    }
  }
  for (; w < ways_; ++w) {
    if (prints[w] == print && found(w)) return true;
  }
  rate_q16_ -= rate_q16_ >> rate_shift_;
  const std::uint16_t victim = next_way_[set];
  next_way_[set] = static_cast<std::uint16_t>(std::uint64_t{victim} + 1 == ways_ ? 0 : victim + 1);
  tags[victim] = static_cast<Tag>(key);
  prints[victim] = print;
  return false;
}

sim::Tick Cache::serve_hits(sim::Tick t, std::uint64_t bytes) {
  if (bytes == 0) return t;
  return port_.reserve(t, bytes) + hit_latency_;
}

}  // namespace kernbench::hw
