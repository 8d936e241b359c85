#include "data/array.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace kernbench::data {
namespace {

TEST(Shape, NumelRankAndStrides) {
  const Shape s{2, 3, 4};
  EXPECT_EQ(s.rank(), 3);
  EXPECT_EQ(s.numel(), 24);
  EXPECT_EQ(s.strides()[0], 12);
  EXPECT_EQ(s.strides()[1], 4);
  EXPECT_EQ(s.strides()[2], 1);
  EXPECT_EQ(s.dim(-1), 4);
  EXPECT_EQ(s.to_string(), "[2, 3, 4]");
  EXPECT_EQ(Shape{}.numel(), 1);
  EXPECT_EQ(Shape{}.to_string(), "[]");
  EXPECT_EQ((Shape{3, 0, 2}.numel()), 0);
}

TEST(Shape, RejectsNegativeDimsAndTooManyAxes) {
  EXPECT_THROW((Shape{2, -1}), ShapeError);
  EXPECT_THROW((Shape{1, 1, 1, 1, 1, 1, 1, 1, 1}), ShapeError);
  EXPECT_THROW((Shape{1 << 30, 1 << 30}), ShapeError);
}

TEST(Shape, AcceptsUpTo2To48ElementsAndRejectsMoreEvenWhenTheProductOverflows) {
  const std::int64_t d = std::int64_t{1} << 24;
  EXPECT_EQ((Shape{d, d}.numel()), std::int64_t{1} << 48);
  EXPECT_THROW((Shape{d, d, 2}), ShapeError);
  EXPECT_THROW((Shape{d + 1, d}), ShapeError);
  const std::int64_t big = std::int64_t{1} << 40;  // big * big overflows int64
  EXPECT_THROW((Shape{big, big}), ShapeError);
  EXPECT_EQ((Shape{d, d, 0}.numel()), 0);  // an empty shape has no elements to count
}

TEST(Shape, BroadcastFollowsNumpyRules) {
  EXPECT_EQ(broadcast_shapes(Shape{4, 1}, Shape{1, 8}), (Shape{4, 8}));
  EXPECT_EQ(broadcast_shapes(Shape{8}, Shape{2, 3, 8}), (Shape{2, 3, 8}));
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{5}), (Shape{5}));
  EXPECT_EQ(broadcast_shapes(Shape{3, 1, 5}, Shape{4, 1}), (Shape{3, 4, 5}));
  EXPECT_EQ(broadcast_shapes(Shape{0, 1}, Shape{1, 3}), (Shape{0, 3}));
}

TEST(Shape, IncompatibleBroadcastNamesOpShapesAndDimension) {
  try {
    broadcast_shapes(Shape{4, 8}, Shape{3}, "add");
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("add"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[4, 8]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[3]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("8 vs 3"), std::string::npos) << msg;
  }
}

TEST(Shape, NormalizeAxisAcceptsNegativeAndRejectsOutOfRange) {
  EXPECT_EQ(normalize_axis(-1, Shape{2, 3}, "sum"), 1);
  EXPECT_EQ(normalize_axis(0, Shape{2, 3}, "sum"), 0);
  EXPECT_THROW(normalize_axis(2, Shape{2, 3}, "sum"), ShapeError);
  EXPECT_THROW(normalize_axis(-3, Shape{2, 3}, "sum"), ShapeError);
  EXPECT_EQ(index_to_string(Shape{2, 3}, 5), "[1, 2]");
}

TEST(Array, DefaultIsAZeroF32Scalar) {
  const Array a;
  EXPECT_EQ(a.rank(), 0);
  EXPECT_EQ(a.numel(), 1);
  EXPECT_EQ(a.dtype(), DType::f32);
  EXPECT_EQ(a.get_double(0), 0.0);
}

TEST(Array, FloatValuesAreStoredRoundedToTheirDType) {
  const Array a = from_vector(std::vector<double>{0.1, 1.0 / 3.0, 70000.0}, Shape{3}, DType::f16);
  ASSERT_EQ(a.f32().size(), 3u);
  EXPECT_EQ(a.f32()[0], 0.0999755859375f);  // nearest f16 to 0.1
  EXPECT_EQ(a.f32()[1], 0.333251953125f);   // nearest f16 to 1/3
  EXPECT_EQ(a.f32()[2], INFINITY);          // beyond 65504
  const Array b = full(Shape{2}, 1000.0, DType::f8e4m3);
  EXPECT_TRUE(std::isnan(b.get_double(0)));  // e4m3 overflow is NaN
  const Array c = full(Shape{2}, 300.0, DType::f8e4m3);
  EXPECT_EQ(c.get_double(1), 288.0);
}

