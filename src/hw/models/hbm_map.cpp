#include "hw/models/hbm_map.hpp"

#include <algorithm>
#include <stdexcept>

namespace kernbench::hw {

HbmLocation hbm_locate(std::uint64_t addr, std::uint64_t granule, std::uint64_t channels) {
  if (granule == 0 || channels == 0)
    throw std::invalid_argument("hbm_locate: zero granule or channels");
  const std::uint64_t g = addr / granule;
  return {g % channels, (g / channels) * granule + addr % granule};
}

std::uint64_t hbm_channel(const HbmConfig& cfg, std::uint64_t addr) {
  return hbm_locate(addr, cfg.interleave.in_bytes(), cfg.channels).channel;
}

std::vector<std::uint64_t> hbm_bytes_per_channel(const HbmConfig& cfg, std::uint64_t addr,
                                                 std::uint64_t bytes) {
  const std::uint64_t granule = cfg.interleave.in_bytes();
  const std::uint64_t channels = cfg.channels;
  if (granule == 0 || channels == 0)
    throw std::invalid_argument("hbm_bytes_per_channel: zero granule or channels");
  std::vector<std::uint64_t> out(channels, 0);
  if (bytes == 0) return out;
  // Head: the rest of the first granule.
  std::uint64_t g = addr / granule;
  const std::uint64_t head = std::min(bytes, granule - addr % granule);
  out[g % channels] += head;
  std::uint64_t left = bytes - head;
  ++g;
  // Whole granules: full rounds over all channels, then a partial round.
  const std::uint64_t whole = left / granule;
  const std::uint64_t rounds = whole / channels;
  if (rounds != 0)
    for (auto& c : out) c += rounds * granule;
  const std::uint64_t extra = whole % channels;
  for (std::uint64_t i = 0; i < extra; ++i) out[(g + i) % channels] += granule;
  g += whole;
  left -= whole * granule;
  // Tail: the start of the last granule.
  if (left != 0) out[g % channels] += left;
  return out;
}

}  // namespace kernbench::hw
