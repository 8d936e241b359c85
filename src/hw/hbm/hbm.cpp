#include "hw/hbm/hbm.hpp"

#include <algorithm>

namespace kernbench::hw {

void ChannelTally::add(std::uint64_t addr, std::uint64_t bytes) {
  const std::uint64_t n = pending_.size();
  auto bump = [&](std::uint64_t c, std::uint64_t b) {
    if (pending_[c] == 0) touched_.push_back(static_cast<std::uint32_t>(c));
    pending_[c] += b;
  };
  // A long run: whole rotations over every channel are added at once.
  const std::uint64_t rotation = granule_ * n;
  if (bytes >= 2 * rotation) {
    const std::uint64_t head = (granule_ - addr % granule_) % granule_;
    add(addr, head);
    addr += head;
    bytes -= head;
    const std::uint64_t rotations = bytes / rotation;
    for (std::uint64_t c = 0; c < n; ++c) bump(c, rotations * granule_);
    addr += rotations * rotation;
    bytes -= rotations * rotation;
  }
  while (bytes > 0) {
    const std::uint64_t in_granule = std::min(bytes, granule_ - addr % granule_);
    bump((addr / granule_) % n, in_granule);
    addr += in_granule;
    bytes -= in_granule;
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
