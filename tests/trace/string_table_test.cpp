#include "trace/string_table.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace kernbench::trace {
namespace {

TEST(StringTable, EmptyStringIsAlwaysIdZero) {
  StringTable t;
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.lookup(0), "");
  EXPECT_EQ(t.intern(""), 0u);
}

TEST(StringTable, InternsEachDistinctStringOnceWithDenseIds) {
  StringTable t;
  const auto a = t.intern("load a");
  const auto b = t.intern("dot");
  const auto a2 = t.intern(std::string("load ") + "a");
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(a2, a);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.lookup(a), "load a");
  EXPECT_EQ(t.lookup(b), "dot");
  EXPECT_TRUE(t.contains("dot"));
  EXPECT_FALSE(t.contains("exp"));
}

TEST(StringTable, ViewsStayValidWhileTheTableGrows) {
  StringTable t;
  const auto id = t.intern("x");  // short: lives in the small-string buffer
  const std::string_view first = t.lookup(id);
  for (int i = 0; i < 10000; ++i) t.intern("name" + std::to_string(i));
  EXPECT_EQ(first.data(), t.lookup(id).data());
  EXPECT_EQ(t.lookup(id), "x");
  EXPECT_EQ(t.intern("name9999"), 10001u);
}

TEST(StringTable, UnknownIdThrowsOutOfRange) {
  StringTable t;
  EXPECT_THROW((void)t.lookup(5), std::out_of_range);
}

TEST(StringTable, RejectsInvalidUtf8WithTheByteOffset) {
  StringTable t;
  EXPECT_EQ(t.lookup(t.intern("\xCE\xBC-kernel")), "\xCE\xBC-kernel");  // "µ-kernel"
  try {
    t.intern("ab\xFF");
    FAIL() << "invalid UTF-8 accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("byte 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(t.intern("\xC0\x80"), std::runtime_error);  // overlong NUL
}

}  // namespace
}  // namespace kernbench::trace
