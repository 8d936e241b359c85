#include "hw/models/systolic.hpp"

#include <gtest/gtest.h>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

constexpr ArrayDims k32{32, 32};
constexpr auto kOS = Dataflow::kOutputStationary;
constexpr auto kWS = Dataflow::kWeightStationary;
constexpr auto kIS = Dataflow::kInputStationary;

TEST(SystolicMapping, FollowsScaleSim) {
  const GemmShape s{100, 40, 64};
  EXPECT_EQ(map_gemm(kOS, s).s_r, 100u);
  EXPECT_EQ(map_gemm(kOS, s).s_c, 40u);
  EXPECT_EQ(map_gemm(kOS, s).t, 64u);
  EXPECT_EQ(map_gemm(kWS, s).s_r, 64u);
  EXPECT_EQ(map_gemm(kWS, s).s_c, 40u);
  EXPECT_EQ(map_gemm(kWS, s).t, 100u);
  EXPECT_EQ(map_gemm(kIS, s).s_r, 64u);
  EXPECT_EQ(map_gemm(kIS, s).s_c, 100u);
  EXPECT_EQ(map_gemm(kIS, s).t, 40u);
  EXPECT_THROW(map_gemm(Dataflow::kThroughput, s), std::logic_error);
}

TEST(SystolicCycles, OneFoldIsTwoSrPlusScPlusTMinusTwo) {
  // 2*32 + 32 + 32 - 2
  EXPECT_EQ(systolic_cycles(k32, kOS, {32, 32, 32}).cycles, 126u);
  // Smaller than the array: S_R = 10, S_C = 20, T = 5 -> 20 + 20 + 5 - 2.
  EXPECT_EQ(systolic_cycles(k32, kOS, {10, 20, 5}).cycles, 43u);
  const auto r = systolic_cycles(k32, kOS, {32, 32, 32});
  EXPECT_EQ(r.row_folds, 1u);
  EXPECT_DOUBLE_EQ(r.utilization, 32.0 * 32 * 32 / (1024.0 * 126));
}

TEST(SystolicCycles, PartialFoldsUseThePublishedScaleOutForm) {
  // OS: S_R=100 -> 4 folds, S_C=40 -> 2 folds, T=64: (64 + 32 + 64 - 2) * 8.
  const auto os = systolic_cycles(k32, kOS, {100, 40, 64});
  EXPECT_EQ(os.cycles, 1264u);
  EXPECT_EQ(os.row_folds, 4u);
  EXPECT_EQ(os.col_folds, 2u);
  // WS: S_R=64 (2), S_C=40 (2), T=100: (64 + 32 + 100 - 2) * 4.
  EXPECT_EQ(systolic_cycles(k32, kWS, {100, 40, 64}).cycles, 776u);
  // IS: S_R=64 (2), S_C=100 (4), T=40: (64 + 32 + 40 - 2) * 8.
  EXPECT_EQ(systolic_cycles(k32, kIS, {100, 40, 64}).cycles, 1072u);
}

TEST(SystolicCycles, ExactPartialFoldsChargeOccupiedRowsAndColumns) {
  // Folds use rows {32,32,32,4} x cols {32,8}: sum(2r + c + 62) over 8 folds
  // = 2*2*100 + 4*40 + 8*62.
  EXPECT_EQ(systolic_cycles(k32, kOS, {100, 40, 64}, FoldModel::kExactPartial).cycles, 1056u);
  // Equal to the published model when the array divides the problem.
  EXPECT_EQ(systolic_cycles(k32, kOS, {64, 96, 10}, FoldModel::kExactPartial).cycles,
            systolic_cycles(k32, kOS, {64, 96, 10}).cycles);
  EXPECT_EQ(systolic_cycles(k32, kOS, {64, 96, 10}).cycles, (64u + 32 + 10 - 2) * 6);
}

TEST(SystolicCycles, KOfOneIsPureFillAndDrain) {
  EXPECT_EQ(systolic_cycles(k32, kOS, {32, 32, 1}).cycles, 95u);  // 64 + 32 + 1 - 2
  // WS with K=1 uses one array row: S_R = 1, S_C = 32, T = 32.
  EXPECT_EQ(systolic_cycles(k32, kWS, {32, 32, 1}).cycles, 64u);  // 2 + 32 + 32 - 2
}

