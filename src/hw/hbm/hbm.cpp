#include "hw/hbm/hbm.hpp"

#include <algorithm>

namespace kernbench::hw {

void ChannelTally::add(std::uint64_t addr, std::uint64_t bytes) {
  if (bytes == 0) return;
  const std::uint64_t n = pending_.size();
  // A long run (two granules per channel or more) spreads evenly.
  if (bytes >= 2 * granule_ * n) {
    const std::uint64_t share = bytes / n;
    for (std::uint64_t c = 0; c < n; ++c) bump(c, share + (c < bytes % n ? 1 : 0));
    return;
  }
  const std::uint64_t g = granule_index(addr);
  const std::uint64_t in_first = (g + 1) * granule_ - addr;
  if (bytes <= in_first) {
    bump(hashed_channel(g, n), bytes);
    return;
  }
  bump(hashed_channel(g, n), in_first);
  bytes -= in_first;
  // Whole granules, then the tail; the hash products step by addition.
  std::uint64_t m = (g + 1) * kChannelHash;
  for (; bytes >= granule_; bytes -= granule_, m += kChannelHash) {
    bump(channel_of_product(m, n), granule_);
  }
  if (bytes > 0) bump(channel_of_product(m, n), bytes);
}

Hbm::Hbm(const HbmConfig& cfg)
    : tally_(cfg.channels, cfg.interleave.in_bytes()),
      granule_(cfg.interleave.in_bytes()),
      latency_(cfg.latency.in_ps()) {
  channels_.reserve(cfg.channels);
  for (std::uint64_t c = 0; c < cfg.channels; ++c) {
    channels_.emplace_back(cfg.bandwidth.in_bytes_per_second() / cfg.channels);
  }
}

}  // namespace kernbench::hw
