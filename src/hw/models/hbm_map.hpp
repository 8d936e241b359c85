#pragma once
/// \file
/// HBM address interleaving (pure functions). Addresses rotate across the
/// channels in granules of `interleave` bytes:
///   channel = (addr / granule) mod channels
///   offset  = (addr / (granule * channels)) * granule + addr mod granule
/// (offset is the byte address inside the channel).

#include <cstdint>
#include <vector>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

struct HbmLocation {
  std::uint64_t channel;
  std::uint64_t offset;  ///< byte address within the channel
};

/// Throws std::invalid_argument for a zero granule or zero channels.
HbmLocation hbm_locate(std::uint64_t addr, std::uint64_t granule, std::uint64_t channels);

/// The channel holding `addr` under cfg's interleaving.
std::uint64_t hbm_channel(const HbmConfig& cfg, std::uint64_t addr);

/// Bytes of [addr, addr + bytes) that land in each channel (size = channels).
/// O(channels), independent of `bytes`.
std::vector<std::uint64_t> hbm_bytes_per_channel(const HbmConfig& cfg, std::uint64_t addr,
                                                 std::uint64_t bytes);

}  // namespace kernbench::hw
