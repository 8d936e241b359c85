#include "data/elementwise.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "data/convert.hpp"

namespace kernbench::data {
namespace {

Array random_f32(const Shape& s, std::uint64_t seed, double lo = -4.0, double hi = 4.0) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<double> v(static_cast<std::size_t>(s.numel()));
  for (auto& x : v) x = d(g);
  return from_vector(v, s, DType::f32);
}

Array ints(std::vector<std::int64_t> v, DType t) {
  const auto n = static_cast<std::int64_t>(v.size());
  return from_vector(v, Shape{n}, t);
}

Array floats(std::vector<double> v, DType t = DType::f32) {
  const auto n = static_cast<std::int64_t>(v.size());
  return from_vector(v, Shape{n}, t);
}

// Slow reference: element of `a` that output index `out_idx` reads under
// NumPy broadcasting.
double bcast_get(const Array& a, const std::vector<std::int64_t>& out_idx) {
  const int off = static_cast<int>(out_idx.size()) - a.rank();
  std::vector<std::int64_t> idx(static_cast<std::size_t>(a.rank()));
  for (int d = 0; d < a.rank(); ++d) {
    idx[static_cast<std::size_t>(d)] =
        a.shape()[d] == 1 ? 0 : out_idx[static_cast<std::size_t>(d + off)];
  }
  return a.get_double(idx);
}

std::vector<std::int64_t> unflatten(const Shape& s, std::int64_t flat) {
  std::vector<std::int64_t> idx(static_cast<std::size_t>(s.rank()));
  for (int d = s.rank() - 1; d >= 0; --d) {
    idx[static_cast<std::size_t>(d)] = flat % s[d];
    flat /= s[d];
  }
  return idx;
}

TEST(Broadcasting, BinaryOpsMatchAScalarReferenceForManyShapePairs) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {Shape{4, 8}, Shape{4, 8}},
      {Shape{4, 8}, Shape{8}},
      {Shape{4, 1}, Shape{1, 8}},
      {Shape{}, Shape{3, 5}},
      {Shape{3, 5}, Shape{}},
      {Shape{2, 3, 4}, Shape{3, 1}},
      {Shape{2, 1, 4}, Shape{1, 3, 1}},
      {Shape{5, 1, 1, 2}, Shape{1, 4, 3, 1}},
      {Shape{1}, Shape{7}},
      {Shape{6, 1}, Shape{6, 1}},
  };
  std::uint64_t seed = 1;
  for (const auto& [sa, sb] : cases) {
    const Array a = random_f32(sa, seed++);
    const Array b = random_f32(sb, seed++);
    const Array out = binary(BinOp::sub, a, b);
    const Shape expect_shape = broadcast_shapes(sa, sb);
    ASSERT_EQ(out.shape(), expect_shape) << sa.to_string() << " " << sb.to_string();
    for (std::int64_t i = 0; i < out.numel(); ++i) {
      const auto idx = unflatten(expect_shape, i);
      const float expect = static_cast<float>(bcast_get(a, idx) - bcast_get(b, idx));
      ASSERT_EQ(out.get_double(i), expect)
          << sa.to_string() << " - " << sb.to_string() << " at " << i;
    }
  }
}

