// Golden end-to-end runs of `kernbench hw cost`: every expected number is
// derived here from the documented formulas (SCALE-Sim's for the GEMM) and
// the preset's YAML values, not from the library under test.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;
__extension__ typedef unsigned __int128 u128;

// configs/npu-default.yaml
constexpr std::uint64_t kNpuHz = 1'000'000'000;
constexpr std::uint64_t kNpuGemmLatency = 8;
// configs/h200.yaml
constexpr std::uint64_t kH200Hz = 1'545'000'000;

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return (a + b - 1) / b;
}

std::uint64_t ps_of(std::uint64_t cycles, std::uint64_t hz) {
  const u128 num = static_cast<u128>(cycles) * 1'000'000'000'000ULL;
  return static_cast<std::uint64_t>((num + hz - 1) / hz);
}

// SCALE-Sim v2/v3 Total Cycles without stalls: every fold is padded to the
// array; its streamed operand takes T + (C - 1) drain rows (plus R load rows
// for ws/is), skewed over the R array rows; the last row's index is reported.
std::uint64_t fold_rows(bool os, std::uint64_t t, std::uint64_t rows, std::uint64_t cols) {
  return (os ? 0 : rows) + t + (cols - 1) + (rows - 1);
}
std::uint64_t scale_sim_cycles(bool os, std::uint64_t sr, std::uint64_t sc, std::uint64_t t,
                               std::uint64_t rows, std::uint64_t cols) {
  return ceil_div(sr, rows) * ceil_div(sc, cols) * fold_rows(os, t, rows, cols) - 1;
}

Json run_json(std::vector<std::string> args) {
  args.push_back("--json");
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return Json::parse(r.out);
}

TEST(HwCostGemm, WeightStationary64CubedOn32x32MatchesScaleSim) {
  // WS maps S_R = K, S_C = N, T = M.
  const std::uint64_t compute = scale_sim_cycles(false, 64, 64, 64, 32, 32);
  ASSERT_EQ(compute, 631u);
  const std::uint64_t cycles = compute + kNpuGemmLatency;
  const CliResult r =
      run_cli({"hw", "cost", "gemm", "--M", "64", "--N", "64", "--K", "64", "--set",
               "pe.gemm.rows=32", "--set", "pe.gemm.cols=32", "--set", "pe.gemm.dataflow=ws"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "gemm M=64 N=64 K=64 f16 on npu-default (idle matrix unit)\n"
            "  overrides        pe.gemm.rows=32, pe.gemm.cols=32, pe.gemm.dataflow=ws\n"
            "  array            32x32 ws\n"
            "  mapping          S_R=64 S_C=64 T=64 (SCALE-Sim ws)\n"
            "  folds            2 row x 2 col = 4, 158 cycles each\n"
            "  cycles           639 (631 compute + 8 pipeline latency)\n"
            "  time             639,000 ps (639 ns) at 1 GHz\n"
            "  utilisation      40.1% of the array's cell-cycles\n"
            "  work             524,288 FLOP\n");
  EXPECT_EQ(ps_of(cycles, kNpuHz), 639'000u);
}

TEST(HwCostGemm, JsonCarriesFoldsCyclesAndExactPicoseconds) {
  const Json j =
      run_json({"hw", "cost", "gemm", "--M", "64", "--N", "64", "--K", "64", "--set",
                "pe.gemm.rows=32", "--set", "pe.gemm.cols=32", "--set", "pe.gemm.dataflow=ws"});
  const std::uint64_t compute = scale_sim_cycles(false, 64, 64, 64, 32, 32);
  const std::uint64_t cycles = compute + kNpuGemmLatency;
  EXPECT_EQ(j["command"], "gemm");
  EXPECT_EQ(j["hw"], "npu-default");
  EXPECT_EQ(j["overrides"].size(), 3u);
  EXPECT_EQ(j["row_folds"], 2);
  EXPECT_EQ(j["col_folds"], 2);
  EXPECT_EQ(j["mapping"]["s_r"], 64);
  EXPECT_EQ(j["fold_cycles"], 158);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(), 631u);
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(), cycles);
  EXPECT_EQ(j["pipeline_latency_cycles"], kNpuGemmLatency);
  EXPECT_EQ(j["ps"].get<std::uint64_t>(), ps_of(cycles, kNpuHz));
  EXPECT_DOUBLE_EQ(j["utilization"].get<double>(),
                   64.0 * 64 * 64 / (32.0 * 32 * static_cast<double>(cycles)));
  EXPECT_EQ(j["flops"], 2 * 64 * 64 * 64);
}

