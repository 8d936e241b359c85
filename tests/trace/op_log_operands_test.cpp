// OpLog::add_operand: operands of any rank and count, inline while they fit,
// out of line otherwise, read back the same way.

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "trace/export_jsonl.hpp"
#include "trace/op_log.hpp"

namespace kernbench::trace {
namespace {

OpRecord rec(std::uint64_t start) {
  OpRecord r;
  r.pe = 0;
  r.unit = Unit::math;
  r.kind = OpKind::Math;
  r.t_issue = r.t_start = start;
  r.t_end = start + 10;
  return r;
}

std::vector<std::uint32_t> dims(const OpLog& log, const OpRecord& r, std::size_t i) {
  const auto s = log.shape(r, i);
  return {s.begin(), s.end()};
}

}  // namespace

TEST(OpLogOperands, ShapesThatFitStayInline) {
  OpLog log;
  OpRecord r = rec(0);
  const std::uint64_t a[] = {128, 64};
  log.add_operand(r, a, 3);
  const OpId id = log.append(r);
  const OpRecord& got = log.by_id(id);
  EXPECT_FALSE(got.operands_out_of_line());
  EXPECT_EQ(dims(log, got, 0), (std::vector<std::uint32_t>{128, 64}));
  EXPECT_EQ(log.dtype(got, 0), 3);
}

TEST(OpLogOperands, ARankAboveFourMovesEveryOperandOutOfLine) {
  OpLog log;
  OpRecord r = rec(0);
  const std::uint64_t small[] = {4, 4};
  const std::uint64_t big[] = {2, 3, 4, 5, 6, 7, 8, 9};
  log.add_operand(r, small, 1);
  log.add_operand(r, big, 2);
  const OpId id = log.append(r);
  const OpRecord& got = log.by_id(id);
  EXPECT_TRUE(got.operands_out_of_line());
  ASSERT_EQ(got.num_operands, 2);
  EXPECT_EQ(log.rank(got, 1), 8u);
  EXPECT_EQ(dims(log, got, 0), (std::vector<std::uint32_t>{4, 4}));
  EXPECT_EQ(dims(log, got, 1), (std::vector<std::uint32_t>{2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(log.dtype(got, 0), 1);
  EXPECT_EQ(log.dtype(got, 1), 2);
}

TEST(OpLogOperands, MoreThanThreeOperandsAreAllKept) {
  OpLog log;
  OpRecord r = rec(0);
  for (std::uint64_t i = 1; i <= 5; ++i) {
    const std::uint64_t s[] = {i, i + 1};
    log.add_operand(r, s, static_cast<std::uint8_t>(i));
  }
  const OpRecord& got = log.by_id(log.append(r));
  ASSERT_EQ(got.num_operands, 5);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(dims(log, got, i), (std::vector<std::uint32_t>{static_cast<std::uint32_t>(i + 1),
                                                             static_cast<std::uint32_t>(i + 2)}));
    EXPECT_EQ(log.dtype(got, i), i + 1);
  }
}

TEST(OpLogOperands, OutOfLineOperandsSurviveSortingAndExportToJsonLines) {
  OpLog log;
  OpRecord late = rec(100);
  const std::uint64_t five[] = {1, 2, 3, 4, 5};
  log.add_operand(late, five, 7);
  log.append(late);
  OpRecord early = rec(0);
  const std::uint64_t six[] = {6, 5, 4, 3, 2, 1};
  log.add_operand(early, six, 8);
  log.append(early);
  log.finalize();
  EXPECT_EQ(dims(log, log[0], 0), (std::vector<std::uint32_t>{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(dims(log, log[1], 0), (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
  std::ostringstream os;
  write_jsonl(log, os);
  EXPECT_NE(os.str().find(R"("operands":[{"shape":[6,5,4,3,2,1],"dtype":8}])"), std::string::npos)
      << os.str();
}

TEST(OpLogOperands, InterleavedRecordsAreRefused) {
  OpLog log;
  OpRecord a = rec(0);
  OpRecord b = rec(0);
  const std::uint64_t five[] = {1, 2, 3, 4, 5};
  log.add_operand(a, five, 1);
  log.add_operand(b, five, 1);
  EXPECT_THROW(log.add_operand(a, five, 1), std::logic_error);
}

TEST(OpLogOperands, ClearDropsTheArena) {
  OpLog log;
  OpRecord r = rec(0);
  const std::uint64_t five[] = {1, 2, 3, 4, 5};
  log.add_operand(r, five, 1);
  log.append(r);
  log.clear();
  OpRecord stale = r;  // points past the emptied arena
  EXPECT_THROW(log.append(stale), std::logic_error);
}

}  // namespace kernbench::trace
