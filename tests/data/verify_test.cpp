#include "data/verify.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "data/random.hpp"

namespace kernbench::data {
namespace {

Array f32(std::vector<double> v, const Shape& s) {
  return from_vector(v, s, DType::f32);
}

TEST(Verify, IdenticalArraysPassWithZeroError) {
  const Array a = f32({1, 2, 3, 4}, Shape{2, 2});
  const VerifyResult r = verify(a, a);
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.numel, 4);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_EQ(r.max_abs_error, 0.0);
  EXPECT_EQ(r.to_string(),
            "PASS f32[2, 2]: 4 elements, max abs err 0, max rel err 0 (atol 1e-05, rtol 1e-05)");
}

TEST(Verify, ReportsErrorsAndTheWorstIndex) {
  const Array ref = f32({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Array out = f32({1, 2.000001, 3, 4, 5.5, 6}, Shape{2, 3});
  const VerifyResult r = verify(out, ref);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.mismatches, 1);
  EXPECT_NEAR(r.max_abs_error, 0.5, 1e-12);
  EXPECT_NEAR(r.max_rel_error, 0.1, 1e-12);
  EXPECT_EQ(r.worst_index, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(r.worst_out, 5.5);
  EXPECT_EQ(r.worst_ref, 5.0);
  const std::string s = r.to_string();
  EXPECT_EQ(s.rfind("FAIL f32[2, 3]: 1/6 mismatched", 0), 0u) << s;
  EXPECT_NE(s.find("worst at [1, 1]: out 5.5 vs ref 5"), std::string::npos) << s;
}

TEST(Verify, ToleranceIsAbsolutePlusRelative) {
  const Array ref = f32({100.0}, Shape{1});
  // allowed = 1e-5 + 1e-5 * 100 = 1.01e-3
  EXPECT_TRUE(verify(f32({100.001}, Shape{1}), ref).passed);
  EXPECT_FALSE(verify(f32({100.002}, Shape{1}), ref).passed);
  EXPECT_TRUE(verify(f32({100.5}, Shape{1}), ref, Tolerance{1.0, 0.0}).passed);
  EXPECT_FALSE(verify(f32({101.5}, Shape{1}), ref, Tolerance{1.0, 0.0}).passed);
}

TEST(Verify, NaNMatchesOnlyNaNAndInfinitiesMustAgree) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(verify(f32({nan, inf, -inf}, Shape{3}), f32({nan, inf, -inf}, Shape{3})).passed);
  const VerifyResult r = verify(f32({nan, 1.0, inf}, Shape{3}), f32({1.0, nan, -inf}, Shape{3}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.mismatches, 3);
  EXPECT_EQ(r.nan_mismatches, 2);
  EXPECT_EQ(r.worst_index, (std::vector<std::int64_t>{0}));
  EXPECT_NE(r.to_string().find("(2 NaN)"), std::string::npos) << r.to_string();
}

TEST(Verify, IntegersAreExact) {
  const Array a = from_vector(std::vector<std::int64_t>{1, 2, 3}, Shape{3}, DType::i32);
  const Array b = from_vector(std::vector<std::int64_t>{1, 2, 4}, Shape{3}, DType::i32);
  EXPECT_TRUE(verify(a, a).passed);
  const VerifyResult r = verify(a, b);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.worst_index, (std::vector<std::int64_t>{2}));
}

TEST(Verify, Int64AboveTwoToTheFiftyThreeComparesExactly) {
  const std::int64_t big = std::int64_t{1} << 53;
  const Array out = from_vector(std::vector<std::int64_t>{1, big + 1}, Shape{2}, DType::i64);
  const Array ref = from_vector(std::vector<std::int64_t>{1, big}, Shape{2}, DType::i64);
  const VerifyResult r = verify(out, ref, Tolerance{0.0, 0.0});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.mismatches, 1);
  EXPECT_EQ(r.worst_index, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(r.worst_out_int, big + 1);
  EXPECT_EQ(r.worst_ref_int, big);
  EXPECT_NE(r.to_string().find("out 9007199254740993 vs ref 9007199254740992"), std::string::npos)
      << r.to_string();
}

TEST(Verify, IntegersAtTheExtremesOfInt64CompareWithoutOverflow) {
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  const Array a = from_vector(std::vector<std::int64_t>{lo, hi}, Shape{2}, DType::i64);
  const Array b = from_vector(std::vector<std::int64_t>{hi, hi}, Shape{2}, DType::i64);
  EXPECT_TRUE(verify(a, a).passed);
  const VerifyResult r = verify(a, b);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.mismatches, 1);
  EXPECT_DOUBLE_EQ(r.max_abs_error, 18446744073709551615.0);
}

TEST(Verify, IntegersWithinAGivenToleranceStillPass) {
  const Array a = from_vector(std::vector<std::int64_t>{100, 200}, Shape{2}, DType::i32);
  const Array b = from_vector(std::vector<std::int64_t>{101, 200}, Shape{2}, DType::i32);
  EXPECT_TRUE(verify(a, b, Tolerance{1.0, 0.0}).passed);
  EXPECT_FALSE(verify(a, b, Tolerance{0.5, 0.0}).passed);
}

TEST(Verify, DefaultTolerancesPerDType) {
  EXPECT_EQ(default_tolerance(DType::i8).atol, 0.0);
  EXPECT_EQ(default_tolerance(DType::f32).rtol, 1e-5);
  EXPECT_EQ(default_tolerance(DType::f16).rtol, 2e-3);
  EXPECT_EQ(default_tolerance(DType::bf16).rtol, 1.6e-2);
  EXPECT_EQ(default_tolerance(DType::f8e4m3).rtol, 0.25);
  EXPECT_EQ(default_tolerance(DType::f8e5m2).rtol, 0.5);
  EXPECT_EQ(default_tolerance(DType::f32, DotPrecision::tf32).rtol, 2e-3);
  EXPECT_EQ(default_tolerance(DType::f32, DotPrecision::ieee).rtol, 1e-5);
  // One f16 ulp at 1.0 passes, two ulps at the bottom of a binade do too,
  // five do not.
  const Array ref = from_vector(std::vector<double>{1.0}, Shape{1}, DType::f16);
  const double ulp = std::ldexp(1.0, -10);
  EXPECT_TRUE(
      verify(from_vector(std::vector<double>{1.0 + 2 * ulp}, Shape{1}, DType::f16), ref).passed);
  EXPECT_FALSE(
      verify(from_vector(std::vector<double>{1.0 + 5 * ulp}, Shape{1}, DType::f16), ref).passed);
  // Mixed dtypes use the looser default.
  const Array ref32 = f32({1.0}, Shape{1});
  EXPECT_EQ(verify(ref, ref32).tolerance.rtol, 2e-3);
}

// The figures every element-by-element definition gives: max |o - e|, max
// |o - e| / |e| over e != 0, mismatches, and the first index of the largest
// |o - e| / (atol + rtol |e|). Checked against verify() on outputs whose
// errors are near-ties (many elements share a relative error up to one
// rounding), where skipping a division on a cheaper bound must not change
// the result.
TEST(Verify, AgreesWithTheDefinitionOnNearTiedErrors) {
  const Array drawn = random_array(Shape{64, 129}, DType::f32, 3, -2.0, 2.0);
  std::vector<double> e(drawn.f32().begin(), drawn.f32().end());
  std::vector<double> o(e.size());
  for (std::size_t i = 0; i < o.size(); ++i) {
    o[i] = e[i] * (1.0 + 1e-5 * static_cast<double>(i % 7) / 6.0) + (i % 5 == 0 ? 1e-6 : 0.0);
  }
  // Two relative errors one f32 step apart (1 and 1 + 2^-22 / 1.5), the
  // larger one second: the maximum and the worst index must be the second.
  e[0] = 1.0, o[0] = 2.0;
  e[1] = 1.5, o[1] = 3.0 + 0x1.0p-22;
  const Array ref = from_vector(e, drawn.shape(), DType::f32);
  const Array out = from_vector(o, drawn.shape(), DType::f32);
  const Tolerance tol{1e-6, 1e-5};
  double max_abs = 0, max_rel = 0, worst_score = -1;
  std::int64_t mismatches = 0, worst = -1;
  for (std::int64_t i = 0; i < ref.numel(); ++i) {
    const double ov = out.get_double(i), e = ref.get_double(i);
    const double d = std::fabs(ov - e), allowed = tol.atol + tol.rtol * std::fabs(e);
    max_abs = std::max(max_abs, d);
    if (e != 0) max_rel = std::max(max_rel, d / std::fabs(e));
    if (d > allowed) ++mismatches;
    if (d / allowed > worst_score) {
      worst_score = d / allowed;
      worst = i;
    }
  }
  const VerifyResult r = verify(out, ref, tol);
  EXPECT_EQ(r.max_abs_error, max_abs);
  EXPECT_EQ(r.max_rel_error, max_rel);
  EXPECT_EQ(r.mismatches, mismatches);
  EXPECT_GT(mismatches, 0);
  ASSERT_EQ(r.worst_index.size(), 2u);
  EXPECT_EQ(r.worst_index[0] * 129 + r.worst_index[1], worst);
  EXPECT_EQ(worst, 1);
  EXPECT_EQ(max_rel, 1.0 + 0x1.0p-22 / 1.5);
}

TEST(Verify, ShapeMismatchFailsWithANote) {
  const VerifyResult r = verify(zeros(Shape{4, 4}), zeros(Shape{4, 8}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.to_string(), "FAIL f32[4, 4]: shape mismatch: out is f32[4, 4] but ref is f32[4, 8]");
}

}  // namespace
}  // namespace kernbench::data