TEST(HwCostGemm, OutputStationary64CubedOn32x32ReportsScaleSimTotalCycles) {
  // OS maps S_R = M, S_C = N, T = K: 4 folds of (64 + 31) + 31 = 126 rows.
  const Json j =
      run_json({"hw", "cost", "gemm", "--M", "64", "--N", "64", "--K", "64", "--set",
                "pe.gemm.rows=32", "--set", "pe.gemm.cols=32", "--set", "pe.gemm.dataflow=os"});
  EXPECT_EQ(scale_sim_cycles(true, 64, 64, 64, 32, 32), 503u);
  EXPECT_EQ(j["fold_cycles"], 126);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(), 503u);
  EXPECT_EQ(j["pipeline_latency_cycles"], kNpuGemmLatency);
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(), 503 + kNpuGemmLatency);
}

TEST(HwCostGemm, OutputStationaryOnTheDefaultArrayFitsInOneFold) {
  // OS: S_R = M, S_C = N, T = K; 48 x 40 fits a 64 x 64 array, which the
  // fold still occupies whole: (100 + 63) + 63 = 226 rows -> 225.
  const Json j = run_json({"hw", "cost", "gemm", "--M", "48", "--N", "40", "--K", "100", "--set",
                           "pe.gemm.dataflow=os"});
  EXPECT_EQ(scale_sim_cycles(true, 48, 40, 100, 64, 64), 225u);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(), 225u);
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(), 225 + kNpuGemmLatency);
  EXPECT_EQ(j["folds"], 1);
}

TEST(HwCostGemm, Fp8PacksTwoMacsPerCellSoKIsHalved) {
  // npu-default: rate.fp8 = 2 -> K_eff = 64; WS on 64 x 64: one fold.
  const Json j =
      run_json({"hw", "cost", "gemm", "--M", "256", "--N", "64", "--K", "128", "--dtype", "fp8"});
  EXPECT_EQ(j["k_effective"], 64);
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(),
            scale_sim_cycles(false, 64, 64, 256, 64, 64) + kNpuGemmLatency);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(), 445u);  // (64 + 256 + 63) + 63 - 1
}

TEST(HwCostGemm, PartialFoldsAreChargedAsWholeFolds) {
  // WS 100 x 100 x 100 on 64 x 64: S_R = S_C = T = 100, folds 2 x 2 (the
  // second of each 36 wide), each (64 + 100 + 63) + 63 = 290 rows.
  const Json j = run_json({"hw", "cost", "gemm", "--M", "100", "--N", "100", "--K", "100"});
  EXPECT_EQ(j["fold_cycles"], 290);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(), 4u * 290 - 1);
  EXPECT_EQ(j["compute_cycles"].get<std::uint64_t>(),
            scale_sim_cycles(false, 100, 100, 100, 64, 64));
  EXPECT_EQ(j["pipeline_latency_cycles"], kNpuGemmLatency);
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(), 4u * 290 - 1 + kNpuGemmLatency);
}

TEST(HwCostGemm, PicosecondsAreExactOnAClockWithAFractionalPeriod) {
  // h200: throughput dataflow on 32 x 64 cells, latency 32, 1545 MHz
  // (647.249... ps per cycle): ps = ceil(cycles * 1e12 / 1545e6).
  const std::uint64_t cycles = ceil_div(128ULL * 128 * 64, 32 * 64) + 32;
  ASSERT_EQ(cycles, 544u);
  const Json j =
      run_json({"hw", "cost", "gemm", "--M", "128", "--N", "128", "--K", "64", "--hw", "h200"});
  EXPECT_EQ(j["cycles"].get<std::uint64_t>(), cycles);
  EXPECT_EQ(j["ps"].get<std::uint64_t>(), ps_of(cycles, kH200Hz));
  EXPECT_EQ(j["ps"].get<std::uint64_t>(), 352'104u);  // 352103.56... rounded up
  EXPECT_EQ(j["frequency_hz"], kH200Hz);
}

TEST(HwCostDma, OneDimensionalHbmReadOverlapsTheLatencyWithTheEngine) {
  // 4096 B = 64 bursts of 64 B; 32 setup + 4096 / 64 transfer cycles. The
  // memory side starts after the setup: 16 granules of 256 B hash onto the
  // 8 channels two each, 512 B at 125 GB/s = 4096 ps, then 100 ns of
  // latency; the engine's 96 ns are hidden under it.
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "4096"});
  EXPECT_EQ(j["bursts"], 64);
  EXPECT_EQ(j["engine_cycles"], 32 + 64);
  EXPECT_EQ(j["engine_ps"], 96'000);
  EXPECT_EQ(j["hbm_channels_touched"], 8);
  EXPECT_EQ(j["hbm_max_channel_bytes"], 512);
  EXPECT_EQ(j["hbm_stream_ps"], 4096);
  EXPECT_EQ(j["ps"], 32'000 + 4096 + 100'000);
  EXPECT_EQ(j["bound"], "hbm latency");
}

