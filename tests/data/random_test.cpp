#include "data/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "data/convert.hpp"

namespace kernbench::data {
namespace {

// SplitMix64's published output from state 0 (the reference sequence of the
// generator): seed 0 has mix(0) = 0 as its base, so element i draws the
// (i + 1)-th output of that sequence.
constexpr std::uint64_t kReference[] = {0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
                                        0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL};

TEST(RandomArray, IntegerDrawsAreSplitMix64sReferenceSequenceModuloTheSpan) {
  const std::int64_t span = std::int64_t{1} << 33;
  const Array a = random_array(Shape{4}, DType::i64, 0, 0.0, static_cast<double>(span));
  for (std::int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(a.get_int(i), static_cast<std::int64_t>(kReference[i] % span)) << "element " << i;
  }
}

TEST(RandomArray, FloatDrawsUseTheTop53BitsScaledToTheRange) {
  const Array a = random_array(Shape{2, 2}, DType::f32, 0, -1.0, 1.0);
  for (std::int64_t i = 0; i < 4; ++i) {
    const double u = static_cast<double>(kReference[i] >> 11) * 0x1.0p-53;
    EXPECT_EQ(a.f32()[static_cast<std::size_t>(i)], static_cast<float>(-1.0 + 2.0 * u));
  }
}

TEST(RandomArray, SameSeedSameValuesAndOtherSeedsDiffer) {
  const Array a = random_array(Shape{1000}, DType::f16, 7, -4.0, 4.0);
  const Array b = random_array(Shape{1000}, DType::f16, 7, -4.0, 4.0);
  const Array c = random_array(Shape{1000}, DType::f16, 8, -4.0, 4.0);
  int differ = 0;
  for (std::int64_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(a.get_double(i), b.get_double(i));
    EXPECT_GE(a.get_double(i), -4.0);
    EXPECT_LE(a.get_double(i), 4.0);
    differ += a.get_double(i) != c.get_double(i) ? 1 : 0;
  }
  EXPECT_GT(differ, 990);  // f16 has ~4000 values in [-4, 4): few collide by chance
}

TEST(RandomArray, IntegersCoverTheirRangeAndFloatsAreRoundedToTheirDtype) {
  const Array i = random_array(Shape{2000}, DType::i8, 7, -3, 4);
  std::vector<int> seen(7, 0);
  for (const auto v : i.i64()) {
    ASSERT_GE(v, -3);
    ASSERT_LT(v, 4);
    ++seen[static_cast<std::size_t>(v + 3)];
  }
  for (const int s : seen) EXPECT_GT(s, 200);  // every value drawn, about 286 times each
  const Array h = random_array(Shape{100}, DType::f16, 1, 0, 1);
  for (const float v : h.f32()) ASSERT_EQ(v, round_to(DType::f16, v));
}

TEST(RandomArray, RejectsAnEmptyOrNonFiniteRange) {
  EXPECT_THROW(random_array(Shape{1}, DType::i32, 1, 0.2, 0.7), ValueError);  // no integer
  EXPECT_THROW(random_array(Shape{4}, DType::f32, 0, 1.0, 1.0), ValueError);
  EXPECT_THROW(random_array(Shape{4}, DType::f32, 0, 0.0, INFINITY), ValueError);
}

}  // namespace
}  // namespace kernbench::data
