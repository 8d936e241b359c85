#include "util/edit_distance.hpp"

#include <gtest/gtest.h>

using kernbench::util::edit_distance;

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("pe.tcm.szie", "pe.tcm.size"), 2u);  // a swap is two edits
  EXPECT_EQ(edit_distance("Softmax", "softmax"), 1u);          // case sensitive
}
