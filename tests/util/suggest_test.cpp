// The one "did you mean" rule (util/suggest.hpp), rule by rule.
#include "util/suggest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace kernbench::util {
namespace {

TEST(ClosestName, ACaseOnlyDifferenceWinsOutright) {
  // "block_size" is 2 edits from BLOCK_SIZ too, but a case slip is likelier.
  const std::vector<std::string> names{"BLOCK_SIZ", "BLOCK_SIZE"};
  EXPECT_EQ(closest_name("block_size", names), "BLOCK_SIZE");
}

TEST(ClosestName, SuggestsTyposWithinAThirdOfTheWord) {
  const std::vector<std::string> presets{"h200", "npu-default"};
  EXPECT_EQ(closest_name("npu-defualt", presets), "npu-default");  // 2 edits
  EXPECT_EQ(closest_name("h100", presets), "h200");
  EXPECT_EQ(closest_name("zzzzzzzz", presets), "");
  // max(2, 12 / 3) = 4 edits allowed for a 12-letter word, not 5.
  const std::vector<std::string> one{"abcdefghijkl"};
  EXPECT_EQ(closest_name("abcdefghWXYZ", one), "abcdefghijkl");
  EXPECT_EQ(closest_name("abcdefgVWXYZ", one), "");
}

TEST(ClosestName, TiesGoToTheEarliestCandidate) {
  const std::vector<std::string> names{"cat", "car"};
  EXPECT_EQ(closest_name("caz", names), "cat");
}

TEST(ClosestName, AcceptsAUniquePrefix) {
  const std::vector<std::string> presets{"h200", "npu-default"};
  EXPECT_EQ(closest_name("npu", presets), "npu-default");
  // 9 edits, far beyond a typo, but the only name it begins.
  const std::vector<std::string> kernels{"layernorm_backward", "softmax"};
  EXPECT_EQ(closest_name("layernorm", kernels), "layernorm_backward");
  const std::vector<std::string> two{"layernorm_x", "layernorm_y"};
  EXPECT_EQ(closest_name("layer", two), "");
}

TEST(ClosestName, AcceptsAUniqueLastSegmentOfADottedName) {
  const std::vector<std::string_view> paths{"pe.tcm.size", "pe.dma.burst", "cache.size"};
  EXPECT_EQ(closest_name("pe.burst", paths), "pe.dma.burst");
  // Two paths end in `size`: no suggestion from the segment.
  EXPECT_EQ(closest_name("hbm.xx.size", paths), "");
}

TEST(DidYouMean, FormsTheClauseAndTheSuffix) {
  const std::vector<std::string> presets{"h200", "npu-default"};
  EXPECT_EQ(did_you_mean("h20", presets), "did you mean `h200`?");
  EXPECT_EQ(did_you_mean_suffix("h20", presets), " (did you mean `h200`?)");
  EXPECT_EQ(did_you_mean_suffix("zzzzzzzz", presets), "");
  EXPECT_EQ(join_names(presets), "h200, npu-default");
  EXPECT_EQ(join_names(presets, " | "), "h200 | npu-default");
}

}  // namespace
}  // namespace kernbench::util
