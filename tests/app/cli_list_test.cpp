// Golden end-to-end runs of `kernbench list`, --version and --help.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

TEST(List, TextShowsPresetsWithTheirYamlSummaryThenTheKernels) {
  const CliResult r = run_cli({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("presets (use with --hw NAME or `kernbench hw show NAME`):\n"
                        "  h200         NVIDIA H200 SXM as a kernbench chip; each SM is one PE.\n"
                        "  npu-default  a plausible inference NPU (a design point, not a "
                        "product).\n"
                        "\n"
                        "kernels (run with `kernbench run NAME [--param NAME=VALUE]...`):\n",
                        0),
            0u)
      << r.out;
  for (const char* k :
       {"attention", "layernorm", "layernorm_backward", "matmul", "softmax", "vector_add"}) {
    EXPECT_NE(r.out.find(std::string("\n  ") + k + "  "), std::string::npos) << k;
  }
}

TEST(List, JsonHasPresetsAndKernels) {
  const CliResult r = run_cli({"list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  ASSERT_EQ(j["presets"].size(), 2u);
  EXPECT_EQ(j["presets"][0]["name"], "h200");
  EXPECT_EQ(j["presets"][1]["name"], "npu-default");
  EXPECT_EQ(j["presets"][1]["description"],
            "a plausible inference NPU (a design point, not a product).");
  ASSERT_TRUE(j["kernels"].is_array());
  ASSERT_EQ(j["kernels"].size(), 6u);
  EXPECT_EQ(j["kernels"][3]["name"], "matmul");
}

TEST(Version, PrintsTheProjectVersion) {
  const CliResult r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "kernbench " KERNBENCH_VERSION "\n");
  EXPECT_EQ(r.err, "");
}

TEST(Help, ListsTheCommandsAndExitsZero) {
  const CliResult r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Usage: kernbench"), std::string::npos);
  EXPECT_NE(r.out.find("  hw "), std::string::npos);
  EXPECT_NE(r.out.find("  list "), std::string::npos);
  const CliResult gemm = run_cli({"hw", "cost", "gemm", "--help"});
  EXPECT_EQ(gemm.exit_code, 0);
  EXPECT_NE(gemm.out.find("--dtype"), std::string::npos);
}

}  // namespace
}  // namespace kernbench::app::test
