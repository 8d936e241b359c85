#include "data/dot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "data/convert.hpp"

namespace kernbench::data {
namespace {

Array random_array(const Shape& s, std::uint64_t seed, DType t, double lo = -2.0, double hi = 2.0) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<double> v(static_cast<std::size_t>(s.numel()));
  for (auto& x : v) x = is_float(t) ? d(g) : std::floor(d(g));
  return from_vector(v, s, t);
}

// Plain triple loop in double (batched if rank 3).
std::vector<double> ref_dot(const Array& a, const Array& b, const Array* acc) {
  const int r = a.rank();
  const std::int64_t batch = r == 3 ? a.shape()[0] : 1;
  const std::int64_t m = a.shape()[r - 2], k = a.shape()[r - 1], n = b.shape()[r - 1];
  std::vector<double> c(static_cast<std::size_t>(batch * m * n), 0.0);
  for (std::int64_t z = 0; z < batch; ++z) {
    for (std::int64_t i = 0; i < m; ++i) {
      for (std::int64_t j = 0; j < n; ++j) {
        double s = acc ? acc->get_double((z * m + i) * n + j) : 0.0;
        for (std::int64_t q = 0; q < k; ++q) {
          s += a.get_double((z * m + i) * k + q) * b.get_double((z * k + q) * n + j);
        }
        c[static_cast<std::size_t>((z * m + i) * n + j)] = s;
      }
    }
  }
  return c;
}

void expect_close(const Array& out, const std::vector<double>& ref, double rtol, const char* what) {
  ASSERT_EQ(static_cast<std::size_t>(out.numel()), ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const double tol = rtol * (1.0 + std::fabs(ref[i]));
    ASSERT_NEAR(out.get_double(static_cast<std::int64_t>(i)), ref[i], tol) << what << " at " << i;
  }
}

TEST(Dot, EveryFloatInputDTypeGivesF32MatchingTheReference) {
  std::uint64_t seed = 100;
  for (const DType t : {DType::f32, DType::f16, DType::bf16, DType::f8e4m3, DType::f8e5m2}) {
    const Array a = random_array(Shape{17, 33}, seed++, t);
    const Array b = random_array(Shape{33, 9}, seed++, t);
    const Array c = dot(a, b);
    ASSERT_EQ(c.dtype(), DType::f32) << name(t);
    ASSERT_EQ(c.shape(), (Shape{17, 9}));
    // Products of narrow inputs are exact in f32; only the f32 summation
    // rounds: 33 terms of magnitude <= 4.
    expect_close(c, ref_dot(a, b, nullptr), 1e-5, std::string(name(t)).c_str());
  }
}

TEST(Dot, AccumulatorIsAddedAndOutDTypeRounds) {
  const Array a = random_array(Shape{8, 16}, 1, DType::f16);
  const Array b = random_array(Shape{16, 8}, 2, DType::f16);
  const Array acc = random_array(Shape{8, 8}, 3, DType::f32, -100, 100);
  const Array c = dot(a, b, &acc);
  expect_close(c, ref_dot(a, b, &acc), 1e-5, "acc");
  const Array h = dot(a, b, nullptr, DType::f16);
  ASSERT_EQ(h.dtype(), DType::f16);
  const Array f = dot(a, b);
  for (std::int64_t i = 0; i < h.numel(); ++i) {
    ASSERT_EQ(h.get_double(i), round_to(DType::f16, static_cast<float>(f.get_double(i))));
  }
  // Accumulator dtype sets the result dtype when out_dtype is not given.
  const Array acc16 = random_array(Shape{8, 8}, 4, DType::f16);
  EXPECT_EQ(dot(a, b, &acc16).dtype(), DType::f16);
}

TEST(Dot, Tf32RoundsF32InputsAndTf32x3RecoversThem) {
  const double e = std::ldexp(1.0, -12);  // below TF32's 10-bit mantissa
  const Array a = from_vector(std::vector<double>{1.0 + e, 1.0}, Shape{1, 2}, DType::f32);
  const Array b = from_vector(std::vector<double>{1.0, 1.0 + e}, Shape{2, 1}, DType::f32);
  EXPECT_EQ(dot(a, b, nullptr, std::nullopt, DotPrecision::ieee).get_double(0), 2.0 + 2 * e);
  EXPECT_EQ(dot(a, b, nullptr, std::nullopt, DotPrecision::tf32).get_double(0), 2.0);
  EXPECT_EQ(dot(a, b, nullptr, std::nullopt, DotPrecision::tf32x3).get_double(0), 2.0 + 2 * e);
  // Random check: tf32 result equals an exact dot of TF32-rounded inputs.
  const Array x = random_array(Shape{12, 20}, 8, DType::f32);
  const Array y = random_array(Shape{20, 10}, 9, DType::f32);
  std::vector<double> xr, yr;
  for (const float v : x.f32()) xr.push_back(round_to_tf32(v));
  for (const float v : y.f32()) yr.push_back(round_to_tf32(v));
  const Array xt = from_vector(xr, x.shape(), DType::f32);
  const Array yt = from_vector(yr, y.shape(), DType::f32);
  expect_close(dot(x, y, nullptr, std::nullopt, DotPrecision::tf32), ref_dot(xt, yt, nullptr), 1e-5,
               "tf32");
  expect_close(dot(x, y, nullptr, std::nullopt, DotPrecision::tf32x3), ref_dot(x, y, nullptr), 1e-5,
               "tf32x3");
  EXPECT_EQ(parse_precision("tf32"), DotPrecision::tf32);
  EXPECT_THROW(parse_precision("fp64"), ValueError);
}

TEST(Dot, Int8GivesExactInt32) {
  const Array a = random_array(Shape{33, 300}, 5, DType::i8, -128, 128);
  const Array b = random_array(Shape{300, 17}, 6, DType::i8, -128, 128);
  const Array c = dot(a, b);
  ASSERT_EQ(c.dtype(), DType::i32);
  const std::vector<double> ref = ref_dot(a, b, nullptr);
  for (std::size_t i = 0; i < ref.size(); ++i) {
    ASSERT_EQ(c.get_int(static_cast<std::int64_t>(i)), static_cast<std::int64_t>(ref[i])) << i;
  }
  const Array acc = random_array(Shape{33, 17}, 7, DType::i32, -1000, 1000);
  const Array ca = dot(a, b, &acc);
  const std::vector<double> refa = ref_dot(a, b, &acc);
  for (std::size_t i = 0; i < refa.size(); ++i) {
    ASSERT_EQ(ca.get_int(static_cast<std::int64_t>(i)), static_cast<std::int64_t>(refa[i]));
  }
}

TEST(Dot, WideIntegersWrapToTheResultType) {
  const Array a = full_int(Shape{1, 2}, 2147483647, DType::i32);
  const Array b = full_int(Shape{2, 1}, 2, DType::i32);
  EXPECT_EQ(dot(a, b).get_int(0),
            static_cast<std::int32_t>(static_cast<std::uint32_t>(4 * 2147483647LL)));
  EXPECT_EQ(dot(a, b, nullptr, DType::i64).get_int(0), 4 * 2147483647LL);
}

TEST(Dot, BatchedThreeDimensional) {
  const Array a = random_array(Shape{3, 5, 7}, 10, DType::bf16);
  const Array b = random_array(Shape{3, 7, 4}, 11, DType::bf16);
  const Array c = dot(a, b);
  ASSERT_EQ(c.shape(), (Shape{3, 5, 4}));
  expect_close(c, ref_dot(a, b, nullptr), 1e-5, "batched");
  const Array ai = random_array(Shape{2, 4, 6}, 12, DType::i8, -128, 128);
  const Array bi = random_array(Shape{2, 6, 3}, 13, DType::i8, -128, 128);
  const Array ci = dot(ai, bi);
  const std::vector<double> ref = ref_dot(ai, bi, nullptr);
  for (std::size_t i = 0; i < ref.size(); ++i) {
    ASSERT_EQ(ci.get_int(static_cast<std::int64_t>(i)), static_cast<std::int64_t>(ref[i]));
  }
}

TEST(Dot, MisuseIsReportedWithShapesAndDTypes) {
  try {
    dot(zeros(Shape{16, 32}), zeros(Shape{64, 16}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("K = 32"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[64, 16]"), std::string::npos) << msg;
  }
  EXPECT_THROW(dot(zeros(Shape{2, 2}), zeros(Shape{2, 2}, DType::i8)), DTypeError);
  EXPECT_THROW(dot(zeros(Shape{2}), zeros(Shape{2})), ShapeError);
  EXPECT_THROW(dot(zeros(Shape{2, 3, 4}), zeros(Shape{3, 4, 2})), ShapeError);
  const Array bad_acc = zeros(Shape{3, 3});
  EXPECT_THROW(dot(zeros(Shape{2, 4}), zeros(Shape{4, 2}), &bad_acc), ShapeError);
  EXPECT_THROW(dot(zeros(Shape{2, 4}), zeros(Shape{4, 2}), nullptr, DType::i32), DTypeError);
}

}  // namespace
}  // namespace kernbench::data
