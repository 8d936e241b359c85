#include "tl/tile_limit.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tl/errors.hpp"

namespace kernbench::tl {

std::int64_t max_tile_elements(const hw::HwConfig& cfg) {
  const std::uint64_t on_chip = cfg.pe.tcm.size.in_bytes() + cfg.pe.regfile.size.in_bytes();
  const std::uint64_t cap = std::uint64_t{1} << 48;  // data::Shape's own limit
  return static_cast<std::int64_t>(
      std::max<std::uint64_t>(kTritonMaxTileElements, std::min(on_chip, cap)));
}

void throw_tile_too_large(const hw::HwConfig& cfg, std::int64_t numel, const data::Shape* shape,
                          std::string_view where, std::string_view op) {
  const std::int64_t limit = max_tile_elements(cfg);
  throw KernelError(fmt::format(
      "{}, tl.{}: a tile of {}{} elements is larger than any tile a PE can hold ({} elements: "
      "Triton's limit 2^20, or pe.tcm.size + pe.regfile.size in bytes if larger); use smaller "
      "block sizes",
      where, op, shape != nullptr ? "shape " + shape->to_string() + ", " : std::string(), numel,
      limit));
}

}  // namespace kernbench::tl
