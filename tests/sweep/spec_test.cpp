#include "sweep/spec.hpp"

#include <gtest/gtest.h>

#include "sweep/expand.hpp"

namespace kernbench::sweep {
namespace {

std::string error_of(const std::string& yaml) {
  try {
    load_spec_text(yaml, "s.yaml");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "no error";
}

constexpr const char* kSpec = R"(name: demo
mode: timing
seeds: [0, 1]
kernels:
  - kernel: matmul
    params: {M: [128, 256], K: [128, 256], N: 128}
    zip: [[M, K]]
  - kernel: vector_add
    params: {n: 4096}
hw:
  base: npu-default
  set: {pe.tcm.size: [256KiB, 1 MiB], pe.count: [4, 8, 16]}
where: ["M <= 128 * pe.count"]
limits: {time: 30 s, memory: 1 GiB}
)";

TEST(SweepSpec, ReadsEveryPartOfASpec) {
  const SweepSpec s = load_spec_text(kSpec, "s.yaml");
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.modes, std::vector<std::string>{"timing"});
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{0, 1}));
  ASSERT_EQ(s.kernels.size(), 2u);
  EXPECT_EQ(s.kernels[0].kernel.text, "matmul");
  EXPECT_EQ(s.kernels[0].kernel.at.str(), "s.yaml:5:13");
  ASSERT_EQ(s.hw.sets.size(), 2u);
  // Override values are canonical, so spellings of one size are one point.
  EXPECT_EQ(s.hw.sets[0].values[0].text, "256 KiB");
  EXPECT_EQ(s.hw.sets[0].values[1].text, "1 MiB");
  EXPECT_DOUBLE_EQ(*s.limits.time_seconds, 30.0);
  EXPECT_EQ(*s.limits.memory_bytes, 1ull << 30);
}

TEST(SweepSpec, ExpandsTheProductWithZipGroupsAndFilters) {
  const SweepSpec s = load_spec_text(kSpec, "s.yaml");
  const std::vector<Point> points = expand(s);
  // matmul: 2 zipped (M, K) x 2 tcm x 3 count x 2 seeds = 24, all M <= 512;
  // vector_add: 1 x 6 x 2 = 12 (no M: the filter does not apply).
  EXPECT_EQ(points.size(), 36u);
  EXPECT_EQ(points[0].canonical(),
            R"({"kernel":"matmul","params":{"K":"128","M":"128","N":"128"},"hw":"npu-default",)"
            R"("set":{"pe.count":"4","pe.tcm.size":"256 KiB"},"mode":"timing","seed":0})");
  const SweepSpec f = load_spec_text(
      std::string(kSpec).replace(std::string(kSpec).find("128 * pe.count"), 14, "32 * pe.count"),
      "s.yaml");
  // M=128 needs pe.count >= 4 (all), M=256 needs >= 8 (2 of 3 counts).
  EXPECT_EQ(expand(f).size(), 12u + 8u + 12u);
}

TEST(SweepSpec, UnknownKeysNameFileLineAndSuggest) {
  EXPECT_EQ(error_of("kernels:\n  - kernel: matmul\n    parms: {M: 1}\n"),
            "s.yaml:3:5: kernels[0].parms: unknown key; did you mean `params`?");
  EXPECT_EQ(error_of("kernel: []\n"), "s.yaml:1:1: kernel: unknown key; did you mean `kernels`?");
}

TEST(SweepSpec, HardwareOverridesAreCheckedWhereTheyAreWritten) {
  EXPECT_EQ(error_of("kernels: [{kernel: matmul}]\nhw:\n  set:\n    pe.tcm.sise: [1MiB]\n"),
            "s.yaml:4:5: hw.set.pe.tcm.sise: unknown hardware parameter; did you mean "
            "`pe.tcm.size`?");
  const std::string e =
      error_of("kernels: [{kernel: matmul}]\nhw:\n  set:\n    pe.tcm.size: [1MiB, 7 parsecs]\n");
  EXPECT_TRUE(e.starts_with("s.yaml:4:25: hw.set.pe.tcm.size: `7 parsecs`: ")) << e;
}

TEST(SweepSpec, ZipGroupsNeedListsOfOneLength) {
  EXPECT_EQ(error_of("kernels:\n  - kernel: matmul\n    params: {M: [1, 2], K: [1, 2, 3]}\n"
                     "    zip: [[M, K]]\n"),
            "s.yaml:4:15: kernels[0].zip: `K` has 3 values and `M` has 2; expected lists of one "
            "length to zip");
  EXPECT_EQ(error_of("kernels:\n  - kernel: matmul\n    params: {M: [1, 2]}\n    zip: [[M, Q]]\n"),
            "s.yaml:4:15: kernels[0].zip: `Q` is not a key of kernels[0]; expected one of its "
            "swept keys");
}

TEST(SweepSpec, ConditionsMustParseAndNameSweptKeys) {
  EXPECT_EQ(error_of("kernels: [{kernel: matmul, params: {M: 1}}]\nwhere: [\"M < N\"]\n"),
            "s.yaml:2:9: where: `N` is not a swept key; expected one of M");
  EXPECT_EQ(error_of("kernels: [{kernel: matmul, params: {M: 1}}]\nwhere: [\"M <\"]\n"),
            "s.yaml:2:9: where: `M <`: at column 4: found the end; expected a number, a name or "
            "`(`");
}

TEST(SweepSpec, ModesSeedsAndLimitsSayWhatWasExpected) {
  EXPECT_EQ(
      error_of("mode: fast\nkernels: [{kernel: matmul}]\n"),
      "s.yaml:1:7: mode: `fast` is not a mode; expected data, timing or sampled (timing-only, "
      "large grids sampled)");
  EXPECT_EQ(error_of("seeds: [1, -2]\nkernels: [{kernel: matmul}]\n"),
            "s.yaml:1:12: seeds: `-2` is not a whole number; expected digits only");
  EXPECT_TRUE(error_of("limits: {time: 5}\nkernels: [{kernel: matmul}]\n")
                  .starts_with("s.yaml:1:16: limits.time: "));
  EXPECT_EQ(error_of("name: x\n"),
            "s.yaml:1:1: kernels: is missing or empty; expected a list of {kernel: NAME, params: "
            "{...}}");
  EXPECT_TRUE(error_of("kernels: [\n").starts_with("s.yaml:2:1: YAML syntax error: "));
}

TEST(SweepSpec, AMissingFileIsAnError) {
  EXPECT_THROW(load_spec_file("/nonexistent/spec.yaml"), SpecError);
}

}  // namespace
}  // namespace kernbench::sweep