TEST(HwCostDma, ASlowChannelBoundsTheDescriptor) {
  // One channel of 10 GB/s: 4096 B take 409.6 ns after the 32 ns setup,
  // then 100 ns of latency.
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "4096", "--set", "hbm.channels=1",
                           "--set", "hbm.bandwidth=10GB/s"});
  EXPECT_EQ(j["hbm_channels_touched"], 1);
  EXPECT_EQ(j["hbm_stream_ps"], 409'600);
  EXPECT_EQ(j["ps"], 32'000 + 409'600 + 100'000);
  EXPECT_EQ(j["bound"], "hbm channel");
}

TEST(HwCostDma, MisalignedStartTouchesAnExtraBurst) {
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "64", "--addr", "32"});
  EXPECT_EQ(j["bursts"], 2);
  EXPECT_EQ(j["bus_bytes"], 128);
  EXPECT_EQ(j["useful_bytes"], 64);
  EXPECT_EQ(j["engine_cycles"], 32 + 2);
}

TEST(HwCostDma, NarrowTcmPortsBoundTheDescriptor) {
  // 1 bank x 16 B x 1 port = 16 B/cycle: the tile takes 256 cycles on the
  // ports, longer than the engine (96) and the memory side (~136).
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "4096", "--source", "tcm", "--set",
                           "pe.tcm.banks=1", "--set", "pe.tcm.ports=1"});
  EXPECT_EQ(j["tcm_bytes_per_cycle"], 16);
  EXPECT_EQ(j["tcm_ports_ps"], 256'000);
  EXPECT_EQ(j["ps"], 256'000);
  EXPECT_EQ(j["bound"], "tcm ports");
}

TEST(HwCostDma, ASlowFabricBoundsTheDescriptor) {
  const Json j =
      run_json({"hw", "cost", "dma", "--bytes", "4096", "--set", "fabric.link_bandwidth=1GB/s"});
  EXPECT_EQ(j["bound"], "fabric");
  EXPECT_GT(j["ps"].get<std::uint64_t>(), 32'000 + j["fabric_ps"].get<std::uint64_t>());
}

TEST(HwCostDma, TextReportShowsTheBreakdown) {
  const CliResult r = run_cli({"hw", "cost", "dma", "--bytes", "4096"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "dma 1-D 4096 B at 0x0 from hbm (a load) on npu-default (idle chip)\n"
            "  bursts           64 x 64 B = 4,096 B on the bus for 4,096 B asked (100.0% "
            "efficient)\n"
            "  engine           96 cycles = 32 setup + 64 transfer at 64 B/cycle\n"
            "  engine busy      96,000 ps (96 ns)\n"
            "  tcm ports        8,000 ps (8 ns): 4,096 B at 512 B/cycle\n"
            "  hbm latency      100,000 ps (100 ns)\n"
            "  hbm stream       4,096 ps (4.096 ns): 8 channel(s) touched, busiest moves 512 B of "
            "4,096 B\n"
            "  fabric           48,000 ps (48 ns) on the busiest link\n"
            "  total            136,096 ps (136.096 ns) = max(engine, tcm ports, setup + memory "
            "side)\n"
            "  bound            hbm latency\n"
            "  bandwidth        30.10 GB/s of useful bytes over the total\n");
}

TEST(HwCostMath, ExpIsOneTranscendentalPass) {
  // 64 lanes x 0.25 elements/lane/cycle = 16 f32 per cycle, latency 16.
  const Json j =
      run_json({"hw", "cost", "math", "--op", "exp", "--elements", "4096", "--dtype", "f32"});
  EXPECT_EQ(j["cycles"], 16 + 4096 / 16);
  EXPECT_EQ(j["ps"], (16 + 4096 / 16) * 1000);
  ASSERT_EQ(j["passes"].size(), 1u);
  EXPECT_EQ(j["passes"][0]["unit"], "transcendental");
}

TEST(HwCostMath, SigmoidOnF16PacksTwoPerLaneAndTakesTwoPasses) {
  // f16 packs 2 per 32-bit lane: 64 x 2 x 0.25 = 32 per cycle per pass.
  const CliResult r =
      run_cli({"hw", "cost", "math", "--op", "sigmoid", "--elements", "4096", "--dtype", "f16"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "math sigmoid over 4,096 f16 elements on npu-default (idle math engine)\n"
            "  lanes            64 x 32-bit, 2 element(s) per lane for f16\n"
            "  transcendental   144 cycles = 16 latency + 128 throughput\n"
            "  divsqrt          140 cycles = 12 latency + 128 throughput\n"
            "  cycles           284\n"
            "  time             284,000 ps (284 ns) at 1 GHz\n");
}

TEST(HwCostMath, ReductionAddsALog2LanesTree) {
  // simple pass: 4 + ceil(1000 / 64) = 20; tree: 2 cycles x log2(64) = 12.
  const Json j = run_json({"hw", "cost", "math", "--reduce", "sum", "--elements", "1000"});
  EXPECT_EQ(j["cycles"], 4 + 16 + 2 * 6);
  EXPECT_EQ(j["reduce"], "sum");
}

}  // namespace
}  // namespace kernbench::app::test
