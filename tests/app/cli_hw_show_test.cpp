// Golden end-to-end runs of `kernbench hw show`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

TEST(HwShow, JsonPeaksOfNpuDefaultFollowFromItsParameters) {
  const CliResult r = run_cli({"hw", "show", "npu-default", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  // configs/npu-default.yaml: 16 PEs, 64 x 64 array, 1 GHz, rates f16 1,
  // fp8 2, f32 0.25; HBM 1 TB/s; 4 x 4 mesh of 64 GB/s links; TCM 16 banks
  // x 16 B x 2 ports.
  const double f16 = 16.0 * 64 * 64 * 2 * 1e9;
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f16"]["gemm_flops"].get<double>(), f16);
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["fp8"]["gemm_flops"].get<double>(), 2 * f16);
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f32"]["gemm_flops"].get<double>(), 0.25 * f16);
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f16"]["ridge_flop_per_byte"].get<double>(), f16 / 1e12);
  // Vector fma: 16 PEs x 64 lanes x 2 FLOP x 2 (f16 packed) x 1 GHz.
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f16"]["vector_flops"].get<double>(),
                   16.0 * 64 * 2 * 2 * 1e9);
  EXPECT_EQ(j["peaks"]["hbm_bytes_per_s"], 1'000'000'000'000ULL);
  EXPECT_EQ(j["peaks"]["fabric_bisection_bytes_per_s"], 2ULL * 4 * 64'000'000'000ULL);
  EXPECT_EQ(j["peaks"]["tcm_per_pe_bytes_per_s"], 16ULL * 16 * 2 * 1'000'000'000ULL);
  EXPECT_EQ(j["peaks"]["tcm_chip_bytes_per_s"], 16ULL * 16 * 16 * 2 * 1'000'000'000ULL);
  EXPECT_EQ(j["topology"]["pe_count"], 16);
  EXPECT_EQ(j["topology"]["fabric"]["topology"], "mesh");
  EXPECT_EQ(j["topology"]["per_pe"]["gemm"]["dataflow"], "ws");
  EXPECT_EQ(j["topology"]["per_pe"]["tcm"]["size_bytes"], 1024 * 1024);
  EXPECT_EQ(j["topology"]["per_pe"]["dma"]["engines"], 2);
  EXPECT_EQ(j["topology"]["hbm"]["channels"], 8);
  EXPECT_EQ(j["topology"]["cache"]["enabled"], false);
}

TEST(HwShow, OverridesChangeThePeaksAndAreListed) {
  const CliResult r = run_cli({"hw", "show", "npu-default", "--set", "pe.count=8", "--set",
                               "fabric.mesh.x=2", "--set", "fabric.mesh.y=4", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f16"]["gemm_flops"].get<double>(),
                   8.0 * 64 * 64 * 2 * 1e9);
  // A 2 x 4 mesh is cut across its shorter side: 2 links, both directions.
  EXPECT_EQ(j["peaks"]["fabric_bisection_bytes_per_s"], 2ULL * 2 * 64'000'000'000ULL);
  EXPECT_EQ(j["overrides"], Json::array({"pe.count=8", "fabric.mesh.x=2", "fabric.mesh.y=4"}));
}

TEST(HwShow, TextLayoutShowsTopologyAndPeaksAligned) {
  const CliResult r = run_cli({"hw", "show", "h200"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // configs/h200.yaml: 132 SMs x 32 x 64 x 2 x 1.545 GHz = 835.338 TFLOP/s
  // f16; vector 132 x 128 lanes x 2 (fma) x 2 (f16 packed) x 1.545 GHz =
  // 104.417 TFLOP/s; ridge 835.338 / 4.23 = 197.48 FLOP/B; crossbar
  // bisection 2 x floor(132 / 2) x 67.7 GB/s = 8.9364 TB/s.
  for (const char* line : {
           "hardware h200\n",
           "  clock              1.545 GHz (period 647.249 ps; cycle ends round up to whole ps, "
           "exactly)\n",
           "  PEs                132, 32 resident programs each (at most 2048 threads, warps of "
           "32)\n",
           "  register file      256 KiB holding the tiles, 1.02 KB per thread before spilling\n",
           "  GEMM array         32x64 throughput, pipeline latency 32 cycles\n",
           "  TCM                228 KiB in 32 banks x 4 B x 1 ports\n",
           "  dtype              GEMM     vector (fma)   ridge (FLOP/B HBM)\n",
           "  f16      835.34 TFLOP/s   104.42 TFLOP/s                197.5\n",
           "  HBM                4.23 TB/s\n",
           "  fabric bisection   8.9364 TB/s (both directions)\n",
       })
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\nin:\n" << r.out;
}

TEST(HwShow, DefaultsToNpuDefaultWithoutAnArgument) {
  const CliResult a = run_cli({"hw", "show"});
  const CliResult b = run_cli({"hw", "show", "npu-default"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(HwShow, ReadsAYamlFileWithABase) {
  const std::string dir = temp_dir("cfg");
  const std::string path = dir + "/small.yaml";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("base: npu-default\npe:\n  count: 4\nfabric:\n  mesh: {x: 2, y: 2}\n", f);
    std::fclose(f);
  }
  const CliResult r = run_cli({"hw", "show", path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["name"], path);
  EXPECT_EQ(j["topology"]["pe_count"], 4);
  EXPECT_DOUBLE_EQ(j["peaks"]["dtypes"]["f16"]["gemm_flops"].get<double>(),
                   4.0 * 64 * 64 * 2 * 1e9);
}

}  // namespace
}  // namespace kernbench::app::test
