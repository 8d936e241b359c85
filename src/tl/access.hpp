#pragma once
/// @file access.hpp
/// From a pointer tile and a mask to a DMA descriptor: contiguous runs and
/// 2-D strided tiles are recognised symbolically (cheap descriptors); any
/// other access is a gather of its active lanes (many small bursts).

#include <cstdint>
#include <optional>
#include <vector>

#include "hw/models/dma_cost.hpp"
#include "tl/host_value.hpp"

namespace kernbench::tl {

struct Access {
  hw::AccessPattern pattern = hw::Contiguous{0, 0};
  std::vector<std::uint64_t> gather;  ///< active lane addresses (Gather)
  std::uint64_t active = 0;           ///< active lanes
  std::uint64_t elem = 0;             ///< bytes per lane
  /// Span to bounds-check for contiguous and strided patterns.
  std::uint64_t lo = 0;
  std::uint64_t span = 0;
  /// True when the contiguous runs lie along the tile's outer axis (a
  /// transposed tile): the descriptor is the same, the element order is not.
  bool transposed = false;
};

/// Analyses byte addresses `ptr` (int64 host value) under `mask` (boolean
/// host value broadcast to ptr's shape, or none).
Access analyse_access(const HostValue& ptr, const std::optional<HostValue>& mask,
                      std::uint64_t elem);

}  // namespace kernbench::tl
