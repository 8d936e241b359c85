#include "hw/hbm/hbm.hpp"

#include <algorithm>

namespace kernbench::hw {

void ChannelTally::add(std::uint64_t addr, std::uint64_t bytes) {
  const std::uint64_t n = pending_.size();
  auto bump = [&](std::uint64_t c, std::uint64_t b) {
    if (pending_[c] == 0) touched_.push_back(static_cast<std::uint32_t>(c));
    pending_[c] += b;
  };
  // A long run (two granules per channel or more) spreads evenly.
  if (bytes >= 2 * granule_ * n) {
    const std::uint64_t share = bytes / n;
    for (std::uint64_t c = 0; c < n; ++c) bump(c, share + (c < bytes % n ? 1 : 0));
    return;
  }
  std::uint64_t g = granule_index(addr);
  std::uint64_t in_first = (g + 1) * granule_ - addr;
  while (bytes > 0) {
    const std::uint64_t part = std::min(bytes, in_first);
    bump(hashed_channel(g, n), part);
    bytes -= part;
    ++g;
    in_first = granule_;
  }
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
