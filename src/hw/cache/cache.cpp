#include "hw/cache/cache.hpp"

namespace kernbench::hw {

Cache::Cache(const CacheConfig& cfg)
    : line_(cfg.line.in_bytes()),
      sets_(cfg.size.in_bytes() / (cfg.line.in_bytes() * cfg.ways)),
      ways_(cfg.ways),
      tags_(sets_ * ways_, 0),
      stamp_(sets_ * ways_, 0),
      port_(cfg.bandwidth.in_bytes_per_second()),
      hit_latency_(cfg.hit_latency.in_ps()) {}

bool Cache::lookup(std::uint64_t line_no) {
  // Lines map to sets by a multiplicative hash, so power-of-two strides do
  // not all land in one set (as real caches hash their index bits).
  const std::uint64_t set = ((line_no * 0x9E3779B97F4A7C15ULL) >> 20) % sets_;
  std::uint64_t* tags = &tags_[set * ways_];
  std::uint64_t* stamps = &stamp_[set * ways_];
  ++clock_;
  std::uint64_t victim = 0;
  for (std::uint64_t w = 0; w < ways_; ++w) {
    if (tags[w] == line_no + 1) {
      stamps[w] = clock_;
      ++hits_;
      return true;
    }
    if (stamps[w] < stamps[victim]) victim = w;
  }
  tags[victim] = line_no + 1;
  stamps[victim] = clock_;
  ++misses_;
  return false;
}

sim::Tick Cache::serve_hits(sim::Tick t, std::uint64_t bytes) {
  if (bytes == 0) return t;
  return port_.reserve(t, bytes) + hit_latency_;
}

}  // namespace kernbench::hw