TEST(Array, IntegerValuesAreWrappedOrCastToTheirDType) {
  const Array a = from_vector(std::vector<std::int64_t>{127, 128, -129, 300}, Shape{4}, DType::i8);
  EXPECT_EQ(a.get_int(0), 127);
  EXPECT_EQ(a.get_int(1), -128);
  EXPECT_EQ(a.get_int(2), 127);
  EXPECT_EQ(a.get_int(3), 44);
  const Array b = from_vector(std::vector<double>{2.7, -2.7, 1e12, NAN}, Shape{4}, DType::i32);
  EXPECT_EQ(b.get_int(0), 2);
  EXPECT_EQ(b.get_int(1), -2);
  EXPECT_EQ(b.get_int(2), 2147483647);
  EXPECT_EQ(b.get_int(3), 0);
  const Array c = from_vector(std::vector<std::int64_t>{0, 5, -1}, Shape{3}, DType::boolean);
  EXPECT_EQ(c.get_int(0), 0);
  EXPECT_EQ(c.get_int(1), 1);
  EXPECT_EQ(c.get_int(2), 1);
  const Array d = full_int(Shape{1}, -1, DType::u32);
  EXPECT_EQ(d.get_int(0), 4294967295LL);
}

TEST(Array, MultiIndexAccessIsRowMajor) {
  std::vector<float> v(24);
  for (int i = 0; i < 24; ++i) v[static_cast<std::size_t>(i)] = static_cast<float>(i);
  const Array a = from_vector(v, Shape{2, 3, 4});
  EXPECT_EQ(a.get_double({1, 2, 3}), 23.0);
  EXPECT_EQ(a.get_double({1, 0, 2}), 14.0);
  EXPECT_THROW(a.get_double({2, 0, 0}), ValueError);
  EXPECT_THROW(a.get_double({0, 0}), ValueError);
  EXPECT_THROW(a.get_double(24), ValueError);
}

TEST(Array, WrongStorageAccessorsThrowClearErrors) {
  const Array a = zeros(Shape{2}, DType::i32);
  try {
    (void)a.f32();
    FAIL() << "expected DTypeError";
  } catch (const DTypeError& e) {
    EXPECT_NE(std::string(e.what()).find("int32[2]"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)zeros(Shape{2}).i64(), DTypeError);
}

TEST(Array, SetDoubleUsesCastSemantics) {
  Array a = zeros(Shape{2}, DType::bf16);
  a.set_double(0, 1.00390625);  // halfway between bf16 1 and 1.0078125 -> even
  EXPECT_EQ(a.get_double(0), 1.0);
  Array b = zeros(Shape{1}, DType::u8);
  b.set_double(0, -3.5);
  EXPECT_EQ(b.get_int(0), 0);
}

TEST(Array, ArangeIsInt32AndValidatesItsRange) {
  const Array a = arange(3, 7);
  EXPECT_EQ(a.dtype(), DType::i32);
  EXPECT_EQ(a.shape(), Shape{4});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(a.get_int(i), 3 + i);
  EXPECT_THROW(arange(5, 5), ValueError);
  EXPECT_THROW(arange(0, std::int64_t{1} << 32), ValueError);
}

TEST(Array, FromVectorChecksTheElementCount) {
  try {
    from_vector(std::vector<float>{1, 2, 3}, Shape{2, 2});
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("[2, 2]"), std::string::npos) << e.what();
  }
}

TEST(Array, ToStringShowsDTypeShapeAndValues) {
  const Array a = arange(0, 4);
  EXPECT_EQ(a.to_string(), "int32[4] {0, 1, 2, 3}");
  EXPECT_EQ(a.to_string(2), "int32[4] {0, 1, ... (2 more)}");
  EXPECT_EQ(a.nbytes(), 16u);
}

TEST(Array, IdenticalComparesBits) {
  const Array a = full(Shape{3}, NAN, DType::f32);
  const Array b = full(Shape{3}, NAN, DType::f32);
  EXPECT_TRUE(identical(a, b));
  EXPECT_FALSE(identical(full(Shape{1}, 0.0, DType::f32), full(Shape{1}, -0.0, DType::f32)));
  EXPECT_FALSE(identical(zeros(Shape{1}, DType::f32), zeros(Shape{1}, DType::f16)));
}

}  // namespace
}  // namespace kernbench::data
