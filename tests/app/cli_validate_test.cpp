// End-to-end `kernbench validate`: a two-case file written here, its text
// and JSON reports, a failing case and a malformed file with their exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

const char* const kTwoCases =
    R"j({"kernel": "vector_add", "shape": {"n": 4096}, "dtype": "f32", "config": {"BLOCK": 1024, )j"
    R"j("num_warps": 4}, "grid": [4], "bytes": 49152, "flops": 4096, )j"
    R"j("ms_median_p20_p80": [0.004, 0.0036, 0.0051]})j"
    "\n"
    R"j({"kernel": "matmul", "shape": {"M": 256, "N": 256, "K": 128}, "dtype": "f16->f32acc->f16", )j"
    R"j("config": {"BM": 64, "BN": 64, "BK": 32, "GM": 8, "num_warps": 4, "num_stages": 3}, )j"
    R"j("grid": [16], "bytes": 262144, "flops": 16777216, "ms_median_p20_p80": [0.01, 0.009, 0.011]})j"
    "\n";

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = temp_dir("in") + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ValidateCli, TwoCasesGiveAPredictionAndARooflineEachAndTheirSummary) {
  const std::string file = write_file("two.jsonl", kTwoCases);
  const CliResult r = run_cli({"validate", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(contains(r.out, "validate h200 against " + file + "\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "    1  vector_add      4.000 us")) << r.out;
  EXPECT_TRUE(contains(r.out, "    2  matmul         10.000 us")) << r.out;
  EXPECT_TRUE(contains(r.out, "  MAPE  ")) << r.out;
  EXPECT_TRUE(contains(r.out, "  failed: 0 of 2\n")) << r.out;
}

TEST(ValidateCli, TheJsonReportIsConsistentWithTheMeasurementsAndItsOwnSummary) {
  const std::string file = write_file("two.jsonl", kTwoCases);
  const CliResult r =
      run_cli({"validate", file, "--json", "--hw", "npu-default", "--set", "launch.latency=1us"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["schema"], "kernbench.validate/1");
  EXPECT_EQ(j["hw"], "npu-default");
  EXPECT_EQ(j["overrides"], Json::array({"launch.latency=1us"}));
  ASSERT_EQ(j["cases"].size(), 2u);
  const double measured[] = {4e6, 10e6};  // ps
  double sum = 0;
  for (int i = 0; i < 2; ++i) {
    const Json& c = j["cases"][i];
    EXPECT_NEAR(c["measured_median_ps"].get<double>(), measured[i], 1e-3);
    const auto predicted = c["predicted_ps"].get<double>();
    EXPECT_GT(predicted, 0);
    const double err = (predicted - measured[i]) / measured[i] * 100;
    EXPECT_NEAR(c["model_error_percent"].get<double>(), err, 1e-9);
    sum += std::abs(err);
  }
  EXPECT_NEAR(j["summary"]["model"]["mape_percent"].get<double>(), sum / 2, 1e-9);
  // npu-default with launch.latency=1us: 1 us + 50 ns + 49152 B / 1 TB/s.
  EXPECT_NEAR(j["cases"][0]["roofline_ps"].get<double>(), 1'099'152.0, 1e-3);
}

TEST(ValidateCli, AFailedCaseIsReportedCountedAndFailsTheCommand) {
  // N_CTX = 200 is not a multiple of BLOCK_M: the built-in refuses it.
  const std::string file = write_file(
      "bad.jsonl",
      std::string(kTwoCases) +
          R"j({"kernel": "attention_fwd", "shape": {"Z": 1, "H": 1, "N_CTX": 200, "D": 64}, )j"
          R"j("dtype": "f16 (f32 acc)", "config": {"BLOCK_M": 128, "BLOCK_N": 64}, "bytes": 1, )j"
          R"j("flops": 1, "ms_median_p20_p80": [0.01, 0.01, 0.01]})j"
          "\n");
  const CliResult r = run_cli({"validate", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, "       error: " + file +
                                  ":3: kernel 'attention': N_CTX=200 must "
                                  "be a multiple of BLOCK_M=128"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "  failed: 1 of 3\n")) << r.out;
  EXPECT_EQ(r.err, "kernbench: error: 1 of 3 case(s) failed; see the report for each error\n");
}

TEST(ValidateCli, AMalformedFileFailsBeforeAnythingRunsNamingLineAndKey) {
  const std::string file = write_file(
      "bad.jsonl", std::string(kTwoCases) + R"j({"kernel": "softmax", "shape": {"m": 4}})j" + "\n");
  const CliResult r = run_cli({"validate", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "kernbench: error: " + file +
                       ":3: key `dtype`: is missing; expected a string such as \"f16\"\n");
  const CliResult none = run_cli({"validate", "no-such-file.jsonl"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err,
            "kernbench: error: cannot read measurement file `no-such-file.jsonl`: No such file or "
            "directory\n");
}

}  // namespace
}  // namespace kernbench::app::test