TEST(SystolicCycles, GemvShapes) {
  // M = 1 (GEMV), N = K = 1024.
  // WS: S_R = 1024 (32 folds), S_C = 1024 (32), T = 1: (64 + 32 + 1 - 2) * 1024.
  EXPECT_EQ(systolic_cycles(k32, kWS, {1, 1024, 1024}).cycles, 97'280u);
  // OS: S_R = 1, S_C = 1024 (32 folds), T = 1024: (64 + 32 + 1024 - 2) * 32.
  EXPECT_EQ(systolic_cycles(k32, kOS, {1, 1024, 1024}).cycles, 35'776u);
  // Exact partial: each fold is 2*1 + 32 + 1022.
  EXPECT_EQ(systolic_cycles(k32, kOS, {1, 1024, 1024}, FoldModel::kExactPartial).cycles, 33'792u);
  // N = 1: OS S_R = 64 (2 folds), S_C = 1, T = 16: (64 + 32 + 16 - 2) * 2.
  EXPECT_EQ(systolic_cycles(k32, kOS, {64, 1, 16}).cycles, 220u);
  // IS with N = 1: S_R = K = 16, S_C = M = 64 (2 folds), T = 1: (64 + 32 + 1 - 2) * 2.
  EXPECT_EQ(systolic_cycles(k32, kIS, {64, 1, 16}).cycles, 190u);
}

TEST(SystolicCycles, ThroughputDataflowIsMacsOverCells) {
  EXPECT_EQ(systolic_cycles({32, 64}, Dataflow::kThroughput, {128, 128, 128}).cycles, 1024u);
  EXPECT_EQ(systolic_cycles({32, 64}, Dataflow::kThroughput, {1, 1, 1}).cycles, 1u);
  EXPECT_EQ(systolic_cycles(k32, kOS, {0, 5, 5}).cycles, 0u);
}

TEST(CeilDivRate, IsExact) {
  EXPECT_EQ(ceil_div_rate(7, 2.0), 4u);
  EXPECT_EQ(ceil_div_rate(9, 0.25), 36u);
  EXPECT_EQ(ceil_div_rate(10, 0.3), 34u);  // 10 / 0.29999999999999998890 = 33.33...
  EXPECT_EQ(ceil_div_rate(12, 3.0), 4u);
  EXPECT_EQ(ceil_div_rate(0, 0.5), 0u);
  EXPECT_THROW(ceil_div_rate(1, 0.0), std::invalid_argument);
}

TEST(GemmCycles, ScalesKByThePrecisionRateAndAddsLatency) {
  const GemmConfig g = load_preset("npu-default").pe.gemm;  // 64x64 ws, latency 8
  // f16: 2*64 + 64 + 64 - 2 + 8
  EXPECT_EQ(gemm_cycles(g, {64, 64, 64}, Precision::kF16).cycles, 262u);
  // fp8 (2x): K_eff = 32 -> 2*32 + 64 + 64 - 2 + 8
  EXPECT_EQ(gemm_cycles(g, {64, 64, 64}, Precision::kFP8).cycles, 198u);
  // tf32 (0.5x): K_eff = 128 -> two row folds: (128 + 64 + 64 - 2) * 2 + 8
  EXPECT_EQ(gemm_cycles(g, {64, 64, 64}, Precision::kTF32).cycles, 516u);
  EXPECT_EQ(gemm_cycles(g, {0, 64, 64}, Precision::kF16).cycles, 0u);
}

TEST(GemmCycles, ThroughputDataflowScalesTheMacCount) {
  const GemmConfig g = load_preset("h200").pe.gemm;  // 32x64 throughput, latency 32
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::kF16).cycles, 1024u + 32);
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::kFP8).cycles, 512u + 32);
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::kTF32).cycles, 2048u + 32);
  EXPECT_EQ(gemm_cycles(g, {3, 3, 3}, Precision::kFP8).cycles, 1u + 32);
}

}  // namespace
}  // namespace kernbench::hw
