#pragma once
/// @file tile_limit.hpp
/// The largest tile a kernel may create, checked before anything is
/// allocated (a BLOCK_SIZE of 2^28 would otherwise build gigabytes of index
/// values before the TCM says "does not fit").
///
/// A tile holds at most max(2^20, TCM bytes + register-file bytes of a PE)
/// elements: 2^20 is Triton's own limit (TRITON_MAX_TENSOR_NUMEL), and a PE
/// with more on-chip storage than that may hold a tile of that many 1-byte
/// elements. Every tile-creating op (arange, full/zeros, broadcasting
/// binary ops and where, broadcast_to, dot) checks its result shape first.

#include <cstdint>
#include <string_view>

#include "data/shape.hpp"
#include "hw/config/hw_config.hpp"

namespace kernbench::tl {

inline constexpr std::int64_t kTritonMaxTileElements = std::int64_t{1} << 20;

/// The limit above for PEs of `cfg`.
std::int64_t max_tile_elements(const hw::HwConfig& cfg);

/// Throws KernelError "<where>, tl.<op>: a tile of shape [..], N elements
/// is larger than ...".
[[noreturn]] void throw_tile_too_large(const hw::HwConfig& cfg, std::int64_t numel,
                                       const data::Shape* shape, std::string_view where,
                                       std::string_view op);

/// The check: one comparison on the hot path; `where` (a callable giving
/// the program's location) is only called to word the error.
template <class Where>
inline void check_tile(const hw::HwConfig& cfg, std::int64_t numel, const data::Shape* shape,
                       const Where& where, std::string_view op) {
  if (numel <= kTritonMaxTileElements) [[likely]]
    return;
  if (numel > max_tile_elements(cfg)) throw_tile_too_large(cfg, numel, shape, where(), op);
}

}  // namespace kernbench::tl
