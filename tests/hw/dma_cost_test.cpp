#include "hw/models/dma_cost.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

// npu-default: setup 32 cycles, 64 B/cycle, 64-byte bursts.
const DmaConfig& npu_dma() {
  static const DmaConfig c = load_preset("npu-default").pe.dma;
  return c;
}

TEST(CountBursts, ContiguousRunsCountTouchedAlignedBursts) {
  EXPECT_EQ(count_bursts(Contiguous{0, 4096}, 64).bursts, 64u);
  const auto b = count_bursts(Contiguous{60, 100}, 64);  // bytes 60..159: bursts 0, 1, 2
  EXPECT_EQ(b.bursts, 3u);
  EXPECT_EQ(b.useful_bytes, 100u);
  EXPECT_EQ(b.bus_bytes, 192u);
  EXPECT_EQ(count_bursts(Contiguous{0, 0}, 64).bursts, 0u);
  EXPECT_THROW(count_bursts(Contiguous{0, 1}, 48), std::invalid_argument);
}

TEST(CountBursts, StridedTilesMergeAndShareBursts) {
  // 64 rows of 128 B at a 4 KiB stride: two bursts per row.
  EXPECT_EQ(count_bursts(Strided2D{0, 64, 128, 4096}, 64).bursts, 128u);
  // stride == row_bytes is one contiguous run: 400 B from 0 -> 7 bursts.
  EXPECT_EQ(count_bursts(Strided2D{0, 4, 100, 100}, 64).bursts, 7u);
  // Rows at 0, 96, 192 of 64 B: bursts {0}, {1, 2}, {3}.
  EXPECT_EQ(count_bursts(Strided2D{0, 3, 64, 96}, 64).bursts, 4u);
  // Overlapping rows at 0, 32, 64 of 64 B: bursts {0}, {0, 1}, {1}.
  EXPECT_EQ(count_bursts(Strided2D{0, 3, 64, 32}, 64).bursts, 2u);
  // Broadcast (stride 0) reads one row once.
  EXPECT_EQ(count_bursts(Strided2D{128, 10, 64, 0}, 64).bursts, 1u);
}

TEST(CountBursts, GathersCoalesceIntoDistinctBursts) {
  std::vector<std::uint64_t> scattered;
  for (std::uint64_t i = 0; i < 1024; ++i) scattered.push_back(i * 4096);
  EXPECT_EQ(count_bursts(Gather{scattered, 4}, 64).bursts, 1024u);
  std::vector<std::uint64_t> dense;
  for (std::uint64_t i = 16; i-- > 0;) dense.push_back(i * 4);  // reversed order
  EXPECT_EQ(count_bursts(Gather{dense, 4}, 64).bursts, 1u);
  const std::vector<std::uint64_t> straddle{62, 62};
  EXPECT_EQ(count_bursts(Gather{straddle, 4}, 64).bursts, 2u);
  EXPECT_EQ(count_bursts(Gather{straddle, 4}, 64).useful_bytes, 8u);
}

TEST(DmaCost, ContiguousTilesAreCheapAndScatteredElementsAreNot) {
  EXPECT_EQ(dma_cost(npu_dma(), Contiguous{0, 4096}).cycles, 32u + 64);
  // A 64 x 128 B tile out of a wider matrix costs the same as 8 KiB contiguous.
  EXPECT_EQ(dma_cost(npu_dma(), Strided2D{0, 64, 128, 4096}).cycles, 32u + 128);
  EXPECT_EQ(dma_cost(npu_dma(), Contiguous{0, 8192}).cycles, 32u + 128);
  std::vector<std::uint64_t> scattered;
  for (std::uint64_t i = 0; i < 1024; ++i) scattered.push_back(i * 4096);
  const DmaCost g = dma_cost(npu_dma(), Gather{scattered, 4});
  EXPECT_EQ(g.cycles, 32u + 1024);  // 1024 bursts of 64 B for 4 KiB of data
  EXPECT_EQ(g.bursts.bus_bytes, 65'536u);
  EXPECT_EQ(dma_cost(npu_dma(), Contiguous{0, 0}).cycles, 0u);
}

}  // namespace
}  // namespace kernbench::hw
