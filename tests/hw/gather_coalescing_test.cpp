// Gathers coalesce per group of lanes (a warp's request), not per descriptor.

#include <gtest/gtest.h>

#include <vector>

#include "hw/config/loader.hpp"
#include "hw/models/dma_cost.hpp"

using namespace kernbench::hw;

TEST(GatherCoalescing, DuplicateBurstsInDifferentGroupsAreCountedOncePerGroup) {
  // 32 B bursts, 4-byte elements, groups of 4 lanes:
  //   group 0: 0, 4, 8, 64      -> bursts {0, 2}    = 2
  //   group 1: 0, 4, 100, 128   -> bursts {0, 3, 4} = 3
  //   group 2: 64, 68           -> bursts {2}       = 1 (a short last group)
  // 6 bursts in groups; the whole descriptor touches {0, 2, 3, 4} = 4.
  const std::vector<std::uint64_t> a = {0, 4, 8, 64, 0, 4, 100, 128, 64, 68};
  const Gather g{a, 4};
  const BurstCount grouped = count_bursts(g, 32, 4);
  EXPECT_EQ(grouped.bursts, 6u);
  EXPECT_EQ(grouped.bus_bytes, 6u * 32u);
  EXPECT_EQ(grouped.useful_bytes, 10u * 4u);
  const BurstCount whole = count_bursts(g, 32, 0);
  EXPECT_EQ(whole.bursts, 4u);
  EXPECT_EQ(whole.bus_bytes, 4u * 32u);
  // Groups as large as the gather are the whole descriptor.
  EXPECT_EQ(count_bursts(g, 32, 10).bursts, 4u);
  EXPECT_EQ(count_bursts(g, 32, 64).bursts, 4u);
  // One lane per group: every lane its own request (an element straddling
  // two bursts counts both).
  const std::vector<std::uint64_t> b = {0, 0, 30, 30};
  EXPECT_EQ(count_bursts(Gather{b, 4}, 32, 1).bursts, 1u + 1u + 2u + 2u);
  EXPECT_EQ(count_bursts(Gather{b, 4}, 32, 0).bursts, 2u);
}

TEST(GatherCoalescing, GroupLanesAreTheCoalescingBytesOverTheElementSize) {
  EXPECT_EQ(gather_group_lanes(512, 4), 128u);  // 32 threads x 16 B of f32
  EXPECT_EQ(gather_group_lanes(512, 2), 256u);
  EXPECT_EQ(gather_group_lanes(0, 4), 0u);  // 0: the whole descriptor
  EXPECT_EQ(gather_group_lanes(2, 4), 1u);  // at least one lane
}

TEST(GatherCoalescing, TheDmaCostCountsTheGroupsBursts) {
  // pe.dma.coalesce_bytes = 16 B: groups of 4 f32 lanes, 6 bursts of 32 B
  // (above) = 192 bus bytes; at 64 B per cycle after 32 setup cycles:
  // 32 + 192 / 64 = 35 cycles. Whole-descriptor coalescing: 4 bursts,
  // 32 + 128 / 64 = 34 cycles.
  HwConfig cfg = default_hw_config();
  cfg.pe.dma.burst = ByteSize::bytes(32);
  cfg.pe.dma.setup_cycles = 32;
  cfg.pe.dma.bytes_per_cycle = 64;
  const std::vector<std::uint64_t> a = {0, 4, 8, 64, 0, 4, 100, 128, 64, 68};
  cfg.pe.dma.coalesce_bytes = ByteSize::bytes(16);
  const DmaCost grouped = dma_cost(cfg.pe.dma, Gather{a, 4});
  EXPECT_EQ(grouped.bursts.bursts, 6u);
  EXPECT_EQ(grouped.cycles, 35u);
  cfg.pe.dma.coalesce_bytes = ByteSize::bytes(0);
  const DmaCost whole = dma_cost(cfg.pe.dma, Gather{a, 4});
  EXPECT_EQ(whole.bursts.bursts, 4u);
  EXPECT_EQ(whole.cycles, 34u);
}