TEST(Broadcasting, MismatchedShapesNameTheOpAndBothShapes) {
  try {
    binary(BinOp::mul, zeros(Shape{4, 8}), zeros(Shape{3, 8}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("mul"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[4, 8]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[3, 8]"), std::string::npos) << msg;
  }
}

// f32 arithmetic computed in double and rounded once equals the IEEE f32
// result for + - * / (double has more than 2*24+2 bits).
TEST(FloatBinary, ArithmeticMatchesCorrectlyRoundedReference) {
  const Array a = random_f32(Shape{1000}, 11);
  const Array b = random_f32(Shape{1000}, 12, 0.5, 3.0);
  const std::vector<std::pair<BinOp, std::function<double(double, double)>>> ops = {
      {BinOp::add, [](double x, double y) { return x + y; }},
      {BinOp::sub, [](double x, double y) { return x - y; }},
      {BinOp::mul, [](double x, double y) { return x * y; }},
      {BinOp::div, [](double x, double y) { return x / y; }},
      {BinOp::truediv, [](double x, double y) { return x / y; }},
      {BinOp::mod, [](double x, double y) { return std::fmod(x, y); }},
      {BinOp::floordiv, [](double x, double y) { return std::floor(x / y); }},
      {BinOp::min, [](double x, double y) { return x < y ? x : y; }},
      {BinOp::max, [](double x, double y) { return x > y ? x : y; }},
  };
  for (const auto& [op, f] : ops) {
    const Array out = binary(op, a, b);
    ASSERT_EQ(out.dtype(), DType::f32);
    for (std::int64_t i = 0; i < 1000; ++i) {
      const auto expect = static_cast<float>(f(a.get_double(i), b.get_double(i)));
      ASSERT_EQ(out.get_double(i), expect) << name(op) << " at " << i;
    }
  }
}

TEST(FloatBinary, HalfPrecisionResultsAreRoundedToTheResultDType) {
  const Array a = floats({1.0, 2048.0, 0.1}, DType::f16);
  const Array b = floats({0.0009765625 / 2, 1.0, 0.2}, DType::f16);
  const Array s = binary(BinOp::add, a, b);
  EXPECT_EQ(s.dtype(), DType::f16);
  EXPECT_EQ(s.get_double(0), 1.0);     // 1 + ulp/2 ties to even
  EXPECT_EQ(s.get_double(1), 2048.0);  // 2049 is not an f16
  EXPECT_EQ(s.get_double(2), round_to(DType::f16, a.get_double(2) + b.get_double(2)));
  // Triton: f16 / f16 is computed in f32.
  const Array q = binary(BinOp::div, floats({1.0}, DType::f16), floats({3.0}, DType::f16));
  EXPECT_EQ(q.dtype(), DType::f32);
  EXPECT_EQ(q.get_double(0), static_cast<double>(1.0f / 3.0f));
}

TEST(FloatBinary, MinMaxHandleNaNAndSignedZeros) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array a = floats({nan, 1.0, nan, -0.0, 2.0});
  const Array b = floats({1.0, nan, nan, 0.0, 2.0});
  const Array mn = binary(BinOp::min, a, b);
  EXPECT_EQ(mn.get_double(0), 1.0);
  EXPECT_EQ(mn.get_double(1), 1.0);
  EXPECT_TRUE(std::isnan(mn.get_double(2)));
  EXPECT_TRUE(std::signbit(mn.get_double(3)));  // first of equal operands
  const Array mx = binary(BinOp::max, a, b);
  EXPECT_EQ(mx.get_double(0), 1.0);
  EXPECT_TRUE(std::signbit(mx.get_double(3)));
  const Array mnn = binary(BinOp::min_nan, a, b);
  EXPECT_TRUE(std::isnan(mnn.get_double(0)));
  EXPECT_TRUE(std::isnan(mnn.get_double(1)));
  EXPECT_EQ(mnn.get_double(4), 2.0);
  const Array mxn = binary(BinOp::max_nan, a, b);
  EXPECT_TRUE(std::isnan(mxn.get_double(1)));
}

TEST(FloatBinary, ComparisonsTreatNaNAsUnordered) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array a = floats({1.0, 2.0, nan, 3.0});
  const Array b = floats({1.0, 1.0, nan, 4.0});
  const auto check = [&](BinOp op, std::vector<int> expect) {
    const Array r = binary(op, a, b);
    ASSERT_EQ(r.dtype(), DType::boolean);
    for (std::size_t i = 0; i < expect.size(); ++i) {
      EXPECT_EQ(r.get_int(static_cast<std::int64_t>(i)), expect[i]) << name(op) << " " << i;
    }
  };
  check(BinOp::eq, {1, 0, 0, 0});
  check(BinOp::ne, {0, 1, 1, 1});
  check(BinOp::lt, {0, 0, 0, 1});
  check(BinOp::le, {1, 0, 0, 1});
  check(BinOp::gt, {0, 1, 0, 0});
  check(BinOp::ge, {1, 1, 0, 0});
}

TEST(IntegerBinary, ArithmeticWrapsInTheResultType) {
  EXPECT_EQ(binary(BinOp::add, ints({100}, DType::i8), ints({100}, DType::i8)).get_int(0), -56);
  EXPECT_EQ(binary(BinOp::sub, ints({3}, DType::u8), ints({5}, DType::u8)).get_int(0), 254);
  EXPECT_EQ(binary(BinOp::mul, ints({65536}, DType::i32), ints({65536}, DType::i32)).get_int(0), 0);
  EXPECT_EQ(binary(BinOp::mul, ints({std::numeric_limits<std::int64_t>::max()}, DType::i64),
                   ints({2}, DType::i64))
                .get_int(0),
            -2);
  EXPECT_EQ(binary(BinOp::sub, ints({0}, DType::u32), ints({1}, DType::u32)).get_int(0),
            4294967295LL);
}

TEST(IntegerBinary, DivisionAndModuloTruncateLikeC) {
  const Array a = ints({7, -7, 7, -7, 5, -2147483648LL}, DType::i32);
  const Array b = ints({2, 2, -2, -2, 0, -1}, DType::i32);
  const Array q = binary(BinOp::div, a, b);
  const Array r = binary(BinOp::mod, a, b);
  const Array f = binary(BinOp::floordiv, a, b);
  const std::vector<std::int64_t> eq = {3, -3, -3, 3, -1, -2147483648LL};
  const std::vector<std::int64_t> er = {1, -1, 1, -1, 5, 0};
  const std::vector<std::int64_t> ef = {3, -4, -4, 3, -1, -2147483648LL};
  for (std::int64_t i = 0; i < 6; ++i) {
    EXPECT_EQ(q.get_int(i), eq[static_cast<std::size_t>(i)]) << "div " << i;
    EXPECT_EQ(r.get_int(i), er[static_cast<std::size_t>(i)]) << "mod " << i;
    EXPECT_EQ(f.get_int(i), ef[static_cast<std::size_t>(i)]) << "floordiv " << i;
  }
  // Unsigned division by zero gives all ones.
  EXPECT_EQ(binary(BinOp::div, ints({9}, DType::u8), ints({0}, DType::u8)).get_int(0), 255);
  // Triton's `/` on integers is a float division.
  const Array t = binary(BinOp::truediv, ints({7}, DType::i32), ints({2}, DType::i32));
  EXPECT_EQ(t.dtype(), DType::f32);
  EXPECT_EQ(t.get_double(0), 3.5);
}

TEST(IntegerBinary, FloatModuloKeepsTheDividendSign) {
  const Array r = binary(BinOp::mod, floats({-7.5, 7.5}), floats({2.0, -2.0}));
  EXPECT_EQ(r.get_double(0), -1.5);
  EXPECT_EQ(r.get_double(1), 1.5);
  const Array f = binary(BinOp::floordiv, floats({-7.5}), floats({2.0}));
  EXPECT_EQ(f.get_double(0), -4.0);
}

TEST(IntegerBinary, BitwiseOpsAndShifts) {
  const Array a = ints({0b1100, -8, 200}, DType::i16);
  const Array b = ints({0b1010, 1, 3}, DType::i16);
  EXPECT_EQ(binary(BinOp::bit_and, a, b).get_int(0), 0b1000);
  EXPECT_EQ(binary(BinOp::bit_or, a, b).get_int(0), 0b1110);
  EXPECT_EQ(binary(BinOp::bit_xor, a, b).get_int(0), 0b0110);
  EXPECT_EQ(binary(BinOp::bit_and, a, b).get_int(1), 0);
  EXPECT_EQ(binary(BinOp::shr, a, b).get_int(1), -4);  // arithmetic
  EXPECT_EQ(binary(BinOp::shl, a, b).get_int(2), 1600);
  // Logical shift for unsigned; left shift wraps.
  EXPECT_EQ(binary(BinOp::shr, ints({0xF0}, DType::u8), ints({4}, DType::u8)).get_int(0), 0x0F);
  EXPECT_EQ(binary(BinOp::shl, ints({0xF0}, DType::u8), ints({1}, DType::u8)).get_int(0), 0xE0);
  // Out-of-range shift amounts.
  EXPECT_EQ(binary(BinOp::shl, ints({1}, DType::i32), ints({32}, DType::i32)).get_int(0), 0);
  EXPECT_EQ(binary(BinOp::shr, ints({-5}, DType::i32), ints({40}, DType::i32)).get_int(0), -1);
  EXPECT_EQ(binary(BinOp::shr, ints({5}, DType::i32), ints({-1}, DType::i32)).get_int(0), 0);
  EXPECT_THROW(binary(BinOp::bit_and, floats({1.0}), ints({1}, DType::i32)), DTypeError);
}

TEST(IntegerBinary, LogicalOpsUseTruthiness) {
  const Array a = floats({0.0, 2.0, std::numeric_limits<double>::quiet_NaN(), 0.0});
  const Array b = ints({0, 0, 7, 1}, DType::i32);
  const Array l_and = binary(BinOp::logical_and, a, b);
  const Array l_or = binary(BinOp::logical_or, a, b);
  EXPECT_EQ(l_and.dtype(), DType::boolean);
  const std::vector<std::int64_t> ea = {0, 0, 1, 0};
  const std::vector<std::int64_t> eo = {0, 1, 1, 1};
  for (std::int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(l_and.get_int(i), ea[static_cast<std::size_t>(i)]);
    EXPECT_EQ(l_or.get_int(i), eo[static_cast<std::size_t>(i)]);
  }
}

TEST(Promotion, BinaryResultsUseThePromotedType) {
  const Array s = binary(BinOp::add, floats({1.5}, DType::f16), ints({2}, DType::i32));
  EXPECT_EQ(s.dtype(), DType::f16);
  EXPECT_EQ(s.get_double(0), 3.5);
  // int8 -1 + uint8 1 -> uint8: -1 becomes 255 first, then 255 + 1 wraps to 0.
  const Array u = binary(BinOp::add, ints({-1}, DType::i8), ints({1}, DType::u8));
  EXPECT_EQ(u.dtype(), DType::u8);
  EXPECT_EQ(u.get_int(0), 0);
  // Comparisons happen in the promoted type: int8 -1 vs uint8 255 -> equal.
  EXPECT_EQ(binary(BinOp::eq, ints({-1}, DType::i8), ints({255}, DType::u8)).get_int(0), 1);
  // bf16 (x) f16 -> f16: the bf16 operand is rounded to f16 first.
  const Array m = binary(BinOp::mul, floats({1e6}, DType::bf16), floats({1.0}, DType::f16));
  EXPECT_EQ(m.dtype(), DType::f16);
  EXPECT_EQ(m.get_double(0), INFINITY);
  EXPECT_EQ(binary_result_dtype(BinOp::div, DType::bf16, DType::bf16), DType::f32);
  EXPECT_EQ(binary_result_dtype(BinOp::lt, DType::f16, DType::i8), DType::boolean);
  try {
    binary(BinOp::add, floats({1.0}, DType::f8e4m3), ints({1}, DType::i32));
    FAIL() << "expected DTypeError";
  } catch (const DTypeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("fp8e4m3[1]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("add"), std::string::npos) << msg;
  }
}

TEST(Unary, TranscendentalsMatchDoubleReferenceWithinTwoUlps) {
  const Array x = random_f32(Shape{500}, 21, 0.05, 6.0);
  const std::vector<std::pair<UnOp, std::function<double(double)>>> ops = {
      {UnOp::exp, [](double v) { return std::exp(v); }},
      {UnOp::exp2, [](double v) { return std::exp2(v); }},
      {UnOp::log, [](double v) { return std::log(v); }},
      {UnOp::log2, [](double v) { return std::log2(v); }},
      {UnOp::sqrt, [](double v) { return std::sqrt(v); }},
      {UnOp::rsqrt, [](double v) { return 1.0 / std::sqrt(v); }},
      {UnOp::sigmoid, [](double v) { return 1.0 / (1.0 + std::exp(-v)); }},
      {UnOp::cos, [](double v) { return std::cos(v); }},
      {UnOp::sin, [](double v) { return std::sin(v); }},
      {UnOp::tanh, [](double v) { return std::tanh(v); }},
      {UnOp::erf, [](double v) { return std::erf(v); }},
  };
  for (const auto& [op, f] : ops) {
    const Array y = unary(op, x);
    ASSERT_EQ(y.dtype(), DType::f32);
    for (std::int64_t i = 0; i < x.numel(); ++i) {
      const double expect = f(x.get_double(i));
      const double ulp = std::ldexp(1.0, std::ilogb(expect) - 23);
      ASSERT_NEAR(y.get_double(i), expect, 2 * ulp) << name(op) << " of " << x.get_double(i);
    }
  }
}

TEST(Unary, ExactOpsAndIntegerOps) {
  const Array x = floats({-2.5, 0.0, 3.7, -0.2});
  const Array fl = unary(UnOp::floor, x);
  const Array ce = unary(UnOp::ceil, x);
  const Array ab = unary(UnOp::abs, x);
  const Array ng = unary(UnOp::neg, x);
  EXPECT_EQ(fl.get_double(0), -3.0);
  EXPECT_EQ(ce.get_double(2), 4.0);
  EXPECT_TRUE(std::signbit(ce.get_double(3)));  // ceil(-0.2) = -0
  EXPECT_EQ(ab.get_double(0), 2.5);
  EXPECT_TRUE(std::signbit(ng.get_double(1)));  // -0
  EXPECT_EQ(unary(UnOp::neg, ints({5}, DType::u8)).get_int(0), 251);
  EXPECT_EQ(unary(UnOp::abs, ints({-128}, DType::i8)).get_int(0), -128);
  EXPECT_EQ(unary(UnOp::bit_not, ints({0}, DType::i32)).get_int(0), -1);
  EXPECT_EQ(unary(UnOp::bit_not, ints({0x0F}, DType::u8)).get_int(0), 0xF0);
  EXPECT_EQ(unary(UnOp::bit_not, ints({1}, DType::boolean)).get_int(0), 0);
  const Array ln = unary(UnOp::logical_not, floats({0.0, 2.0}));
  EXPECT_EQ(ln.dtype(), DType::boolean);
  EXPECT_EQ(ln.get_int(0), 1);
  EXPECT_EQ(ln.get_int(1), 0);
  // f16 results are rounded to f16.
  const Array e = unary(UnOp::exp, floats({1.0}, DType::f16));
  EXPECT_EQ(e.dtype(), DType::f16);
  EXPECT_EQ(e.get_double(0), round_to(DType::f16, std::exp(1.0f)));
  try {
    unary(UnOp::exp, ints({1}, DType::i32));
    FAIL() << "expected DTypeError";
  } catch (const DTypeError& err) {
    EXPECT_NE(std::string(err.what()).find("exp"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("int32[1]"), std::string::npos) << err.what();
  }
  EXPECT_THROW(unary(UnOp::bit_not, floats({1.0})), DTypeError);
}

TEST(Fma, RoundsOnce) {
  const double e = std::ldexp(1.0, -23);
  const Array a = floats({1.0 + e});
  const Array c = floats({-(1.0 + 2 * e)});
  const Array r = fma(a, a, c);
  EXPECT_EQ(r.get_double(0), std::ldexp(1.0, -46));  // exact, a*a+c separately gives 0
  EXPECT_EQ(binary(BinOp::add, binary(BinOp::mul, a, a), c).get_double(0), 0.0);
  const Array ri = fma(ints({3}, DType::i8), ints({50}, DType::i8), ints({1}, DType::i8));
  EXPECT_EQ(ri.get_int(0), static_cast<std::int8_t>(151));
  const Array rb = fma(random_f32(Shape{2, 3}, 5), floats({2.0}), random_f32(Shape{3}, 6));
  EXPECT_EQ(rb.shape(), (Shape{2, 3}));
}

TEST(Clamp, BoundsEachElementAndRejectsInvertedBounds) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array r = clamp(floats({-5.0, 0.5, 9.0, nan}), floats({0.0}), floats({1.0}));
  EXPECT_EQ(r.get_double(0), 0.0);
  EXPECT_EQ(r.get_double(1), 0.5);
  EXPECT_EQ(r.get_double(2), 1.0);
  EXPECT_TRUE(std::isnan(r.get_double(3)));
  const Array ri =
      clamp(ints({-5, 3, 70}, DType::i32), ints({0}, DType::i32), ints({10}, DType::i32));
  EXPECT_EQ(ri.get_int(0), 0);
  EXPECT_EQ(ri.get_int(1), 3);
  EXPECT_EQ(ri.get_int(2), 10);
  try {
    clamp(floats({1.0, 2.0}), floats({0.0, 5.0}), floats({1.0, 3.0}));
    FAIL() << "expected ValueError";
  } catch (const ValueError& err) {
    EXPECT_NE(std::string(err.what()).find("[1]"), std::string::npos) << err.what();
  }
}

TEST(Where, SelectsWithBroadcastAndPromotion) {
  const Array cond = from_vector(std::vector<std::int64_t>{1, 0, 1}, Shape{3, 1}, DType::boolean);
  const Array a = floats({10.0, 20.0}, DType::f16);
  const Array b = ints({-1}, DType::i32);
  const Array r = where(cond, a, b);
  EXPECT_EQ(r.dtype(), DType::f16);
  EXPECT_EQ(r.shape(), (Shape{3, 2}));
  const std::vector<double> expect = {10, 20, -1, -1, 10, 20};
  for (std::int64_t i = 0; i < 6; ++i)
    EXPECT_EQ(r.get_double(i), expect[static_cast<std::size_t>(i)]);
  const Array ri = where(floats({0.0, 0.5}), ints({1, 2}, DType::i8), ints({3, 4}, DType::i8));
  EXPECT_EQ(ri.get_int(0), 3);
  EXPECT_EQ(ri.get_int(1), 2);
}

TEST(Cast, FollowsRoundingAndCSemantics) {
  const Array x = floats({1.7, -1.7, 300.0, 1e10, std::numeric_limits<double>::quiet_NaN()});
  const Array i8 = cast(x, DType::i8);
  const std::vector<std::int64_t> e8 = {1, -1, 127, 127, 0};
  for (std::int64_t i = 0; i < 5; ++i) EXPECT_EQ(i8.get_int(i), e8[static_cast<std::size_t>(i)]);
  const Array b = cast(x, DType::boolean);
  for (std::int64_t i = 0; i < 5; ++i) EXPECT_EQ(b.get_int(i), 1);
  const Array h = cast(floats({0.1, 65520.0}), DType::f16);
  EXPECT_EQ(h.get_double(0), 0.0999755859375);
  EXPECT_EQ(h.get_double(1), INFINITY);
  const Array back = cast(h, DType::f32);
  EXPECT_EQ(back.get_double(0), 0.0999755859375);
  const Array w = cast(ints({300, -1}, DType::i32), DType::u8);
  EXPECT_EQ(w.get_int(0), 44);
  EXPECT_EQ(w.get_int(1), 255);
  const Array f = cast(ints({16777217}, DType::i32), DType::f32);
  EXPECT_EQ(f.get_double(0), 16777216.0);
  const Array g = cast(ints({2049}, DType::i32), DType::f16);
  EXPECT_EQ(g.get_double(0), 2048.0);
  const Array e = cast(floats({500.0}), DType::f8e4m3);
  EXPECT_TRUE(std::isnan(e.get_double(0)));
  const Array i64 = cast(floats({1e30, -1e30}), DType::i64);
  EXPECT_EQ(i64.get_int(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(i64.get_int(1), std::numeric_limits<std::int64_t>::min());
}

}  // namespace
}  // namespace kernbench::data
