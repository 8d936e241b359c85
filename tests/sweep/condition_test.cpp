#include "sweep/condition.hpp"

#include <gtest/gtest.h>

#include <map>

namespace kernbench::sweep {
namespace {

Condition::Lookup values(std::map<std::string, double> m) {
  return [m](std::string_view k) -> std::optional<double> {
    const auto it = m.find(std::string(k));
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Condition, ArithmeticFollowsPrecedenceAndParentheses) {
  const auto c = Condition::parse("2 * BLOCK_SIZE_M * BLOCK_SIZE_K + 16 <= pe.tcm.size");
  EXPECT_EQ(c.names(), (std::vector<std::string>{"BLOCK_SIZE_M", "BLOCK_SIZE_K", "pe.tcm.size"}));
  EXPECT_TRUE(c.holds(values({{"BLOCK_SIZE_M", 64}, {"BLOCK_SIZE_K", 64}, {"pe.tcm.size", 8208}})));
  EXPECT_FALSE(
      c.holds(values({{"BLOCK_SIZE_M", 64}, {"BLOCK_SIZE_K", 64}, {"pe.tcm.size", 8207}})));
  EXPECT_TRUE(Condition::parse("(1 + 2) * 3 == 9").holds(values({})));
  EXPECT_TRUE(Condition::parse("8 / 2 - 1 != 2").holds(values({})));
}

TEST(Condition, APointLackingANameIsNotFiltered) {
  EXPECT_TRUE(Condition::parse("M > 100").holds(values({{"N", 1}})));
}

TEST(Condition, MalformedTextSaysWhereAndWhatWasExpected) {
  try {
    Condition::parse("M <=");
    FAIL();
  } catch (const ConditionError& e) {
    EXPECT_STREQ(e.what(), "at column 5: found the end; expected a number, a name or `(`");
  }
  try {
    Condition::parse("M + 1");
    FAIL();
  } catch (const ConditionError& e) {
    EXPECT_STREQ(e.what(),
                 "at column 6: found the end; expected a comparison (<=, <, >=, >, ==, !=)");
  }
}

}  // namespace
}  // namespace kernbench::sweep
