#include "hw/models/systolic.hpp"

#include <gtest/gtest.h>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

constexpr ArrayDims k32{32, 32};
constexpr auto kOS = Dataflow::output_stationary;
constexpr auto kWS = Dataflow::weight_stationary;
constexpr auto kIS = Dataflow::input_stationary;

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
  EXPECT_THROW(map_gemm(Dataflow::throughput, s), std::logic_error);
}

// Expected values are derived by hand from SCALE-Sim v2/v3
// (scalesim/compute/systolic_compute_{os,ws,is}.py and
// memory/double_buffered_scratchpad_mem.py). Each fold's demand matrix is
// padded to the full R x C array; the streamed operand's demand rows are
//   OS:     T values + (C - 1) drain rows,
//   WS/IS:  R weight/input load rows + T values + (C - 1) drain rows,
// then skewed over the R array rows (+ R - 1). Folds are concatenated and the
// memory system reports the cycle of the last demand row, counted from 0, as
// Total Cycles: rows - 1 when nothing stalls.

TEST(SystolicCycles, A32x32ArrayAt64CubedMatchesScaleSimTotalCycles) {
  // 2 x 2 folds. OS: (64 + 31) + 31 = 126 rows per fold, 504 rows -> 503.
  const auto os = systolic_cycles(k32, kOS, {64, 64, 64});
  EXPECT_EQ(os.cycles, 503u);
  EXPECT_EQ(os.compute_cycles, 503u);
  EXPECT_EQ(os.fold_cycles, 126u);
  EXPECT_EQ(os.row_folds, 2u);
  EXPECT_EQ(os.col_folds, 2u);
  // WS: (32 + 64 + 31) + 31 = 158 rows per fold, 632 rows -> 631.
  EXPECT_EQ(systolic_cycles(k32, kWS, {64, 64, 64}).cycles, 631u);
  EXPECT_EQ(systolic_cycles(k32, kWS, {64, 64, 64}).fold_cycles, 158u);
  // IS: S_R = K, S_C = M, T = N; same shape as WS here -> 631.
  EXPECT_EQ(systolic_cycles(k32, kIS, {64, 64, 64}).cycles, 631u);
}

TEST(SystolicCycles, ASingleFoldIsPaddedToTheWholeArray) {
  // OS 32x32x32: (32 + 31) + 31 = 94 rows -> 93.
  const auto r = systolic_cycles(k32, kOS, {32, 32, 32});
  EXPECT_EQ(r.cycles, 93u);
  EXPECT_EQ(r.row_folds, 1u);
  EXPECT_EQ(r.col_folds, 1u);
  EXPECT_DOUBLE_EQ(r.utilization, 32.0 * 32 * 32 / (1024.0 * 93));
  // OS 10x20x5 uses part of the array but pays for all of it:
  // (5 + 31) + 31 = 67 rows -> 66.
  EXPECT_EQ(systolic_cycles(k32, kOS, {10, 20, 5}).cycles, 66u);
  // WS 16x16x16: (32 + 16 + 31) + 31 = 110 rows -> 109.
  EXPECT_EQ(systolic_cycles(k32, kWS, {16, 16, 16}).cycles, 109u);
}

TEST(SystolicCycles, PartialFoldsCostAsMuchAsFullOnes) {
  // M=100 N=40 K=64 on 32x32.
  // OS: S_R=100 -> 4 folds, S_C=40 -> 2, T=64: 8 folds of (64 + 31) + 31 =
  // 126 rows = 1008 rows -> 1007.
  const auto os = systolic_cycles(k32, kOS, {100, 40, 64});
  EXPECT_EQ(os.cycles, 1007u);
  EXPECT_EQ(os.row_folds, 4u);
  EXPECT_EQ(os.col_folds, 2u);
  // WS: S_R=64 (2), S_C=40 (2), T=100: 4 folds of (32 + 100 + 31) + 31 = 194
  // rows = 776 rows -> 775.
  EXPECT_EQ(systolic_cycles(k32, kWS, {100, 40, 64}).cycles, 775u);
  // IS: S_R=64 (2), S_C=100 (4), T=40: 8 folds of (32 + 40 + 31) + 31 = 134
  // rows = 1072 rows -> 1071.
  EXPECT_EQ(systolic_cycles(k32, kIS, {100, 40, 64}).cycles, 1071u);
}

