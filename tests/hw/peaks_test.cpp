#include "hw/config/peaks.hpp"

#include <gtest/gtest.h>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

constexpr std::size_t idx(Precision p) {
  return static_cast<std::size_t>(p);
}

TEST(Peaks, NpuDefaultMatchesHandDerivedFigures) {
  const HwConfig c = load_preset("npu-default");
  const Peaks p = compute_peaks(c);
  // 16 PEs * 64*64 MAC * 2 FLOP * 1 GHz
  EXPECT_DOUBLE_EQ(p.gemm_flops[idx(Precision::f16)], 131.072e12);
  EXPECT_DOUBLE_EQ(p.gemm_flops[idx(Precision::fp8)], 262.144e12);
  EXPECT_DOUBLE_EQ(p.gemm_flops[idx(Precision::f32)], 32.768e12);
  EXPECT_DOUBLE_EQ(p.ridge[idx(Precision::f16)], 131.072);
  // 16 * 64 lanes * 2 * 1 GHz, f16 packs two per lane.
  EXPECT_DOUBLE_EQ(p.vector_flops[idx(Precision::f32)], 2.048e12);
  EXPECT_DOUBLE_EQ(p.vector_flops[idx(Precision::f16)], 4.096e12);
  EXPECT_EQ(p.hbm_per_channel.in_bytes_per_second(), 125'000'000'000u);
  // 4x4 mesh: a cut crosses 4 links, both directions, 64 GB/s each.
  EXPECT_EQ(p.fabric_bisection.in_bytes_per_second(), 512'000'000'000u);
  // 16 banks * 16 B * 2 ports * 1 GHz
  EXPECT_EQ(p.tcm_per_pe.in_bytes_per_second(), 512'000'000'000u);
  EXPECT_EQ(p.tcm_chip.in_bytes_per_second(), 16ULL * 512'000'000'000ULL);
  EXPECT_EQ(p.cache.in_bytes_per_second(), 0u);
}

TEST(Peaks, H200MatchesHandDerivedFigures) {
  const HwConfig c = load_preset("h200");
  const Peaks p = compute_peaks(c);
  EXPECT_DOUBLE_EQ(p.gemm_flops[idx(Precision::f16)], 132.0 * 2048 * 2 * 1.545e9);  // 835 TFLOP/s
  EXPECT_NEAR(p.ridge[idx(Precision::f16)], 197.48, 0.01);
  EXPECT_DOUBLE_EQ(p.vector_flops[idx(Precision::f32)], 132.0 * 128 * 2 * 1.545e9);
  EXPECT_EQ(p.hbm_per_channel.in_bytes_per_second(), 44'062'500'000u);
  EXPECT_EQ(p.fabric_bisection.in_bytes_per_second(), 2ULL * 66 * 67'700'000'000ULL);
  EXPECT_EQ(p.tcm_per_pe.in_bytes_per_second(), 128ULL * 1'545'000'000ULL);
  EXPECT_EQ(p.cache.in_bytes_per_second(), 10'000'000'000'000u);
}

TEST(Peaks, SummaryNamesTheKeyFigures) {
  const HwConfig c = load_preset("npu-default");
  const std::string s = format_peaks(c, compute_peaks(c));
  EXPECT_NE(s.find("16 PEs at 1 GHz (mesh fabric 4x4)"), std::string::npos) << s;
  EXPECT_NE(s.find("131.1 TFLOP/s"), std::string::npos) << s;
  EXPECT_NE(s.find("HBM 1 TB/s over 8 channels (125 GB/s each)"), std::string::npos) << s;
  EXPECT_NE(s.find("cache disabled"), std::string::npos) << s;
}

}  // namespace
}  // namespace kernbench::hw
