#include "hw/cache/cache.hpp"

namespace kernbench::hw {

Cache::Cache(const CacheConfig& cfg)
    : line_(cfg.line.in_bytes()),
      line_shift_(std::countr_zero(cfg.line.in_bytes())),
      sets_(cfg.size.in_bytes() / (cfg.line.in_bytes() * cfg.ways)),
      stride_(sets_ > kMaxSimulatedSets ? std::bit_ceil(sets_ / kMaxSimulatedSets) : 1),
      stride_shift_(std::countr_zero(stride_)),
      ways_(cfg.ways),
      tags_((sets_ + stride_ - 1) / stride_ * ways_, 0),
      prints_((sets_ + stride_ - 1) / stride_ * ways_, 0),
      next_way_((sets_ + stride_ - 1) / stride_, 0),
      port_(cfg.bandwidth.in_bytes_per_second()),
      hit_latency_(cfg.hit_latency.in_ps()) {}

bool Cache::lookup(std::uint64_t line_no) {
  // Lines map to sets by a multiplicative hash, so power-of-two strides do
  // not all land in one set (as real caches hash their index bits); the set
  // is a multiply-high of the hash, not a division.
  __extension__ using u128 = unsigned __int128;
  const std::uint64_t h = line_no * 0x9E3779B97F4A7C15ULL;
  const auto full_set = static_cast<std::uint64_t>((static_cast<u128>(h) * sets_) >> 64);
  if ((full_set & (stride_ - 1)) != 0) {
    // Not a simulated set: hit with the simulated sets' rate, decided by an
    // independent hash of the line.
    const std::uint64_t d = (line_no * 0xC2B2AE3D27D4EB4FULL) >> 48;
    if (d < rate_q16_) {
      ++hits_;
      return true;
    }
    ++misses_;
    return false;
  }
  const std::uint64_t set = full_set >> stride_shift_;
  const auto print = static_cast<std::uint8_t>((h >> 56) | 1);
  const std::uint64_t key = line_no + 1;
  std::uint64_t* tags = &tags_[set * ways_];
  std::uint8_t* prints = &prints_[set * ways_];
  for (std::uint64_t w = 0; w < ways_; ++w) {
    if (prints[w] == print && tags[w] == key) {
      ++hits_;
      rate_q16_ += (65536 - rate_q16_) >> 6;  // moving average, weight 1/64
      return true;
    }
  }
  rate_q16_ -= rate_q16_ >> 6;
  const std::uint16_t victim = next_way_[set];
  next_way_[set] = static_cast<std::uint16_t>(std::uint64_t{victim} + 1 == ways_ ? 0 : victim + 1);
  tags[victim] = key;
  prints[victim] = print;
  ++misses_;
  return false;
}

sim::Tick Cache::serve_hits(sim::Tick t, std::uint64_t bytes) {
  if (bytes == 0) return t;
  return port_.reserve(t, bytes) + hit_latency_;
}

}  // namespace kernbench::hw