TEST(SystolicCycles, KOfOneIsPureFillAndDrain) {
  // OS 32x32x1: T = 1: (1 + 31) + 31 = 63 rows -> 62.
  EXPECT_EQ(systolic_cycles(k32, kOS, {32, 32, 1}).cycles, 62u);
  // WS: S_R = K = 1 still loads all 32 rows; S_C = 32, T = M = 32:
  // (32 + 32 + 31) + 31 = 126 rows -> 125.
  EXPECT_EQ(systolic_cycles(k32, kWS, {32, 32, 1}).cycles, 125u);
  // IS: S_R = K = 1, S_C = M = 32, T = N = 32: also 126 rows -> 125.
  EXPECT_EQ(systolic_cycles(k32, kIS, {32, 32, 1}).cycles, 125u);
}

TEST(SystolicCycles, GemvShapes) {
  // M = 1 (GEMV), N = K = 1024 on 32x32.
  // OS: S_R = 1 (1 fold), S_C = 1024 (32), T = 1024: 32 folds of
  // (1024 + 31) + 31 = 1086 rows = 34,752 rows -> 34,751.
  EXPECT_EQ(systolic_cycles(k32, kOS, {1, 1024, 1024}).cycles, 34'751u);
  // WS: S_R = 1024 (32), S_C = 1024 (32), T = 1: 1024 folds of
  // (32 + 1 + 31) + 31 = 95 rows = 97,280 rows -> 97,279.
  EXPECT_EQ(systolic_cycles(k32, kWS, {1, 1024, 1024}).cycles, 97'279u);
  // IS: S_R = 1024 (32), S_C = M = 1 (1), T = 1024: 32 folds of
  // (32 + 1024 + 31) + 31 = 1118 rows = 35,776 rows -> 35,775.
  EXPECT_EQ(systolic_cycles(k32, kIS, {1, 1024, 1024}).cycles, 35'775u);
  // N = 1, OS: S_R = 64 (2 folds), S_C = 1, T = 16: 2 x ((16 + 31) + 31) =
  // 156 rows -> 155.
  EXPECT_EQ(systolic_cycles(k32, kOS, {64, 1, 16}).cycles, 155u);
}

TEST(SystolicCycles, OneCellArrayCountsTheLastDemandRowFromZero) {
  // OS on 1x1, M = N = K = 1: one fold of (1 + 0) + 0 = 1 row -> cycle 0.
  const auto r = systolic_cycles({1, 1}, kOS, {1, 1, 1});
  EXPECT_EQ(r.cycles, 0u);
  EXPECT_EQ(r.macs, 1u);
  EXPECT_EQ(r.utilization, 0.0);
  // WS on 1x1 adds one load row: (1 + 1 + 0) + 0 = 2 rows -> 1.
  EXPECT_EQ(systolic_cycles({1, 1}, kWS, {1, 1, 1}).cycles, 1u);
}

TEST(SystolicCycles, ThroughputDataflowIsMacsOverCells) {
  EXPECT_EQ(systolic_cycles({32, 64}, Dataflow::throughput, {128, 128, 128}).cycles, 1024u);
  EXPECT_EQ(systolic_cycles({32, 64}, Dataflow::throughput, {1, 1, 1}).cycles, 1u);
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
  // f16: S_R = S_C = T = 64, one fold of (64 + 64 + 63) + 63 = 254 rows -> 253.
  const auto f16 = gemm_cycles(g, {64, 64, 64}, Precision::f16);
  EXPECT_EQ(f16.compute_cycles, 253u);
  EXPECT_EQ(f16.pipeline_latency, 8u);
  EXPECT_EQ(f16.cycles, 261u);
  EXPECT_DOUBLE_EQ(f16.utilization, 64.0 * 64 * 64 / (64.0 * 64 * 261));
  // fp8 (2x): K_eff = 32 = S_R, still one fold padded to 64 rows -> 253 + 8.
  EXPECT_EQ(gemm_cycles(g, {64, 64, 64}, Precision::fp8).cycles, 261u);
  // tf32 (0.5x): K_eff = 128 -> two row folds of 254 rows -> 507 + 8.
  EXPECT_EQ(gemm_cycles(g, {64, 64, 64}, Precision::tf32).cycles, 515u);
  const auto empty = gemm_cycles(g, {0, 64, 64}, Precision::f16);
  EXPECT_EQ(empty.cycles, 0u);
  EXPECT_EQ(empty.pipeline_latency, 0u);
}

TEST(GemmCycles, ThroughputDataflowScalesTheMacCount) {
  const GemmConfig g = load_preset("h200").pe.gemm;  // 32x64 throughput, latency 32
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::f16).cycles, 1024u + 32);
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::fp8).cycles, 512u + 32);
  EXPECT_EQ(gemm_cycles(g, {128, 128, 128}, Precision::tf32).cycles, 2048u + 32);
  EXPECT_EQ(gemm_cycles(g, {3, 3, 3}, Precision::fp8).cycles, 1u + 32);
}

}  // namespace
}  // namespace kernbench::hw
