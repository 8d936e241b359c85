#include "hw/models/hbm_map.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

const HbmConfig& npu_hbm() {  // 8 channels, 256 B granule
  static const HbmConfig c = load_preset("npu-default").hbm;
  return c;
}

TEST(HbmInterleave, RotatesGranulesAcrossChannels) {
  EXPECT_EQ(hbm_channel(npu_hbm(), 0), 0u);
  EXPECT_EQ(hbm_channel(npu_hbm(), 255), 0u);
  EXPECT_EQ(hbm_channel(npu_hbm(), 256), 1u);
  EXPECT_EQ(hbm_channel(npu_hbm(), 7 * 256), 7u);
  EXPECT_EQ(hbm_channel(npu_hbm(), 8 * 256), 0u);
  const HbmLocation l = hbm_locate(2348, 256, 8);  // granule 9 -> channel 1, second row
  EXPECT_EQ(l.channel, 1u);
  EXPECT_EQ(l.offset, 256u + 44);
  EXPECT_THROW(hbm_locate(0, 0, 8), std::invalid_argument);
}

TEST(HbmInterleave, SplitsARangeByChannel) {
  // 3000 B from 100: head 156 B in ch0, granules 1..11 -> ch 1..7,0,1,2,3,
  // tail 28 B in ch4.
  const auto b = hbm_bytes_per_channel(npu_hbm(), 100, 3000);
  const std::vector<std::uint64_t> expect{412, 512, 512, 512, 284, 256, 256, 256};
  EXPECT_EQ(b, expect);
  EXPECT_EQ(std::accumulate(b.begin(), b.end(), std::uint64_t{0}), 3000u);
  const auto small = hbm_bytes_per_channel(npu_hbm(), 300, 10);
  EXPECT_EQ(small[1], 10u);
  const auto big = hbm_bytes_per_channel(npu_hbm(), 0, 1ULL << 40);
  for (const auto c : big) EXPECT_EQ(c, (1ULL << 40) / 8);
}

}  // namespace
}  // namespace kernbench::hw
