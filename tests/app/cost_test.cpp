// The cost queries in-process, on configurations built here.
#include <gtest/gtest.h>

#include "app/cost_dma.hpp"
#include "app/cost_gemm.hpp"
#include "app/cost_math.hpp"
#include "app/errors.hpp"
#include "hw/config/loader.hpp"
#include "hw/config/params.hpp"
#include "hw/runtime/idle_dma.hpp"

namespace kernbench::app {
namespace {

hw::HwConfig npu() {
  return hw::load_preset("npu-default");
}

TEST(CostGemm, IsModelOfAnInputStationaryArrayFoldsOverKAndM) {
  // IS: S_R = K, S_C = M, T = N. K = 200 on 64 rows -> 4 folds; M = 64 -> 1.
  hw::HwConfig cfg = npu();
  hw::apply_override(cfg, "pe.gemm.dataflow=is");
  const GemmCostReport r = cost_gemm(cfg, {{64, 10, 200}, hw::Precision::f16});
  EXPECT_EQ(r.mapping.s_r, 200u);
  EXPECT_EQ(r.mapping.s_c, 64u);
  EXPECT_EQ(r.mapping.t, 10u);
  EXPECT_EQ(r.cycles.row_folds, 4u);
  EXPECT_EQ(r.cycles.col_folds, 1u);
  // SCALE-Sim IS: 4 folds of 64 load + 10 + 63 drain rows, skewed over 64
  // rows (+63) = 200 rows each; Total Cycles = 800 - 1.
  EXPECT_EQ(r.cycles.fold_cycles, 200u);
  EXPECT_EQ(r.cycles.compute_cycles, 799u);
  EXPECT_EQ(r.cycles.pipeline_latency, 8u);
  EXPECT_EQ(r.cycles.cycles, 807u);
  EXPECT_EQ(r.ps, r.cycles.cycles * 1000);
}

TEST(CostGemm, AnEmptyGemmCostsNothing) {
  const GemmCostReport r = cost_gemm(npu(), {{0, 64, 64}, hw::Precision::f16});
  EXPECT_EQ(r.cycles.cycles, 0u);
  EXPECT_EQ(r.cycles.pipeline_latency, 0u);
  EXPECT_EQ(r.ps, 0u);
  EXPECT_EQ(r.flops, 0u);
}

TEST(CostDma, OverlappingRowsShareBurstsOnTheBusButNotInTheMemorySide) {
  // Rows of 256 B every 128 B overlap: the engine moves the union once,
  // 63 * 128 + 256 bytes of bursts; the memory side reads every row on its
  // own (the simulation tallies each row's bytes), 64 * 256 B.
  DmaCostRequest q;
  q.two_d = true;
  q.rows = 64;
  q.row_bytes = 256;
  q.stride = 128;
  const DmaCostReport r = cost_dma(npu(), q);
  EXPECT_EQ(r.bus_bytes, 63u * 128 + 256);
  EXPECT_EQ(r.bursts, (63u * 128 + 256) / 64);
  EXPECT_EQ(r.hbm_bytes, 64u * 256);
}

TEST(CostDma, IsTheSimulationsTimeOfTheSameDescriptor) {
  // The same descriptor through the simulation's units, directly: hw cost
  // adds no formula of its own.
  const hw::HwConfig cfg = npu();
  DmaCostRequest q;
  q.addr = 4096;
  q.row_bytes = 10'000;
  const DmaCostReport r = cost_dma(cfg, q);
  const hw::IdleDma d = hw::idle_dma(cfg, hw::CommandKind::dma_read, hw::Contiguous{4096, 10'000});
  EXPECT_EQ(r.ps, d.total_ps);
  EXPECT_EQ(r.engine_ps, d.engine_ps);
  EXPECT_EQ(r.hbm_stream_ps, d.hbm_stream_ps);
  // 157 bursts: the engine's 189 cycles outlast the memory side (setup,
  // the busiest channel, then the latency).
  EXPECT_EQ(r.engine_ps, (32u + 157) * 1000);
  EXPECT_LT(32'000 + r.hbm_stream_ps + 100'000, r.engine_ps);
  EXPECT_EQ(r.ps, r.engine_ps);
  EXPECT_EQ(r.bound, "dma engine");
  EXPECT_EQ(r.hbm_bytes, 10'000u);
}

TEST(CostDma, AStoreReadsTheTcmAndWritesEveryByteToHbm) {
  DmaCostRequest q;
  q.row_bytes = 4096;
  q.source = DmaSource::tcm;
  hw::HwConfig cfg = npu();
  hw::apply_override(cfg, "cache.enabled=true");  // written through
  const DmaCostReport r = cost_dma(cfg, q);
  EXPECT_EQ(r.hbm_bytes, 4096u);
  EXPECT_EQ(r.tcm_ports_ps, 4096u / 512 * 1000);
}

TEST(CostDma, RejectsAnEmptyDescriptorAsAUsageError) {
  DmaCostRequest q;
  q.row_bytes = 0;
  EXPECT_THROW(cost_dma(npu(), q), UsageError);
}

TEST(CostDma, RejectsADescriptorPastTheAddressSpace) {
  DmaCostRequest q;
  q.addr = UINT64_MAX - 10;
  q.row_bytes = 64;
  EXPECT_THROW(cost_dma(npu(), q), UsageError);
}

TEST(CostMath, ZeroElementsCostZeroCycles) {
  MathCostRequest q;
  q.op = hw::MathOp::exp;
  q.elements = 0;
  const MathCostReport r = cost_math(npu(), q);
  EXPECT_EQ(r.cycles, 0u);
  EXPECT_EQ(r.ps, 0u);
}

TEST(CostMath, Int8PacksFourPerLaneWhenSubwordPackingIsOn) {
  MathCostRequest q;
  q.op = hw::MathOp::add;
  q.elements = 1024;
  q.precision = hw::Precision::int8;
  const MathCostReport r = cost_math(npu(), q);
  EXPECT_EQ(r.pack, 4u);
  EXPECT_EQ(r.cycles, 4u + 1024 / (64 * 4));
  hw::HwConfig plain = npu();
  hw::apply_override(plain, "pe.math.pack_subword=false");
  EXPECT_EQ(cost_math(plain, q).cycles, 4u + 1024 / 64);
}

TEST(CostMath, SettingBothOpAndReduceIsAnInternalError) {
  MathCostRequest q;
  q.op = hw::MathOp::add;
  q.reduce = hw::ReduceOp::sum;
  EXPECT_THROW(cost_math(npu(), q), std::logic_error);
}

}  // namespace
}  // namespace kernbench::app
