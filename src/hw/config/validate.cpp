#include "hw/config/validate.hpp"

#include <fmt/format.h>

#include "hw/config/params.hpp"

namespace kernbench::hw {
namespace {

bool is_pow2(std::uint64_t v) {
  return v != 0 && (v & (v - 1)) == 0;
}

[[noreturn]] void fail(std::string_view origin, std::string_view level, const std::string& what) {
  throw ConfigError(fmt::format("{}: {}: {}", origin, level, what));
}

}  // namespace

void validate_config(const HwConfig& c, std::string_view origin) {
  // The TCM interleaves bank_width-byte words across the banks, so a size
  // that is not a whole number of bank rows would leave a ragged last row.
  const std::uint64_t row = c.pe.tcm.banks * c.pe.tcm.bank_width.in_bytes();
  if (c.pe.tcm.size.in_bytes() % row != 0)
    fail(origin, "pe.tcm",
         fmt::format("banks x bank_width = {} x {} = {} does not divide size {}; expected a size "
                     "that is a multiple of {}",
                     c.pe.tcm.banks, c.pe.tcm.bank_width.to_string(),
                     ByteSize::bytes(row).to_string(), c.pe.tcm.size.to_string(),
                     ByteSize::bytes(row).to_string()));

  if (!is_pow2(c.pe.dma.burst.in_bytes()))
    fail(origin, "pe.dma.burst",
         fmt::format("{} is not a power of two; expected a power of two (bursts are aligned to "
                     "their size)",
                     c.pe.dma.burst.to_string()));

  if (c.fabric.topology == Topology::mesh && c.fabric.mesh.x * c.fabric.mesh.y < c.pe.count)
    fail(origin, "fabric.mesh",
         fmt::format("x * y = {} * {} = {} nodes is fewer than pe.count = {}; expected at least "
                     "one mesh node per PE",
                     c.fabric.mesh.x, c.fabric.mesh.y, c.fabric.mesh.x * c.fabric.mesh.y,
                     c.pe.count));

  if (c.hbm.interleave.in_bytes() % c.pe.dma.burst.in_bytes() != 0)
    fail(origin, "hbm.interleave",
         fmt::format("{} is not a multiple of pe.dma.burst = {}; expected a multiple, so that no "
                     "burst straddles two channels",
                     c.hbm.interleave.to_string(), c.pe.dma.burst.to_string()));

  if (c.hbm.bandwidth.in_bytes_per_second() < c.hbm.channels)
    fail(origin, "hbm",
         fmt::format("bandwidth {} over {} channels leaves less than 1 B/s per channel; expected "
                     "at least 1 B/s per channel",
                     c.hbm.bandwidth.to_string(), c.hbm.channels));

  if (c.cache.enabled) {
    if (!is_pow2(c.cache.line.in_bytes()))
      fail(origin, "cache.line",
           fmt::format("{} is not a power of two; expected a power of two",
                       c.cache.line.to_string()));
    const std::uint64_t set_bytes = c.cache.line.in_bytes() * c.cache.ways;
    if (c.cache.size.in_bytes() % set_bytes != 0)
      fail(origin, "cache",
           fmt::format("size {} is not a multiple of line x ways = {} x {} = {}; expected a whole "
                       "number of sets",
                       c.cache.size.to_string(), c.cache.line.to_string(), c.cache.ways,
                       ByteSize::bytes(set_bytes).to_string()));
  }

  const L1Config& l1 = c.pe.l1;
  if (l1.size.in_bytes() != 0) {
    if (!is_pow2(l1.line.in_bytes()))
      fail(origin, "pe.l1.line",
           fmt::format("{} is not a power of two; expected a power of two", l1.line.to_string()));
    const std::uint64_t set_bytes = l1.line.in_bytes() * l1.ways;
    if (l1.size.in_bytes() % set_bytes != 0)
      fail(origin, "pe.l1",
           fmt::format("size {} is not a multiple of line x ways = {} x {} = {}; expected a whole "
                       "number of sets",
                       l1.size.to_string(), l1.line.to_string(), l1.ways,
                       ByteSize::bytes(set_bytes).to_string()));
  }
}

}  // namespace kernbench::hw
