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

TEST(HwCostDma, OneDimensionalHbmReadAddsLatencyToTheEngineTime) {
  // 4096 B = 64 bursts of 64 B; 32 setup + 4096 / 64 transfer cycles. The
  // 256 B interleave spreads 512 B onto each of the 8 channels, each at
  // 1 TB/s / 8 = 125 GB/s: 512 B -> 4096 ps, hidden under the transfer.
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "4096"});
  EXPECT_EQ(j["bursts"], 64);
  EXPECT_EQ(j["engine_cycles"], 32 + 64);
  EXPECT_EQ(j["hbm_channels_touched"], 8);
  EXPECT_EQ(j["hbm_max_channel_bytes"], 512);
  EXPECT_EQ(j["hbm_stream_ps"], 4096);
  EXPECT_EQ(j["ps"], 32'000 + 100'000 + 64'000);
  EXPECT_EQ(j["bound"], "hbm latency");
}

TEST(HwCostDma, StridedRowsThatMapToOneChannelAreChannelBound) {
  // Stride 2048 B = 8 channels x 256 B: every row lands in channel 0, so
  // 64 x 256 B = 16 KiB streams through one 125 GB/s channel (131072 ps).
  // With a 256 B/cycle engine the transfer is only 64 cycles, so the
  // channel, not the engine, bounds the descriptor.
  const Json j = run_json({"hw", "cost", "dma", "--rows", "64", "--row-bytes", "256", "--stride",
                           "2048", "--set", "pe.dma.bytes_per_cycle=256"});
  EXPECT_EQ(j["bursts"], 64 * 4);
  EXPECT_EQ(j["transfer_cycles"], 16384 / 256);
  EXPECT_EQ(j["hbm_channels_touched"], 1);
  EXPECT_EQ(j["hbm_max_channel_bytes"], 16384);
  const std::uint64_t stream = ceil_div(16384ULL * 8 * 1'000'000'000'000ULL, 1'000'000'000'000ULL);
  EXPECT_EQ(j["hbm_stream_ps"].get<std::uint64_t>(), stream);
  EXPECT_EQ(j["ps"].get<std::uint64_t>(), 32'000 + 100'000 + stream);
  EXPECT_EQ(j["bound"], "hbm channel");
}

TEST(HwCostDma, MisalignedStartTouchesAnExtraBurst) {
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "64", "--addr", "32"});
  EXPECT_EQ(j["bursts"], 2);
  EXPECT_EQ(j["bus_bytes"], 128);
  EXPECT_EQ(j["useful_bytes"], 64);
  EXPECT_EQ(j["engine_cycles"], 32 + 2);
}

TEST(HwCostDma, TcmSourceRunsAtTheNarrowerOfTcmAndDma) {
  // 2 banks x 16 B x 1 port = 32 B/cycle < 64 B/cycle of the engine.
  const Json j = run_json({"hw", "cost", "dma", "--bytes", "4096", "--source", "tcm", "--set",
                           "pe.tcm.banks=2", "--set", "pe.tcm.ports=1"});
  EXPECT_EQ(j["tcm_read_bytes_per_cycle"], 32);
  EXPECT_EQ(j["engine_cycles"], 32 + 4096 / 32);
  EXPECT_EQ(j["ps"], (32 + 4096 / 32) * 1000);
  EXPECT_EQ(j["bound"], "tcm read");
  EXPECT_FALSE(j.contains("hbm_latency_ps"));
}

TEST(HwCostDma, TextReportShowsTheBreakdown) {
  const CliResult r = run_cli({"hw", "cost", "dma", "--bytes", "4096"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "dma 1-D 4096 B at 0x0 from hbm on npu-default (idle engine)\n"
            "  bursts           64 x 64 B = 4,096 B on the bus for 4,096 B asked (100.0% "
            "efficient)\n"
            "  engine           96 cycles = 32 setup + 64 transfer at 64 B/cycle\n"
            "  engine busy      96,000 ps (96 ns)\n"
            "  hbm latency      100,000 ps (100 ns)\n"
            "  hbm stream       4,096 ps (4.096 ns): 8 channel(s) touched, busiest moves 512 B\n"
            "  total            196,000 ps (196 ns) = setup + hbm latency + max(transfer, stream)\n"
            "  bound            hbm latency\n"
            "  bandwidth        20.90 GB/s of useful bytes over the total\n");
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
