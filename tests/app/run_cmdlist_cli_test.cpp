// `kernbench run FILE.jsonl|FILE.yaml`: command lists from the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

const std::string kExamples = std::string(KERNBENCH_EXAMPLES_DIR) + "/command-lists";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(RunCommandList, TheJsonLinesExampleRunsAndVerifiesAgainstNumpy) {
  const CliResult r = run_cli({"run", kExamples + "/exp.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(
      contains(r.out, "run command list " + kExamples + "/exp.jsonl on npu-default (data mode)\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "  commands         3 on 1 PE(s)\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  verification     verified: 1 output(s) within tolerance\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "PASS f32[16, 32]")) << r.out;
}

TEST(RunCommandList, SampleIsAUsageErrorForACommandList) {
  const CliResult r = run_cli({"run", kExamples + "/exp.jsonl", "--mode", "timing", "--sample"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--sample: a command list has no grid to sample")) << r.err;
}

TEST(RunCommandList, TheYamlExampleGivesTheSameTimelineAsTheJsonLinesOne) {
  const std::string dir = temp_dir("yaml");
  const CliResult a = run_cli({"run", kExamples + "/exp.jsonl", "--oplog", dir + "/a.jsonl"});
  const CliResult b = run_cli({"run", kExamples + "/exp.yaml", "--oplog", dir + "/b.jsonl"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string log = slurp(dir + "/a.jsonl");
  EXPECT_EQ(log, slurp(dir + "/b.jsonl"));
  EXPECT_TRUE(contains(log, R"("kind":"DmaRead","name":"load x")")) << log;
  EXPECT_TRUE(contains(log, R"("has_result":true)")) << log;
  EXPECT_FALSE(std::filesystem::exists(dir + "/a.jsonl.partial"));
}

TEST(RunCommandList, AWrongReferenceExitsOneWithTheWorstElement) {
  const std::string dir = temp_dir("wrong");
  std::filesystem::copy_file(kExamples + "/x.npy", dir + "/ref.npy");  // x is not exp(x)
  write(dir + "/wrong.jsonl",
        R"({"kind":"Alloc","name":"y","dtype":"f32","shape":[16,32],"fill":"value","value":1})"
        "\n"
        R"({"kind":"Verify","alloc":"y","npy":"ref.npy"})"
        "\n");
  const CliResult r = run_cli({"run", dir + "/wrong.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, "  verification     FAILED: 1 of 1 output(s) outside tolerance\n"))
      << r.out;
  EXPECT_TRUE(contains(r.err, "computed wrong results: y: FAIL f32[16, 32]: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "; worst at [")) << r.err;
}

TEST(RunCommandList, ErrorsNameTheFileLineAndFieldAndKernelOptionsAreRefused) {
  const std::string dir = temp_dir("errors");
  write(dir + "/bad.yaml",
        "- {kind: Alloc, name: x, dtype: f32, shape: [4]}\n"
        "- kind: DmaRead\n"
        "  id: 0\n"
        "  pe: 0\n"
        "  mem: x\n"
        "  shape: [4]\n"
        "  dtype: f32\n"
        "  tcm_addr: 2097152\n");
  const CliResult bad = run_cli({"run", dir + "/bad.yaml"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "kernbench: error: " + dir +
                         "/bad.yaml:2: field `tcm_addr`: TCM bytes [2097152, 2097168) are past "
                         "the end of PE 0's TCM (1048576 bytes, pe.tcm.size)\n");
  const CliResult missing = run_cli({"run", dir + "/nope.jsonl"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "kernbench: error: cannot read command list `" + dir +
                             "/nope.jsonl`: No such file or directory\n");
  const CliResult param = run_cli({"run", kExamples + "/exp.jsonl", "--param", "n=1"});
  EXPECT_EQ(param.exit_code, 2);
  EXPECT_TRUE(contains(param.err, "--param: a command list has no parameters")) << param.err;
}

TEST(RunCommandList, JsonReportAndTimingModeAndTolerances) {
  const CliResult j = run_cli({"run", kExamples + "/exp.jsonl", "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const nlohmann::json report = nlohmann::json::parse(j.out);
  EXPECT_EQ(report.at("commands").get<int>(), 3);
  EXPECT_TRUE(report.at("verified").get<bool>());
  EXPECT_GT(report.at("simulated_ps").get<std::uint64_t>(), 0u);
  const CliResult t = run_cli({"run", kExamples + "/exp.jsonl", "--mode", "timing", "--json"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(nlohmann::json::parse(t.out).at("simulated_ps"), report.at("simulated_ps"))
      << "timing does not depend on the data";
  const CliResult tight = run_cli({"run", kExamples + "/exp.jsonl", "--rtol", "y=0.5"});
  ASSERT_EQ(tight.exit_code, 0) << tight.err;
  EXPECT_TRUE(contains(tight.out, "rtol 0.5)")) << tight.out;
}

}  // namespace
}  // namespace kernbench::app::test
