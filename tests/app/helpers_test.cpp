// Pure helpers of the app layer: formatting, preset summaries,
// the kernel catalog.
#include <gtest/gtest.h>

#include "app/errors.hpp"
#include "app/failure.hpp"
#include "app/format.hpp"
#include "app/kernel_catalog.hpp"
#include "app/names.hpp"
#include "app/presets_info.hpp"

namespace kernbench::app {
namespace {

TEST(Grouped, PutsCommasEveryThreeDigits) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(640000), "640,000");
  EXPECT_EQ(grouped(18446744073709551615ULL), "18,446,744,073,709,551,615");
}

TEST(HumanPs, PicksTheLargestUnitAndMarksRounding) {
  EXPECT_EQ(human_ps(0), "0 ps");
  EXPECT_EQ(human_ps(999), "999 ps");
  EXPECT_EQ(human_ps(640000), "640 ns");
  EXPECT_EQ(human_ps(647250), "647.25 ns");
  EXPECT_EQ(human_ps(1500000), "1.5 us");
  EXPECT_EQ(human_ps(352104), "352.104 ns");
  EXPECT_EQ(human_ps(1234567), "~1.234 us");
  EXPECT_EQ(human_ps(2'000'000'000'000ULL), "2 s");
}

TEST(Si, ScalesToTheLargestPrefix) {
  EXPECT_EQ(si(1.31072e14, "FLOP/s"), "131.07 TFLOP/s");
  EXPECT_EQ(si(999, "B/s"), "999.00 B/s");
  EXPECT_EQ(si(2.5e9, "B/s", 1), "2.5 GB/s");
}

TEST(PresetDescription, PrefersADescriptionKey) {
  EXPECT_EQ(preset_description("x", "# x: from the comment\ndescription: \"from the key\"\n"),
            "from the key");
}

TEST(PresetDescription, FallsBackToTheFirstCommentWithoutTheNamePrefix) {
  EXPECT_EQ(preset_description("tiny", "# tiny: a 2-PE test chip.\n# more\npe:\n  count: 2\n"),
            "a 2-PE test chip.");
  EXPECT_EQ(preset_description("tiny", "# no prefix here\n"), "no prefix here");
  EXPECT_EQ(preset_description("tiny", "pe:\n  description: nested is not ours\n"), "");
}

TEST(PresetInfos, CoverEveryBuiltInPresetWithADescription) {
  const auto infos = preset_infos();
  ASSERT_FALSE(infos.empty());
  for (const auto& p : infos) EXPECT_FALSE(p.description.empty()) << p.name;
}

TEST(KernelCatalog, KeepsEntriesSortedAndRejectsDuplicates) {
  KernelCatalog c;
  c.add({"softmax", "row softmax"});
  c.add({"add", "vector add"});
  ASSERT_EQ(c.entries().size(), 2u);
  EXPECT_EQ(c.entries()[0].name, "add");
  EXPECT_EQ(c.names(), (std::vector<std::string>{"add", "softmax"}));
  ASSERT_NE(c.find("softmax"), nullptr);
  EXPECT_EQ(c.find("softmax")->description, "row softmax");
  EXPECT_EQ(c.find("matmul"), nullptr);
  EXPECT_THROW(c.add({"add", "again"}), std::logic_error);
  EXPECT_THROW(c.add({"", "nameless"}), std::logic_error);
}

TEST(KernelCatalog, TwoCatalogsAreIndependent) {
  KernelCatalog a;
  KernelCatalog b;
  a.add({"add", "vector add"});
  EXPECT_TRUE(b.entries().empty());
}

TEST(Names, ParsersAcceptEverySpellingAndRejectOthersAsUsageErrors) {
  for (const auto& n : precision_names())
    EXPECT_EQ(hw::to_string(parse_precision("--dtype", n)), n);
  for (const auto& n : math_op_names()) EXPECT_EQ(hw::to_string(parse_math_op("--op", n)), n);
  EXPECT_EQ(parse_dma_source("--source", "tcm"), DmaSource::tcm);
  EXPECT_EQ(parse_reduce_op("--reduce", "max"), hw::ReduceOp::max);
  EXPECT_THROW(parse_precision("--dtype", "F16"), UsageError);
  EXPECT_THROW(parse_math_op("--op", ""), UsageError);
}

}  // namespace
}  // namespace kernbench::app

namespace kernbench::app {
namespace {

Failure failure_of(auto thrower) {
  try {
    thrower();
  } catch (...) {
    return describe_failure(std::current_exception());
  }
  return {-1, "nothing thrown"};
}

TEST(DescribeFailure, MapsUserUsageAndInternalErrorsToTheirExitCodes) {
  const Failure user = failure_of([] { throw std::runtime_error("bad config"); });
  EXPECT_EQ(user.exit_code, 1);
  EXPECT_EQ(user.line, "kernbench: error: bad config\n");
  const Failure usage = failure_of([] { throw UsageError("--dtype: nope"); });
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.line, "kernbench: error: --dtype: nope\n");
  const Failure bug = failure_of([] { throw std::logic_error("broken invariant"); });
  EXPECT_EQ(bug.exit_code, 70);
  EXPECT_EQ(bug.line, "kernbench: internal error: broken invariant\n");
  const Failure odd = failure_of([] { throw 42; });
  EXPECT_EQ(odd.exit_code, 70);
  EXPECT_EQ(odd.line, "kernbench: internal error: unknown exception\n");
}

TEST(DescribeFailure, FoldsMultiLineMessagesIntoOneLine) {
  const Failure f = failure_of([] { throw std::runtime_error("first\nsecond"); });
  EXPECT_EQ(f.line, "kernbench: error: first second\n");
}

}  // namespace
}  // namespace kernbench::app
