// The bound rule of `kernbench run` (docs/adr/0043-run-bound-rule.md) on
// hand-made utilisation figures, one branch per test.
#include <gtest/gtest.h>

#include "app/run_bound.hpp"

namespace kernbench::app {
namespace {

BoundInputs busy_chip() {
  BoundInputs in;
  in.programs = 64;
  in.pes = 16;
  return in;
}

TEST(BoundRule, ASaturatedGemmMakesTheRunComputeBound) {
  BoundInputs in = busy_chip();
  in.gemm = 0.83;
  in.hbm = 0.40;
  in.launch_share = 0.30;  // ignored: a resource is saturated
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::compute);
  EXPECT_DOUBLE_EQ(b.evidence, 0.83);
  EXPECT_EQ(b.reason, "the GEMM engines are busy 83.0% of the run, more than any other resource");
}

TEST(BoundRule, TheMathEngineCountsAsComputeWhenItIsTheBusierOne) {
  BoundInputs in = busy_chip();
  in.gemm = 0.1;
  in.math = 0.7;
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::compute);
  EXPECT_NE(b.reason.find("the math engines"), std::string::npos) << b.reason;
}

TEST(BoundRule, TheMostUtilisedResourceWinsAndTiesGoInDeclaredOrder) {
  BoundInputs in = busy_chip();
  in.gemm = 0.55;
  in.hbm = 0.91;
  in.fabric = 0.6;
  EXPECT_EQ(classify_bound(in).kind, BoundKind::hbm);
  in.hbm = 0.2;
  in.fabric = 0.6;
  in.dma = 0.6;
  EXPECT_EQ(classify_bound(in).kind, BoundKind::fabric);  // fabric before dma on a tie
  in.fabric = 0.1;
  in.issue = 0.95;
  EXPECT_EQ(classify_bound(in).kind, BoundKind::issue);
}

TEST(BoundRule, FewerProgramsThanPesIsLaunchBoundWhenNothingIsSaturated) {
  BoundInputs in;
  in.programs = 4;
  in.pes = 16;
  in.hbm = 0.3;
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::launch);
  EXPECT_DOUBLE_EQ(b.evidence, 0.25);
  EXPECT_EQ(b.reason,
            "only 4 program(s) for 16 PEs: 12 PEs never run anything; no resource is busy 50.0% "
            "of the run");
}

TEST(BoundRule, ALongLaunchLatencyIsLaunchBound) {
  BoundInputs in = busy_chip();
  in.gemm = 0.45;
  in.launch_share = 0.25;
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::launch);
  EXPECT_DOUBLE_EQ(b.evidence, 0.25);
  in.launch_share = 0.249;
  EXPECT_EQ(classify_bound(in).kind, BoundKind::latency);
}

TEST(BoundRule, AFullTcmWithIdleEnginesIsTcmBound) {
  BoundInputs in = busy_chip();
  in.dma = 0.2;
  in.tcm_peak_fraction = 0.95;
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::tcm);
  EXPECT_DOUBLE_EQ(b.evidence, 0.95);
}

TEST(BoundRule, NothingBusyIsLatencyBoundNamingTheBusiestResource) {
  BoundInputs in = busy_chip();
  in.dma = 0.3;
  in.hbm = 0.2;
  const Bound b = classify_bound(in);
  EXPECT_EQ(b.kind, BoundKind::latency);
  EXPECT_DOUBLE_EQ(b.evidence, 0.3);
  EXPECT_EQ(b.reason,
            "no resource is busy 50.0% of the run (the busiest, the DMA engines, 30.0%): time "
            "goes to memory latency and dependency chains");
}

TEST(BoundRule, SaturationStartsExactlyAtTheThreshold) {
  BoundInputs in = busy_chip();
  in.hbm = kSaturated;
  EXPECT_EQ(classify_bound(in).kind, BoundKind::hbm);
}

TEST(BoundKindNames, AreTheDocumentedSpellings) {
  EXPECT_EQ(to_string(BoundKind::compute), "compute");
  EXPECT_EQ(to_string(BoundKind::hbm), "hbm");
  EXPECT_EQ(to_string(BoundKind::fabric), "fabric");
  EXPECT_EQ(to_string(BoundKind::dma), "dma");
  EXPECT_EQ(to_string(BoundKind::issue), "issue");
  EXPECT_EQ(to_string(BoundKind::launch), "launch");
  EXPECT_EQ(to_string(BoundKind::tcm), "tcm");
  EXPECT_EQ(to_string(BoundKind::latency), "latency");
}

}  // namespace
}  // namespace kernbench::app
