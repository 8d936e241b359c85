// Golden end-to-end runs of `kernbench run`: text and JSON reports, trace and
// op-log files, and failing runs with their messages and exit codes. Every
// run is small (well under a second).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(RunText, VectorAddReportsWhatRanHowLongAndThatItVerified) {
  const CliResult r = run_cli({"run", "vector_add", "--param", "n=4096"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // 4096 elements in blocks of 1024: 4 programs, each a load of x, of y, an
  // add and a store (4 commands).
  for (const char* line : {
           "run vector_add on npu-default (data mode, seed 0)\n",
           "  kernel           vector_add: Triton tutorial 01: output = x + y (f32, or "
           "dtype=f16/bf16), one block per program\n",
           "  params           n=4096 BLOCK_SIZE=1024 dtype=f32 num_warps=4\n",
           "                   (given: n; others default)\n",
           "  hw               npu-default: 16 PEs at 1 GHz\n",
           "  grid             1 launch, 4 programs, 16 commands\n",
           // 3 arrays x 4 bytes x 4096 = 49152 bytes; 4096 adds.
           "  compute          4.10 kFLOP at ",
           "  memory           49.15 kB ideal at ",
           "of the f32 vector peak (2.05 TFLOP/s)",
           "  bound            launch: only 4 program(s) for 16 PEs: 12 PEs never run anything",
           "  verification     verified: 1 output within tolerance\n",
           "    output         PASS f32[4096]: max abs err 0, max rel err 0 (atol 1e-05, rtol "
           "1e-05)\n",
           "  wall time        ",
       })
    EXPECT_TRUE(contains(r.out, line)) << "missing: " << line << "\nin:\n" << r.out;
  for (const char* row : {"  gemm ", "  math ", "  dma ", "  cpu (issue) ", "  hbm ", "  fabric ",
                          "  launch ", "  tcm "})
    EXPECT_TRUE(contains(r.out, row)) << row;
}

TEST(RunText, TimingModeSaysNothingWasVerified) {
  const CliResult r = run_cli({"run", "vector_add", "--param", "n=4096", "--mode", "timing"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "run vector_add on npu-default (timing mode, seed 0)\n"));
  EXPECT_TRUE(contains(r.out, "  verification     not verified: timing-only mode"));
}

TEST(RunText, SampleSimulatesWindowsOfALargeGridAndSaysSo) {
  // 2^22 elements in 4096 programs on 4 PEs: dozens of waves.
  const std::vector<std::string> base = {"run",    "vector_add", "--hw",    "h200",
                                         "--set",  "pe.count=4", "--param", "n=4194304",
                                         "--mode", "timing",     "--json"};
  std::vector<std::string> with = base;
  with.push_back("--sample");
  const CliResult exact = run_cli(base);
  const CliResult sampled = run_cli(with);
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  ASSERT_EQ(sampled.exit_code, 0) << sampled.err;
  const Json e = Json::parse(exact.out);
  const Json s = Json::parse(sampled.out);
  EXPECT_EQ(e["simulated_programs"], 4096);
  EXPECT_EQ(s["programs"], 4096);
  EXPECT_LE(s["simulated_programs"].get<int>() * 2, 4096);
  const auto te = e["simulated_ps"].get<double>();
  EXPECT_NEAR(s["simulated_ps"].get<double>(), te, 0.02 * te);
  with.pop_back();
  with.back() = "--sample";  // the text report, without --json
  const CliResult text = run_cli(with);
  EXPECT_TRUE(contains(text.out, "(sampled: ")) << text.out;
}

TEST(RunText, SampleInDataModeIsAUsageError) {
  const CliResult r = run_cli({"run", "vector_add", "--sample"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--sample: needs --mode timing")) << r.err;
}

TEST(RunText, ReplayReportsThatTheStartOrderReproducesTheRun) {
  // 4 programs x 4 commands; the spin-locked layer-norm backward too.
  const CliResult r = run_cli({"run", "vector_add", "--param", "n=4096", "--replay"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(
      contains(r.out, "  replay           replay of 16 ops in t_start order reproduces the run\n"))
      << r.out;
  const CliResult lock = run_cli(
      {"run", "layernorm_backward", "--param", "M=64", "--param", "N=256", "--replay", "--json"});
  ASSERT_EQ(lock.exit_code, 0) << lock.err;
  EXPECT_NE(lock.out.find("\"replay_matches\": true"), std::string::npos) << lock.out;
  const CliResult timing =
      run_cli({"run", "vector_add", "--param", "n=4096", "--replay", "--mode", "timing"});
  ASSERT_EQ(timing.exit_code, 0) << timing.err;
  EXPECT_TRUE(
      contains(timing.out, "  replay           not replayed: timing-only mode has no values"));
}

TEST(RunText, OverridesAndGivenParamsAreShown) {
  const CliResult r = run_cli({"run", "vector_add", "--param", "n=2048", "--param",
                               "BLOCK_SIZE=512", "--set", "pe.tcm.size=512KiB", "--seed", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "(data mode, seed 7)"));
  EXPECT_TRUE(contains(r.out, "  overrides        pe.tcm.size=512KiB\n"));
  EXPECT_TRUE(contains(r.out, "(given: n, BLOCK_SIZE; others default"));
  EXPECT_TRUE(contains(r.out, "1 launch, 4 programs, 16 commands"));
  EXPECT_TRUE(contains(r.out, "of 512 KiB (PE"));
}

Json run_json(const std::vector<std::string>& args) {
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Json::parse(r.out);
}

TEST(RunJson, FiguresAreConsistentWithTheKernelsOwnCounts) {
  const Json j = run_json({"run", "vector_add", "--param", "n=4096", "--json"});
  EXPECT_EQ(j["kernel"], "vector_add");
  EXPECT_EQ(j["params"],
            Json::parse(R"({"n": 4096, "BLOCK_SIZE": 1024, "dtype": "f32", "num_warps": 4})"));
  EXPECT_EQ(j["params_given"], Json::parse(R"(["n"])"));
  EXPECT_EQ(j["hw"]["name"], "npu-default");
  EXPECT_EQ(j["hw"]["pes"], 16);
  EXPECT_EQ(j["mode"], "data");
  EXPECT_EQ(j["programs"], 4);
  EXPECT_EQ(j["commands"], 16);
  EXPECT_EQ(j["flops"].get<double>(), 4096.0);
  EXPECT_EQ(j["bytes"].get<double>(), 3.0 * 4.0 * 4096.0);
  // No cache, no reuse: HBM serves exactly the ideal bytes.
  EXPECT_EQ(j["hbm_bytes"].get<double>(), 3.0 * 4.0 * 4096.0);
  const double ps = j["simulated_ps"].get<double>();
  ASSERT_GT(ps, 2e6);  // at least the 2 us launch latency of npu-default
  EXPECT_DOUBLE_EQ(j["simulated_seconds"].get<double>(), ps * 1e-12);
  EXPECT_DOUBLE_EQ(j["achieved_bytes_per_s"].get<double>(), 49152.0 / (ps * 1e-12));
  EXPECT_DOUBLE_EQ(j["utilisation"]["launch"].get<double>(), 2e6 / ps);
  // f32 vector peak of npu-default: 16 PEs x 64 lanes x 2 x 1 GHz.
  EXPECT_EQ(j["peak"]["engine"], "vector");
  EXPECT_EQ(j["peak"]["dtype"], "f32");
  EXPECT_DOUBLE_EQ(j["peak"]["flops_per_s"].get<double>(), 16.0 * 64 * 2 * 1e9);
  EXPECT_DOUBLE_EQ(j["peak"]["bytes_per_s"].get<double>(), 1e12);
  EXPECT_EQ(j["units"]["dma"]["count"], 32);  // 2 engines per PE
  EXPECT_EQ(j["units"]["hbm"]["count"], 8);
  // The busiest link is at least as busy as the mean link, and busy at all.
  const Json& fabric = j["units"]["fabric"];
  EXPECT_GE(fabric["max_utilisation"].get<double>(), fabric["utilisation"].get<double>());
  EXPECT_GT(fabric["max_utilisation"].get<double>(), 0.0);
  EXPECT_EQ(j["bound"], "launch");
  EXPECT_EQ(j["verified"], true);
  EXPECT_TRUE(j["verify_note"].is_null());
  EXPECT_EQ(j["max_rel_error"].get<double>(), 0.0);  // f32 add is exact
  ASSERT_EQ(j["checks"].size(), 1u);
  EXPECT_EQ(j["checks"][0]["output"], "output");
  EXPECT_EQ(j["checks"][0]["numel"], 4096);
}

TEST(RunJson, MatmulUsesTheF16GemmPeakAndTheGemmEngine) {
  const Json j = run_json(
      {"run", "matmul", "--param", "M=128", "--param", "N=128", "--param", "K=128", "--json"});
  EXPECT_EQ(j["peak"]["engine"], "gemm");
  EXPECT_EQ(j["peak"]["dtype"], "f16");
  // 16 PEs x 64 x 64 cells x 2 FLOP x 1 GHz.
  EXPECT_DOUBLE_EQ(j["peak"]["flops_per_s"].get<double>(), 16.0 * 64 * 64 * 2 * 1e9);
  EXPECT_EQ(j["flops"].get<double>(), 2.0 * 128 * 128 * 128);
  EXPECT_GT(j["units"]["gemm"]["busy_ps"].get<double>(), 0);
  EXPECT_EQ(j["verified"], true);
}

TEST(RunJson, WaitsSayWhatProgramsWereBlockedOn) {
  // A GEMM-bound matmul issues ahead until its engine queues are full and
  // never waits for a value; layernorm_backward's lock spins on atomics.
  const Json mm = run_json({"run", "matmul", "--mode", "timing", "--json"});
  EXPECT_GT(mm["waits"]["queue_ps"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(mm["waits"]["value_ps"].get<std::uint64_t>(), 0u);
  const Json ln =
      run_json({"run", "layernorm_backward", "--param", "M=64", "--param", "N=128", "--json"});
  EXPECT_GT(ln["waits"]["value_ps"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(ln["verified"], true);
}

TEST(RunJson, TimingModeHasNullErrorsAndRunsWithoutAnOpLog) {
  const Json j = run_json({"run", "matmul", "--mode", "timing", "--json"});
  EXPECT_EQ(j["mode"], "timing");
  EXPECT_EQ(j["verified"], false);
  EXPECT_TRUE(j["max_rel_error"].is_null());
  EXPECT_TRUE(j["checks"].empty());
  EXPECT_EQ(j["verify_note"], "timing-only mode: no values to verify");
  // Statistics still work without the op log.
  EXPECT_GT(j["units"]["gemm"]["busy_ps"].get<double>(), 0);
  EXPECT_GT(j["commands"].get<double>(), 0);
}

TEST(RunJson, SameSeedGivesTheSameReportExceptHostTime) {
  auto strip = [](Json j) {
    j.erase("wall_seconds");
    j.erase("commands_per_second");
    return j;
  };
  const std::vector<std::string> args{"run",     "softmax", "--param", "M=64",
                                      "--param", "N=100",   "--json"};
  EXPECT_EQ(strip(run_json(args)), strip(run_json(args)));
}

TEST(RunTrace, ChromeTraceHasPeProcessesSlicesFlowsAndTcmCounters) {
  const std::string dir = temp_dir("files");
  const std::string trace = dir + "/trace.json";
  const std::string oplog = dir + "/ops.jsonl";
  const Json report = run_json(
      {"run", "vector_add", "--param", "n=4096", "--trace", trace, "--oplog", oplog, "--json"});
  EXPECT_EQ(report["trace_file"], trace);
  EXPECT_EQ(report["oplog_file"], oplog);

  const Json t = Json::parse(slurp(trace));
  ASSERT_TRUE(t.contains("traceEvents"));
  std::map<std::string, int> phases;
  std::map<int, std::string> process_names;
  std::map<std::string, int> flow_starts, flow_ends;
  std::uint64_t tcm_max = 0;
  for (const Json& e : t["traceEvents"]) {
    const std::string ph = e["ph"];
    ++phases[ph];
    if (ph == "M" && e["name"] == "process_name") process_names[e["pid"]] = e["args"]["name"];
    if (ph == "s") ++flow_starts[e["id"].dump()];
    if (ph == "f") ++flow_ends[e["id"].dump()];
    if (ph == "C" && e["name"] == "TCM occupancy")
      tcm_max = std::max(tcm_max, e["args"]["bytes"].get<std::uint64_t>());
  }
  for (int pe = 0; pe < 16; ++pe) EXPECT_EQ(process_names[pe + 1], "PE " + std::to_string(pe));
  // One complete event per command, and every flow has both ends (each
  // store depends on the add, which depends on both loads: 3 per program).
  EXPECT_EQ(phases["X"], 16);
  EXPECT_EQ(flow_starts.size(), 12u);
  EXPECT_EQ(flow_starts, flow_ends);
  // The counter track reaches the peak the report gives.
  EXPECT_EQ(tcm_max, report["units"]["tcm"]["peak_bytes"].get<std::uint64_t>());

  // The op log: one line per command; its DMA bytes are the HBM traffic and
  // the math records' durations add up to the math engines' busy time.
  std::ifstream lines(oplog);
  std::string line;
  int records = 0;
  double dma_bytes = 0, math_busy = 0;
  while (std::getline(lines, line)) {
    const Json rec = Json::parse(line);
    ++records;
    if (rec["unit"] == "dma") dma_bytes += rec["bytes"].get<double>();
    if (rec["unit"] == "math")
      math_busy += rec["t_end"].get<double>() - rec["t_start"].get<double>();
  }
  EXPECT_EQ(records, 16);
  EXPECT_EQ(dma_bytes, report["hbm_bytes"].get<double>());
  EXPECT_EQ(math_busy, report["units"]["math"]["busy_ps"].get<double>());
}

struct Failing {
  std::vector<std::string> args;
  int exit_code;
  std::string message;  // the whole stderr line, or its beginning when `prefix`
  bool prefix = false;
};

TEST(RunErrors, FailWithOneLineAndTheDocumentedExitCode) {
  const std::vector<Failing> cases{
      {{"run", "matmull"},
       1,
       "kernbench: error: unknown kernel 'matmull' (did you mean `matmul`?); built-in kernels "
       "are ",
       true},
      {{"run", "matmul", "--param", "BLOCK_SIZE_Q=64"},
       1,
       "kernbench: error: kernel 'matmul': unknown parameter 'BLOCK_SIZE_Q' (did you mean "
       "`BLOCK_SIZE_M`?); its parameters are M, N, K, BLOCK_SIZE_M, BLOCK_SIZE_N, BLOCK_SIZE_K, "
       "GROUP_SIZE_M, num_stages, num_warps, dtype, c_dtype\n"},
      {{"run", "matmul", "--param", "M=0"},
       1,
       "kernbench: error: kernel 'matmul': parameter 'M' must be >= 1, got 0\n"},
      {{"run", "matmul", "--param", "M"},
       1,
       "kernbench: error: kernel 'matmul': parameter 'M' must be written name=value\n"},
      {{"run", "matmul", "--set", "pe.tcm.sise=1MiB"},
       1,
       "kernbench: error: override `pe.tcm.sise=1MiB`: unknown key `pe.tcm.sise`; did you mean "
       "`pe.tcm.size`?\n"},
      {{"run", "matmul", "--hw", "npu-defualt"},
       1,
       "kernbench: error: unknown preset `npu-defualt` (did you mean `npu-default`?); expected "
       "one of h200, npu-default or a YAML file\n"},
      // One 128x64 f16 tile is 16 KiB: it cannot fit an 8 KiB TCM at all.
      {{"run", "matmul", "--set", "pe.tcm.size=8KiB"},
       1,
       "kernbench: error: kernel 'matmul', program 0 (0, 0, 0) on PE 0, tl.load: a tile of "
       "16384 bytes does not fit the TCM of PE 0 (8192 bytes): use smaller tiles or a larger "
       "pe.tcm.size\n"},
      // It fits a 16 KiB TCM alone, but a program needs its A and B tiles at
      // once: every program waits for the other's space forever.
      {{"run", "matmul", "--set", "pe.tcm.size=16KiB"},
       1,
       "kernbench: error: deadlock: kernel 'matmul' cannot make progress at t=2506000 ps; 0 of "
       "16 programs finished, 16 resident: kernel 'matmul', program 0 (0, 0, 0) on PE 0 waits in "
       "tl.load for 16384 bytes of TCM (16384 of 16384 bytes in use, held by the live tiles of "
       "the resident programs): keep fewer tiles alive or use smaller tiles; and 15 more "
       "program(s) stuck\n"},
      {{"run", "matmul", "--mode", "fast"},
       2,
       "kernbench: error: --mode: `fast` is not a mode; expected one of data, timing\n"},
      {{"run", "matmul", "--seed", "-1"},
       2,
       "kernbench: error: --seed: `-1` is not a whole number; expected digits only, at most "
       "18446744073709551615\n"},
      {{"run", "vector_add", "--trace", "/nonexistent-dir/trace.json"},
       1,
       "kernbench: error: --trace: cannot write `/nonexistent-dir/trace.json`: No such file or "
       "directory (while creating a temporary file in `/nonexistent-dir`)\n"},
  };
  for (const Failing& c : cases) {
    const CliResult r = run_cli(c.args);
    std::string cmd;
    for (const auto& a : c.args) cmd += a + " ";
    EXPECT_EQ(r.exit_code, c.exit_code) << cmd << r.err;
    EXPECT_EQ(r.out, "") << cmd;
    if (c.prefix) {
      EXPECT_EQ(r.err.substr(0, c.message.size()), c.message) << cmd;
      EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << cmd << ": not one line";
    } else {
      EXPECT_EQ(r.err, c.message) << cmd;
    }
  }
}

TEST(RunErrors, UnknownKernelListsTheBuiltInKernels) {
  const CliResult r = run_cli({"run", "nope"});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* k : {"matmul", "softmax", "vector_add"})
    EXPECT_TRUE(contains(r.err, k)) << r.err;
}

TEST(RunList, ListShowsEachKernelWithItsParametersAndDefaults) {
  const CliResult r = run_cli({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  vector_add  Triton tutorial 01"));
  EXPECT_TRUE(contains(r.out, "    n           int    98432  number of elements\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "    dtype         dtype  f16  input dtype")) << r.out;

  const Json j = Json::parse(run_cli({"list", "--json"}).out);
  const Json* matmul = nullptr;
  for (const Json& k : j["kernels"])
    if (k["name"] == "matmul") matmul = &k;
  ASSERT_NE(matmul, nullptr);
  ASSERT_GE((*matmul)["params"].size(), 1u);
  EXPECT_EQ((*matmul)["params"][0]["name"], "M");
  EXPECT_EQ((*matmul)["params"][0]["kind"], "int");
  EXPECT_EQ((*matmul)["params"][0]["default"], "512");
}

}  // namespace
}  // namespace kernbench::app::test
