#include "trace/op_record.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <type_traits>

namespace kernbench::trace {
namespace {

TEST(OpRecordLayout, IsCompactPlainData) {
  EXPECT_EQ(sizeof(OpRecord), 160u);
  EXPECT_EQ(alignof(OpRecord), 8u);
  EXPECT_TRUE(std::is_trivially_copyable_v<OpRecord>);
  EXPECT_TRUE(std::is_standard_layout_v<OpRecord>);
  // The 8-byte fields lead, so the record has no interior padding there.
  EXPECT_EQ(offsetof(OpRecord, id), 0u);
  EXPECT_EQ(offsetof(OpRecord, flops), 64u);
  EXPECT_EQ(offsetof(OpRecord, deps), 72u);
}

TEST(OpRecordDefaults, DescribeAnEmptyChipLevelRecord) {
  const OpRecord r;
  EXPECT_EQ(r.pe, kChipLevel);
  EXPECT_EQ(r.program, kNoProgram);
  EXPECT_EQ(r.num_deps, 0);
  EXPECT_EQ(r.num_operands, 0);
  EXPECT_EQ(r.name, 0u);
  EXPECT_FALSE(r.changes_memory);
}

TEST(OpRecordOperands, StoreShapeRankAndDtype) {
  OpRecord r;
  r.add_operand({128, 64}, 3);
  r.add_operand({64}, 7);
  r.add_operand({2, 3, 4, 5}, 1);
  ASSERT_EQ(r.num_operands, 3);
  ASSERT_EQ(r.shape(0).size(), 2u);
  EXPECT_EQ(r.shape(0)[0], 128u);
  EXPECT_EQ(r.shape(0)[1], 64u);
  EXPECT_EQ(r.dtype[0], 3);
  EXPECT_EQ(r.shape(1).size(), 1u);
  EXPECT_EQ(r.dtype[1], 7);
  EXPECT_EQ(r.shape(2)[3], 5u);
  EXPECT_THROW(r.add_operand({1}, 0), std::logic_error);
}

TEST(OpRecordOperands, RejectRankAboveFourAndDimensionsAbove32Bits) {
  OpRecord r;
  EXPECT_THROW(r.add_operand({1, 2, 3, 4, 5}, 0), std::logic_error);
  EXPECT_THROW(r.add_operand({1ull << 32}, 0), std::logic_error);
  EXPECT_EQ(r.num_operands, 0);
}

TEST(OpRecordDeps, StoreUpToFourProducers) {
  OpRecord r;
  for (OpId d : {4u, 9u, 11u, 12u}) r.add_dep(d);
  ASSERT_EQ(r.dep_ids().size(), 4u);
  EXPECT_EQ(r.dep_ids()[0], 4u);
  EXPECT_EQ(r.dep_ids()[3], 12u);
  try {
    r.add_dep(13);
    FAIL() << "fifth dep accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("4 producer ids"), std::string::npos) << e.what();
  }
}

TEST(OpRecordTimes, DurationAndWaitAreDifferencesInPicoseconds) {
  OpRecord r;
  r.t_issue = 1'000;
  r.t_start = 2'500;
  r.t_end = 10'000;
  EXPECT_EQ(r.duration(), 7'500u);
  EXPECT_EQ(r.wait(), 1'500u);
}

TEST(OpRecordNames, UnitAndKindNamesRoundTrip) {
  for (std::size_t i = 0; i < kUnitCount; ++i) {
    const auto u = static_cast<Unit>(i);
    EXPECT_EQ(parse_unit(to_string(u)), u);
  }
  for (std::size_t i = 0; i < kOpKindCount; ++i) {
    const auto k = static_cast<OpKind>(i);
    EXPECT_EQ(parse_op_kind(to_string(k)), k);
  }
  EXPECT_EQ(to_string(Unit::hbm), "hbm");
  EXPECT_EQ(to_string(OpKind::DmaRead), "DmaRead");
  EXPECT_FALSE(parse_unit("tpu").has_value());
  EXPECT_FALSE(parse_op_kind("gemm").has_value());
}

}  // namespace
}  // namespace kernbench::trace
