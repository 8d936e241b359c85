#include "data/dtype.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kernbench::data {
namespace {

TEST(DType, SizesNamesAndKindsMatchTheTable) {
  EXPECT_EQ(size_of(DType::f32), 4u);
  EXPECT_EQ(size_of(DType::f16), 2u);
  EXPECT_EQ(size_of(DType::bf16), 2u);
  EXPECT_EQ(size_of(DType::f8e4m3), 1u);
  EXPECT_EQ(size_of(DType::f8e5m2), 1u);
  EXPECT_EQ(size_of(DType::i8), 1u);
  EXPECT_EQ(size_of(DType::i16), 2u);
  EXPECT_EQ(size_of(DType::i32), 4u);
  EXPECT_EQ(size_of(DType::i64), 8u);
  EXPECT_EQ(size_of(DType::u8), 1u);
  EXPECT_EQ(size_of(DType::u32), 4u);
  EXPECT_EQ(size_of(DType::boolean), 1u);
  EXPECT_EQ(bit_width(DType::boolean), 1);
  EXPECT_EQ(bit_width(DType::u32), 32);

  EXPECT_EQ(name(DType::f32), "f32");
  EXPECT_EQ(name(DType::f8e4m3), "fp8e4m3");
  EXPECT_EQ(name(DType::f8e5m2), "fp8e5m2");
  EXPECT_EQ(name(DType::i8), "int8");
  EXPECT_EQ(name(DType::u32), "uint32");
  EXPECT_EQ(name(DType::boolean), "bool");

  EXPECT_TRUE(is_float(DType::bf16));
  EXPECT_FALSE(is_float(DType::i32));
  EXPECT_TRUE(is_int(DType::u8));
  EXPECT_FALSE(is_int(DType::boolean));
  EXPECT_TRUE(is_integral(DType::boolean));
  EXPECT_TRUE(is_signed(DType::i16));
  EXPECT_TRUE(is_signed(DType::f16));
  EXPECT_FALSE(is_signed(DType::u32));
  EXPECT_FALSE(is_signed(DType::boolean));
  EXPECT_TRUE(is_fp8(DType::f8e5m2));
  EXPECT_FALSE(is_fp8(DType::f16));
}

TEST(DType, EveryCanonicalNameParsesBackToItsType) {
  for (int i = 0; i < kNumDTypes; ++i) {
    const auto t = static_cast<DType>(i);
    EXPECT_EQ(parse_dtype(name(t)), t) << name(t);
  }
}

TEST(DType, AliasesParse) {
  EXPECT_EQ(parse_dtype("float32"), DType::f32);
  EXPECT_EQ(parse_dtype("fp16"), DType::f16);
  EXPECT_EQ(parse_dtype("bfloat16"), DType::bf16);
  EXPECT_EQ(parse_dtype("float8_e4m3fn"), DType::f8e4m3);
  EXPECT_EQ(parse_dtype("fp8e5"), DType::f8e5m2);
  EXPECT_EQ(parse_dtype("i32"), DType::i32);
  EXPECT_EQ(parse_dtype("int1"), DType::boolean);
}

TEST(DType, UnknownNameErrorListsTheValidNames) {
  try {
    parse_dtype("float128");
    FAIL() << "expected DTypeError";
  } catch (const DTypeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'float128'"), std::string::npos) << msg;
    for (const char* n : {"f32", "f16", "bf16", "fp8e4m3", "fp8e5m2", "int8", "int16", "int32",
                          "int64", "uint8", "uint32", "bool"}) {
      EXPECT_NE(msg.find(n), std::string::npos) << n << " missing from: " << msg;
    }
  }
}

TEST(DType, IntegerRangesAreTheTwosComplementRanges) {
  EXPECT_EQ(int_min(DType::i8), -128);
  EXPECT_EQ(int_max(DType::i8), 127);
  EXPECT_EQ(int_min(DType::i32), -2147483648LL);
  EXPECT_EQ(int_max(DType::u32), 4294967295LL);
  EXPECT_EQ(int_max(DType::boolean), 1);
  EXPECT_THROW(int_min(DType::f16), DTypeError);
}

TEST(DType, ExactSubsetRelation) {
  EXPECT_TRUE(is_exact_subset(DType::f16, DType::f32));
  EXPECT_TRUE(is_exact_subset(DType::bf16, DType::f32));
  EXPECT_FALSE(is_exact_subset(DType::bf16, DType::f16));
  EXPECT_FALSE(is_exact_subset(DType::f16, DType::bf16));
  EXPECT_TRUE(is_exact_subset(DType::f8e4m3, DType::f16));
  EXPECT_TRUE(is_exact_subset(DType::f8e4m3, DType::bf16));
  EXPECT_TRUE(is_exact_subset(DType::f8e5m2, DType::f16));
  EXPECT_FALSE(is_exact_subset(DType::f8e4m3, DType::f8e5m2));
  EXPECT_TRUE(is_exact_subset(DType::i8, DType::i32));
  EXPECT_TRUE(is_exact_subset(DType::u8, DType::i16));
  EXPECT_FALSE(is_exact_subset(DType::i8, DType::u32));
  EXPECT_TRUE(is_exact_subset(DType::i16, DType::f32));
  EXPECT_FALSE(is_exact_subset(DType::i32, DType::f32));
  EXPECT_TRUE(is_exact_subset(DType::u8, DType::bf16));
  EXPECT_FALSE(is_exact_subset(DType::i16, DType::f16));
  EXPECT_TRUE(is_exact_subset(DType::boolean, DType::f8e4m3));
  EXPECT_FALSE(is_exact_subset(DType::f32, DType::i64));
}

TEST(Promotion, FloatRulesFollowTriton) {
  EXPECT_EQ(promote(DType::f32, DType::f16), DType::f32);
  EXPECT_EQ(promote(DType::i64, DType::f32), DType::f32);
  EXPECT_EQ(promote(DType::f16, DType::bf16), DType::f16);
  EXPECT_EQ(promote(DType::f16, DType::i32), DType::f16);
  EXPECT_EQ(promote(DType::f16, DType::f8e5m2), DType::f16);
  EXPECT_EQ(promote(DType::bf16, DType::bf16), DType::bf16);
  EXPECT_EQ(promote(DType::bf16, DType::i8), DType::f32);
  EXPECT_EQ(promote(DType::bf16, DType::f8e4m3), DType::f32);
  EXPECT_EQ(promote(DType::f8e4m3, DType::f8e4m3), DType::f8e4m3);
  EXPECT_EQ(promote(DType::f8e4m3, DType::f8e5m2), DType::f16);
}

TEST(Promotion, DivisionUpcastsSixteenBitFloats) {
  const auto div = PromoteMode::div_or_mod;
  EXPECT_EQ(promote(DType::f16, DType::f16, div), DType::f32);
  EXPECT_EQ(promote(DType::bf16, DType::bf16, div), DType::f32);
  EXPECT_EQ(promote(DType::f16, DType::i32, div), DType::f32);
  EXPECT_EQ(promote(DType::i32, DType::i8, div), DType::i32);
}

TEST(Promotion, IntegerRulesAreCUsualArithmeticConversions) {
  EXPECT_EQ(promote(DType::i8, DType::i16), DType::i16);
  EXPECT_EQ(promote(DType::i32, DType::i8), DType::i32);
  EXPECT_EQ(promote(DType::i8, DType::u8), DType::u8);
  EXPECT_EQ(promote(DType::i16, DType::u8), DType::i16);
  EXPECT_EQ(promote(DType::i32, DType::u32), DType::u32);
  EXPECT_EQ(promote(DType::i64, DType::u32), DType::i64);
  EXPECT_EQ(promote(DType::boolean, DType::boolean), DType::boolean);
  EXPECT_EQ(promote(DType::boolean, DType::i8), DType::i8);
  EXPECT_EQ(promote(DType::u8, DType::boolean), DType::u8);
}

TEST(Promotion, RejectedCombinationsNameBothTypes) {
  try {
    promote(DType::f8e4m3, DType::i32);
    FAIL() << "expected DTypeError";
  } catch (const DTypeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("fp8e4m3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("int32"), std::string::npos) << msg;
  }
  EXPECT_THROW(promote(DType::i32, DType::u32, PromoteMode::div_or_mod), DTypeError);
}

TEST(Promotion, LowerKindScalarsDoNotParticipate) {
  // int literal with an fp16 tensor stays fp16; float literal with fp16 too.
  EXPECT_EQ(promote_with_scalar(DType::f16, DType::i32), DType::f16);
  EXPECT_EQ(promote_with_scalar(DType::f16, DType::f32), DType::f16);
  EXPECT_EQ(promote_with_scalar(DType::i8, DType::i32), DType::i8);
  EXPECT_EQ(promote_with_scalar(DType::u8, DType::boolean), DType::u8);
  // A higher kind scalar participates: int tensor with float literal -> f32.
  EXPECT_EQ(promote_with_scalar(DType::i32, DType::f32), DType::f32);
  EXPECT_EQ(promote_with_scalar(DType::u8, DType::i32), DType::i32);
  EXPECT_EQ(promote_with_scalar(DType::bf16, DType::i32, PromoteMode::div_or_mod), DType::f32);
}

}  // namespace
}  // namespace kernbench::data
