#include "hw/models/dma_cost.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace kernbench::hw {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::uint64_t run_bursts(std::uint64_t addr, std::uint64_t bytes, std::uint64_t burst) {
  if (bytes == 0) return 0;
  return (addr + bytes - 1) / burst - addr / burst + 1;
}

BurstCount strided(const Strided2D& s, std::uint64_t burst) {
  BurstCount out;
  out.useful_bytes = s.rows * s.row_bytes;
  if (s.rows == 0 || s.row_bytes == 0) return out;
  if (s.stride == s.row_bytes || s.rows == 1) {
    out.bursts = run_bursts(s.addr, s.rows * s.row_bytes, burst);
    return out;
  }
  const std::uint64_t per_row = run_bursts(s.addr, s.row_bytes, burst);
  if (s.stride % burst == 0 && s.stride / burst >= per_row) {
    // Every row sits at the same offset in its burst and no two rows share one.
    out.bursts = s.rows * per_row;
    return out;
  }
  // General case: rows ascend, so a row only shares bursts with the bursts
  // counted so far through its start; count the ones past the last counted.
  std::uint64_t last = 0;
  bool any = false;
  for (std::uint64_t r = 0; r < s.rows; ++r) {
    const std::uint64_t a = s.addr + r * s.stride;
    const std::uint64_t first = a / burst;
    const std::uint64_t end = (a + s.row_bytes - 1) / burst;
    const std::uint64_t from = any ? std::max(first, last + 1) : first;
    if (end >= from) out.bursts += end - from + 1;
    if (!any || end > last) last = end;
    any = true;
  }
  return out;
}

// Distinct bursts of lanes [from, to) of a gather.
std::uint64_t group_bursts(const Gather& g, std::size_t from, std::size_t to, std::uint64_t burst) {
  // Collect [first, last] burst intervals, sort, and count their union.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;
  spans.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) {
    const std::uint64_t a = g.addrs[i];
    spans.emplace_back(a / burst, (a + g.elem_bytes - 1) / burst);
  }
  std::sort(spans.begin(), spans.end());
  std::uint64_t n = 0;
  std::uint64_t last = 0;
  bool any = false;
  for (const auto& [first, end] : spans) {
    const std::uint64_t lo = any ? std::max(first, last + 1) : first;
    if (end >= lo) n += end - lo + 1;
    if (!any || end > last) last = end;
    any = true;
  }
  return n;
}

BurstCount gather(const Gather& g, std::uint64_t burst, std::uint64_t group_lanes) {
  BurstCount out;
  out.useful_bytes = g.addrs.size() * g.elem_bytes;
  if (g.addrs.empty() || g.elem_bytes == 0) return out;
  const std::size_t n = g.addrs.size();
  const std::size_t group = group_lanes == 0 ? n : static_cast<std::size_t>(group_lanes);
  for (std::size_t from = 0; from < n; from += group) {
    out.bursts += group_bursts(g, from, std::min(n, from + group), burst);
  }
  return out;
}

}  // namespace

ByteRange pattern_bounds(const AccessPattern& pattern) {
  return std::visit(Overloaded{
                        [](const Contiguous& c) {
                          return ByteRange{c.addr, c.addr + c.bytes};
                        },
                        [](const Strided2D& s) {
                          if (s.rows == 0 || s.row_bytes == 0) return ByteRange{};
                          return ByteRange{s.addr, s.addr + (s.rows - 1) * s.stride + s.row_bytes};
                        },
                        [](const Gather& g) {
                          if (g.addrs.empty()) return ByteRange{};
                          const auto [lo, hi] = std::minmax_element(g.addrs.begin(), g.addrs.end());
                          return ByteRange{*lo, *hi + g.elem_bytes};
                        },
                    },
                    pattern);
}

std::uint64_t gather_group_lanes(std::uint64_t coalesce_bytes, std::uint64_t elem_bytes) {
  if (coalesce_bytes == 0 || elem_bytes == 0) return 0;
  return std::max<std::uint64_t>(1, coalesce_bytes / elem_bytes);
}

BurstCount count_bursts(const AccessPattern& pattern, std::uint64_t burst,
                        std::uint64_t group_lanes) {
  if (burst == 0 || (burst & (burst - 1)) != 0)
    throw std::invalid_argument("count_bursts: burst must be a power of two");
  BurstCount out =
      std::visit(Overloaded{
                     [&](const Contiguous& c) {
                       return BurstCount{run_bursts(c.addr, c.bytes, burst), c.bytes, 0};
                     },
                     [&](const Strided2D& s) { return strided(s, burst); },
                     [&](const Gather& g) { return gather(g, burst, group_lanes); },
                 },
                 pattern);
  out.bus_bytes = out.bursts * burst;
  return out;
}

DmaCost dma_cost(const DmaConfig& dma, const AccessPattern& pattern) {
  if (dma.bytes_per_cycle == 0) throw std::invalid_argument("dma_cost: zero bytes_per_cycle");
  DmaCost out;
  const auto* g = std::get_if<Gather>(&pattern);
  out.bursts =
      count_bursts(pattern, dma.burst.in_bytes(),
                   g ? gather_group_lanes(dma.coalesce_bytes.in_bytes(), g->elem_bytes) : 0);
  if (out.bursts.bursts == 0) return out;
  out.cycles =
      dma.setup_cycles + (out.bursts.bus_bytes + dma.bytes_per_cycle - 1) / dma.bytes_per_cycle;
  return out;
}

}  // namespace kernbench::hw
