#pragma once
/// \file
/// Cost of one DMA descriptor from its access pattern (pure functions).
///
/// Memory moves in bursts of `burst` bytes aligned to the burst size. A
/// descriptor touches a set of bursts; contiguous and overlapping runs share
/// bursts, and a gather coalesces its element accesses into the distinct
/// bursts they touch (like a GPU coalescer over one request). Whole bursts
/// cross the data path, so
///   bus_bytes = bursts * burst
///   cycles    = setup_cycles + ceil(bus_bytes / bytes_per_cycle)
/// A contiguous 2-D tile costs about its size; 1024 scattered 4-byte elements
/// cost 1024 bursts. Patterns with no bytes cost nothing (0 cycles).

#include <cstdint>
#include <span>
#include <variant>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

/// `bytes` bytes from `addr`.
struct Contiguous {
  std::uint64_t addr;
  std::uint64_t bytes;
};

/// `rows` rows of `row_bytes` bytes; row i starts at addr + i * stride
/// (stride may be smaller than row_bytes: overlapping rows share bursts).
struct Strided2D {
  std::uint64_t addr;
  std::uint64_t rows;
  std::uint64_t row_bytes;
  std::uint64_t stride;
};

/// One element of `elem_bytes` at each address, in any order.
struct Gather {
  std::span<const std::uint64_t> addrs;
  std::uint64_t elem_bytes;
};

using AccessPattern = std::variant<Contiguous, Strided2D, Gather>;

struct BurstCount {
  std::uint64_t bursts = 0;        ///< distinct aligned bursts touched
  std::uint64_t useful_bytes = 0;  ///< bytes the pattern asks for
  std::uint64_t bus_bytes = 0;     ///< bursts * burst
};

/// Counts the bursts of a pattern. Throws std::invalid_argument for a zero or
/// non-power-of-two burst. Cost: O(1) for contiguous runs and for 2-D tiles
/// whose stride is a multiple of the burst, O(rows) for other 2-D tiles,
/// O(n log n) for a gather of n addresses. A gather coalesces its lanes in
/// consecutive groups of `group_lanes` lanes (0: all lanes together): a burst
/// touched by two groups is moved twice, as two warps' requests are.
BurstCount count_bursts(const AccessPattern& pattern, std::uint64_t burst,
                        std::uint64_t group_lanes = 0);
/// Lanes per coalescing group of a gather of `elem_bytes` elements under
/// `coalesce_bytes` (0: all lanes).
std::uint64_t gather_group_lanes(std::uint64_t coalesce_bytes, std::uint64_t elem_bytes);

/// The byte range [first, last) a pattern touches (empty: {0, 0}).
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool overlaps(const ByteRange& o) const { return first < o.last && o.first < last; }
};
ByteRange pattern_bounds(const AccessPattern& pattern);

struct DmaCost {
  BurstCount bursts;
  std::uint64_t cycles = 0;
};

/// Cycles of one descriptor on one DMA engine.
DmaCost dma_cost(const DmaConfig& dma, const AccessPattern& pattern);

}  // namespace kernbench::hw
