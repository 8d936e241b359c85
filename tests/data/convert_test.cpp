#include "data/convert.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace kernbench::data {
namespace {

// Independent description of each narrow format, used to compute expected
// values from first principles (double arithmetic, no bit tricks).
struct Fmt {
  const char* label;
  DType dtype;
  int exp_bits;
  int man_bits;
  int bias;
  bool fn;  // OCP "fn": no inf, single NaN S.1..1.1..1
  std::uint32_t (*enc32)(float);
  std::uint32_t (*enc64)(double);
  float (*dec)(std::uint32_t);
};

const Fmt kFormats[] = {
    {"f16", DType::f16, 5, 10, 15, false,
     [](float x) -> std::uint32_t { return f32_to_f16_bits(x); },
     [](double x) -> std::uint32_t { return f64_to_f16_bits(x); },
     [](std::uint32_t b) { return f16_bits_to_f32(static_cast<std::uint16_t>(b)); }},
    {"bf16", DType::bf16, 8, 7, 127, false,
     [](float x) -> std::uint32_t { return f32_to_bf16_bits(x); },
     [](double x) -> std::uint32_t { return f64_to_bf16_bits(x); },
     [](std::uint32_t b) { return bf16_bits_to_f32(static_cast<std::uint16_t>(b)); }},
    {"fp8e4m3", DType::f8e4m3, 4, 3, 7, true,
     [](float x) -> std::uint32_t { return f32_to_fp8e4m3_bits(x); },
     [](double x) -> std::uint32_t { return f64_to_fp8e4m3_bits(x); },
     [](std::uint32_t b) { return fp8e4m3_bits_to_f32(static_cast<std::uint8_t>(b)); }},
    {"fp8e5m2", DType::f8e5m2, 5, 2, 15, false,
     [](float x) -> std::uint32_t { return f32_to_fp8e5m2_bits(x); },
     [](double x) -> std::uint32_t { return f64_to_fp8e5m2_bits(x); },
     [](std::uint32_t b) { return fp8e5m2_bits_to_f32(static_cast<std::uint8_t>(b)); }},
};

int nbits(const Fmt& f) {
  return 1 + f.exp_bits + f.man_bits;
}
std::uint32_t sign_bit(const Fmt& f) {
  return 1u << (f.exp_bits + f.man_bits);
}

enum class Kind { finite, inf, nan };

// Value of a bit pattern from the textbook formula.
Kind reference_decode(const Fmt& f, std::uint32_t bits, double* value) {
  const bool neg = (bits & sign_bit(f)) != 0;
  const std::uint32_t e = (bits >> f.man_bits) & ((1u << f.exp_bits) - 1u);
  const std::uint32_t m = bits & ((1u << f.man_bits) - 1u);
  const std::uint32_t e_all = (1u << f.exp_bits) - 1u;
  const std::uint32_t m_all = (1u << f.man_bits) - 1u;
  if (e == e_all) {
    if (f.fn) {
      if (m == m_all) return Kind::nan;
    } else {
      if (m != 0) return Kind::nan;
      *value = neg ? -INFINITY : INFINITY;
      return Kind::inf;
    }
  }
  double mag;
  if (e == 0) {
    mag = m * std::pow(2.0, 1 - f.bias - f.man_bits);
  } else {
    mag = (1.0 + m / std::pow(2.0, f.man_bits)) * std::pow(2.0, static_cast<int>(e) - f.bias);
  }
  *value = neg ? -mag : mag;
  return Kind::finite;
}

// All non-negative finite values in increasing order; their encodings are
// 0, 1, 2, ... (monotone in the bit pattern).
std::vector<double> positive_finite_values(const Fmt& f) {
  std::vector<double> out;
  for (std::uint32_t b = 0; b < sign_bit(f); ++b) {
    double v = 0;
    if (reference_decode(f, b, &v) != Kind::finite) break;
    out.push_back(v);
  }
  return out;
}

std::uint32_t overflow_bits(const Fmt& f) {
  // IEEE: infinity. fn: the NaN pattern.
  return f.fn ? (sign_bit(f) - 1u) : (((1u << f.exp_bits) - 1u) << f.man_bits);
}

TEST(FloatConversion, DecodingEveryPatternMatchesTheFormula) {
  for (const Fmt& f : kFormats) {
    const std::uint32_t count = 1u << nbits(f);
    int nans = 0;
    for (std::uint32_t b = 0; b < count; ++b) {
      double expect = 0;
      const Kind k = reference_decode(f, b, &expect);
      const float got = f.dec(b);
      if (k == Kind::nan) {
        ++nans;
        ASSERT_TRUE(std::isnan(got)) << f.label << " bits " << b;
        ASSERT_EQ(std::signbit(got), (b & sign_bit(f)) != 0) << f.label << " bits " << b;
      } else {
        ASSERT_EQ(static_cast<double>(got), expect) << f.label << " bits " << b;
        ASSERT_EQ(std::signbit(got), std::signbit(expect)) << f.label << " bits " << b;
      }
    }
    if (f.fn) {
      EXPECT_EQ(nans, 2) << f.label;  // only S.1111.111
    } else {
      EXPECT_EQ(nans, 2 * ((1 << f.man_bits) - 1)) << f.label;
    }
  }
}

TEST(FloatConversion, EncodingADecodedPatternGivesItBack) {
  for (const Fmt& f : kFormats) {
    const std::uint32_t count = 1u << nbits(f);
    for (std::uint32_t b = 0; b < count; ++b) {
      const float v = f.dec(b);
      const std::uint32_t back32 = f.enc32(v);
      const std::uint32_t back64 = f.enc64(static_cast<double>(v));
      if (std::isnan(v)) {
        // NaNs come back as NaN with the same sign; IEEE-like formats keep
        // the payload with the quiet bit set.
        const std::uint32_t quiet = f.fn ? 0u : (1u << (f.man_bits - 1));
        const std::uint32_t expect = f.fn ? ((b & sign_bit(f)) | (sign_bit(f) - 1u)) : (b | quiet);
        ASSERT_EQ(back32, expect) << f.label << " bits " << b;
        ASSERT_EQ(back64, expect) << f.label << " bits " << b;
      } else {
        ASSERT_EQ(back32, b) << f.label << " bits " << b;
        ASSERT_EQ(back64, b) << f.label << " bits " << b;
      }
      // round_to is encode-then-decode.
      const float r = round_to(f.dtype, v);
      if (std::isnan(v)) {
        ASSERT_TRUE(std::isnan(r));
      } else {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(r), std::bit_cast<std::uint32_t>(v));
      }
    }
  }
}

TEST(FloatConversion, MidpointsRoundToEvenAndNeighboursRoundToTheNearer) {
  for (const Fmt& f : kFormats) {
    const std::vector<double> vals = positive_finite_values(f);
    ASSERT_GT(vals.size(), 2u);
    for (std::size_t i = 0; i + 1 < vals.size(); ++i) {
      const auto lo = static_cast<std::uint32_t>(i);
      const std::uint32_t hi = lo + 1u;
      const double mid = (vals[i] + vals[i + 1]) / 2.0;  // exact in double
      const auto midf = static_cast<float>(mid);
      ASSERT_EQ(static_cast<double>(midf), mid) << "midpoint must be an f32";
      const std::uint32_t even = (lo & 1u) ? hi : lo;
      for (const std::uint32_t s : {0u, sign_bit(f)}) {
        const float sm = s ? -midf : midf;
        const double sd = s ? -mid : mid;
        ASSERT_EQ(f.enc32(sm), s | even) << f.label << " midpoint " << sd;
        ASSERT_EQ(f.enc64(sd), s | even) << f.label << " midpoint " << sd;
        // One f32 / f64 ulp away from the midpoint decides the direction.
        const float up32 = std::nextafter(midf, INFINITY);
        const float dn32 = std::nextafter(midf, 0.0f);
        ASSERT_EQ(f.enc32(s ? -up32 : up32), s | hi) << f.label << " above " << sd;
        ASSERT_EQ(f.enc32(s ? -dn32 : dn32), s | lo) << f.label << " below " << sd;
        const double up64 = std::nextafter(mid, INFINITY);
        const double dn64 = std::nextafter(mid, 0.0);
        ASSERT_EQ(f.enc64(s ? -up64 : up64), s | hi) << f.label << " above " << sd;
        ASSERT_EQ(f.enc64(s ? -dn64 : dn64), s | lo) << f.label << " below " << sd;
      }
    }
  }
}

TEST(FloatConversion, OverflowThresholdsMatchTheSpec) {
  // f16: max 65504; the midpoint to 65536 rounds up to inf (odd mantissa).
  EXPECT_EQ(f32_to_f16_bits(65504.0f), 0x7BFFu);
  EXPECT_EQ(f32_to_f16_bits(65519.996f), 0x7BFFu);
  EXPECT_EQ(f32_to_f16_bits(65520.0f), 0x7C00u);
  EXPECT_EQ(f32_to_f16_bits(-1e10f), 0xFC00u);
  EXPECT_EQ(f32_to_f16_bits(INFINITY), 0x7C00u);
  // bf16: max 0x7F7F; values past the midpoint become inf.
  EXPECT_EQ(f32_to_bf16_bits(std::numeric_limits<float>::max()), 0x7F80u);
  EXPECT_EQ(f32_to_bf16_bits(bf16_bits_to_f32(0x7F7F)), 0x7F7Fu);
  // e4m3fn: max 448; (448, 464] -> 448; beyond -> NaN (as PyTorch); inf -> NaN.
  EXPECT_EQ(f32_to_fp8e4m3_bits(448.0f), 0x7Eu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(460.0f), 0x7Eu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(464.0f), 0x7Eu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(std::nextafter(464.0f, INFINITY)), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(479.0f), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(480.0f), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(1e6f), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(-1e6f), 0xFFu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(INFINITY), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(-INFINITY), 0xFFu);
  EXPECT_TRUE(std::isnan(round_to(DType::f8e4m3, 500.0f)));
  // e5m2: max 57344 (odd mantissa), so the midpoint 61440 rounds to inf.
  EXPECT_EQ(f32_to_fp8e5m2_bits(57344.0f), 0x7Bu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(61439.996f), 0x7Bu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(61440.0f), 0x7Cu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(-1e6f), 0xFCu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(INFINITY), 0x7Cu);
}

TEST(FloatConversion, KnownEncodings) {
  EXPECT_EQ(f32_to_f16_bits(1.0f), 0x3C00u);
  EXPECT_EQ(f32_to_f16_bits(-2.0f), 0xC000u);
  EXPECT_EQ(f32_to_f16_bits(0.333333343f), 0x3555u);
  EXPECT_EQ(f32_to_f16_bits(std::ldexp(1.0f, -24)), 0x0001u);
  EXPECT_EQ(f32_to_f16_bits(std::ldexp(1.0f, -14)), 0x0400u);
  EXPECT_EQ(f32_to_bf16_bits(1.0f), 0x3F80u);
  EXPECT_EQ(f32_to_bf16_bits(3.14159265f), 0x4049u);
  EXPECT_EQ(f32_to_fp8e4m3_bits(1.0f), 0x38u);
  EXPECT_EQ(f32_to_fp8e4m3_bits(std::ldexp(1.0f, -9)), 0x01u);
  EXPECT_EQ(f32_to_fp8e5m2_bits(1.0f), 0x3Cu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(std::ldexp(1.0f, -16)), 0x01u);
  EXPECT_EQ(float_to_bits(DType::f32, 1.0f), 0x3F800000u);
  EXPECT_EQ(bits_to_float(DType::f16, 0x3C00u), 1.0f);
  EXPECT_THROW(float_to_bits(DType::i32, 1.0f), DTypeError);
}

TEST(FloatConversion, UnderflowGoesToSubnormalsThenSignedZero) {
  // Half the smallest f16 subnormal ties to zero (even); just above rounds up.
  EXPECT_EQ(f32_to_f16_bits(std::ldexp(1.0f, -25)), 0x0000u);
  EXPECT_EQ(f32_to_f16_bits(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001u);
  EXPECT_EQ(f32_to_f16_bits(-std::ldexp(1.0f, -30)), 0x8000u);
  EXPECT_EQ(f32_to_f16_bits(std::ldexp(3.0f, -26)), 0x0001u);  // 0.75 ulp -> 1 ulp
  EXPECT_EQ(f32_to_fp8e4m3_bits(std::ldexp(1.0f, -10)), 0x00u);
  EXPECT_EQ(f32_to_fp8e4m3_bits(std::ldexp(3.0f, -11)), 0x01u);
  EXPECT_EQ(f32_to_fp8e4m3_bits(-std::ldexp(1.0f, -12)), 0x80u);
  // f32 subnormals keep their bits in bf16 (same exponent range).
  const float tiny = std::numeric_limits<float>::denorm_min() * 65536.0f;  // 2^-133
  EXPECT_EQ(f32_to_bf16_bits(tiny), 0x0001u);
  EXPECT_EQ(f32_to_bf16_bits(std::numeric_limits<float>::denorm_min()), 0x0000u);
  EXPECT_EQ(f32_to_bf16_bits(-0.0f), 0x8000u);
  EXPECT_EQ(f32_to_f16_bits(-0.0f), 0x8000u);
  EXPECT_EQ(f32_to_fp8e5m2_bits(-0.0f), 0x80u);
  EXPECT_TRUE(std::signbit(round_to(DType::f8e4m3, -1e-9f)));
  EXPECT_EQ(round_to(DType::f8e4m3, -1e-9f), 0.0f);
}

TEST(FloatConversion, NaNKeepsItsSign) {
  const float qnan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(f32_to_f16_bits(qnan) & 0x7E00u, 0x7E00u);
  EXPECT_EQ(f32_to_f16_bits(-qnan) & 0x8000u, 0x8000u);
  EXPECT_EQ(f32_to_bf16_bits(qnan) & 0x7FC0u, 0x7FC0u);
  EXPECT_EQ(f32_to_fp8e4m3_bits(qnan), 0x7Fu);
  EXPECT_EQ(f32_to_fp8e4m3_bits(-qnan), 0xFFu);
  EXPECT_EQ(f32_to_fp8e5m2_bits(qnan) & 0x7Eu, 0x7Eu);
  // A NaN whose payload lives only in low f32 bits must not become inf.
  const float low_payload_nan = std::bit_cast<float>(0x7F800001u);
  EXPECT_EQ(f32_to_f16_bits(low_payload_nan), 0x7E00u);
  EXPECT_EQ(f32_to_bf16_bits(low_payload_nan), 0x7FC0u);
  EXPECT_EQ(f32_to_fp8e5m2_bits(low_payload_nan), 0x7Eu);
}

// Nearest representable value by search in the sorted value table, ties to
// the even encoding; overflow past max + ulp/2 handled per format.
std::uint32_t reference_encode(const Fmt& f, const std::vector<double>& vals, double x) {
  const std::uint32_t s = std::signbit(x) ? sign_bit(f) : 0u;
  const double a = std::fabs(x);
  const double max = vals.back();
  const double next = max + (max - vals[vals.size() - 2]);  // one ulp above max
  const double limit = (max + next) / 2.0;
  const auto max_bits = static_cast<std::uint32_t>(vals.size() - 1);
  if (a > limit || (a == limit && (max_bits & 1u))) return s | overflow_bits(f);
  if (a >= max) return s | max_bits;
  const auto it = std::upper_bound(vals.begin(), vals.end(), a);
  const auto hi = static_cast<std::uint32_t>(it - vals.begin());
  const std::uint32_t lo = hi - 1u;
  const double dl = a - vals[lo];
  const double dh = vals[hi] - a;
  if (dl < dh) return s | lo;
  if (dh < dl) return s | hi;
  return s | ((lo & 1u) ? hi : lo);
}

TEST(FloatConversion, RandomValuesRoundToTheNearestRepresentable) {
  std::mt19937_64 gen(1234);
  for (const Fmt& f : kFormats) {
    const std::vector<double> vals = positive_finite_values(f);
    const int emax = (1 << (f.exp_bits - 1));
    const int emin = 1 - f.bias - f.man_bits - 2;
    std::uniform_int_distribution<int> exp_dist(std::max(emin, -149), std::min(emax + 1, 127));
    for (int i = 0; i < 100000; ++i) {
      // Random exponent across the format's range, random full f32 mantissa.
      const auto mant = static_cast<std::uint32_t>(gen() & 0x7FFFFFu);
      const float m = std::bit_cast<float>(0x3F800000u | mant);  // [1, 2)
      float x = std::ldexp(m, exp_dist(gen));
      if (gen() & 1u) x = -x;
      ASSERT_EQ(f.enc32(x), reference_encode(f, vals, x)) << f.label << " x=" << x;
      const double xd =
          static_cast<double>(x) * (1.0 + std::ldexp(static_cast<double>(gen() % 1000), -40));
      ASSERT_EQ(f.enc64(xd), reference_encode(f, vals, xd)) << f.label << " x=" << xd;
    }
  }
}

TEST(FloatConversion, RoundToRejectsIntegerDTypes) {
  EXPECT_THROW(round_to(DType::i32, 1.5f), DTypeError);
  EXPECT_THROW(round_to(DType::boolean, 1.5), DTypeError);
}

TEST(FloatConversion, RoundInplaceAgreesWithScalarRounding) {
  std::vector<float> v;
  for (int i = -2000; i <= 2000; ++i) v.push_back(static_cast<float>(i) * 0.37f + 1e-3f);
  v.push_back(INFINITY);
  v.push_back(1e30f);
  for (const Fmt& f : kFormats) {
    std::vector<float> r = v;
    round_inplace(f.dtype, r);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const float expect = round_to(f.dtype, v[i]);
      ASSERT_EQ(std::bit_cast<std::uint32_t>(r[i]), std::bit_cast<std::uint32_t>(expect))
          << f.label << " " << v[i];
    }
  }
}

TEST(FloatConversion, FastInplaceRoundingMatchesEncodeDecodeOnRandomBitPatterns) {
  // round_inplace takes a value-domain shortcut; it must agree bit for bit
  // with decode(encode(x)) everywhere, NaN payloads included.
  std::mt19937_64 gen(99);
  std::vector<float> v;
  for (int i = 0; i < 400000; ++i)
    v.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(gen())));
  for (float x : {0.0f, -0.0f, INFINITY, -INFINITY, 448.0f, 464.0f, 465.0f, 65520.0f, 61440.0f}) {
    v.push_back(x);
  }
  for (const Fmt& f : kFormats) {
    // Also every value near the format's range: all f32 with exponents
    // from below its subnormals to above its max.
    std::vector<float> w = v;
    for (int i = 0; i < 200000; ++i) {
      const auto mant = static_cast<std::uint32_t>(gen() & 0x7FFFFFu);
      const int e = static_cast<int>(gen() % 60) - 30 - f.bias / 4;
      w.push_back(std::ldexp(std::bit_cast<float>(0x3F800000u | mant), e));
    }
    std::vector<float> r = w;
    round_inplace(f.dtype, r);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float expect = f.dec(f.enc32(w[i]));
      ASSERT_EQ(std::bit_cast<std::uint32_t>(r[i]), std::bit_cast<std::uint32_t>(expect))
          << f.label << " x bits " << std::bit_cast<std::uint32_t>(w[i]);
    }
  }
}

TEST(Tf32Rounding, KeepsTenMantissaBitsRoundingHalfToEven) {
  EXPECT_EQ(round_to_tf32(1.0f), 1.0f);
  const float ulp = std::ldexp(1.0f, -10);
  EXPECT_EQ(round_to_tf32(1.0f + ulp / 2), 1.0f);                // tie -> even
  EXPECT_EQ(round_to_tf32(1.0f + 3 * ulp / 2), 1.0f + 2 * ulp);  // tie -> even
  EXPECT_EQ(round_to_tf32(std::nextafter(1.0f + ulp / 2, 2.0f)), 1.0f + ulp);
  EXPECT_EQ(round_to_tf32(-(1.0f + ulp * 0.25f)), -1.0f);
  EXPECT_EQ(round_to_tf32(std::numeric_limits<float>::max()), INFINITY);
  EXPECT_TRUE(std::isnan(round_to_tf32(NAN)));
  EXPECT_EQ(round_to_tf32(-INFINITY), -INFINITY);
}

TEST(IntegerCasts, FloatToIntTruncatesTowardZeroAndSaturates) {
  EXPECT_EQ(float_to_int(DType::i32, 2.9), 2);
  EXPECT_EQ(float_to_int(DType::i32, -2.9), -2);
  EXPECT_EQ(float_to_int(DType::i8, 127.9), 127);
  EXPECT_EQ(float_to_int(DType::i8, 300.0), 127);
  EXPECT_EQ(float_to_int(DType::i8, -300.0), -128);
  EXPECT_EQ(float_to_int(DType::u8, -5.0), 0);
  EXPECT_EQ(float_to_int(DType::u8, 255.5), 255);
  EXPECT_EQ(float_to_int(DType::u32, 5e9), 4294967295LL);
  EXPECT_EQ(float_to_int(DType::i64, 1e19), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(float_to_int(DType::i64, -1e19), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(float_to_int(DType::i64, 9223372036854775808.0),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(float_to_int(DType::i64, -9223372036854775808.0),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(float_to_int(DType::i32, NAN), 0);
  EXPECT_EQ(float_to_int(DType::i32, INFINITY), 2147483647);
  EXPECT_EQ(float_to_int(DType::boolean, 0.0), 0);
  EXPECT_EQ(float_to_int(DType::boolean, -0.0), 0);
  EXPECT_EQ(float_to_int(DType::boolean, 0.1), 1);
  EXPECT_EQ(float_to_int(DType::boolean, NAN), 1);
}

TEST(IntegerCasts, IntegerWrapIsModular) {
  EXPECT_EQ(wrap_int(DType::i8, 128), -128);
  EXPECT_EQ(wrap_int(DType::i8, -129), 127);
  EXPECT_EQ(wrap_int(DType::u8, -1), 255);
  EXPECT_EQ(wrap_int(DType::u8, 256 + 7), 7);
  EXPECT_EQ(wrap_int(DType::i16, 40000), 40000 - 65536);
  EXPECT_EQ(wrap_int(DType::i32, 2147483648LL), -2147483648LL);
  EXPECT_EQ(wrap_int(DType::u32, -1), 4294967295LL);
  EXPECT_EQ(wrap_int(DType::boolean, 3), 1);
  EXPECT_EQ(wrap_int(DType::boolean, 2), 0);
  EXPECT_EQ(int_to_int(DType::boolean, 2), 1);
  EXPECT_EQ(int_to_int(DType::boolean, 0), 0);
  EXPECT_EQ(int_to_int(DType::i8, 200), -56);
  EXPECT_THROW(wrap_int(DType::f32, 1), DTypeError);
}

TEST(IntegerCasts, IntToFloatRoundsOnceEvenForHugeIntegers) {
  EXPECT_EQ(int_to_float(DType::f16, 2049), 2048.0f);  // tie -> even
  EXPECT_EQ(int_to_float(DType::f16, 2051), 2052.0f);  // tie -> even
  EXPECT_EQ(int_to_float(DType::f16, 70000), INFINITY);
  EXPECT_EQ(int_to_float(DType::f32, 16777217), 16777216.0f);
  // Rounding through f32 first would tie and round down to 2^25.
  const std::int64_t v = (std::int64_t{1} << 25) + (std::int64_t{1} << 17) + 1;
  EXPECT_EQ(int_to_float(DType::bf16, v), std::ldexp(1.0f, 25) + std::ldexp(1.0f, 18));
  // Beyond 2^53 (where int64 -> double itself rounds) the result is still right.
  const std::int64_t w = (std::int64_t{1} << 60) + (std::int64_t{1} << 52) + 1;
  EXPECT_EQ(int_to_float(DType::bf16, w), std::ldexp(1.0f, 60) + std::ldexp(1.0f, 53));
  EXPECT_EQ(int_to_float(DType::bf16, -w), -(std::ldexp(1.0f, 60) + std::ldexp(1.0f, 53)));
  EXPECT_EQ(int_to_float(DType::f16, std::numeric_limits<std::int64_t>::min()), -INFINITY);
  const float big = int_to_float(DType::f8e4m3, std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(std::isnan(big));  // e4m3 has no infinity: overflow is NaN
  EXPECT_TRUE(std::signbit(big));
  EXPECT_THROW(int_to_float(DType::i32, 1), DTypeError);
}

}  // namespace
}  // namespace kernbench::data

namespace kernbench::data {
namespace {

TEST(FloatConversion, DecodingARowGivesBitsToFloatsValuesForEveryPattern) {
  // Every bit pattern of each float type, NaN payloads included, bit for bit.
  for (const DType t : {DType::f16, DType::bf16, DType::f8e4m3, DType::f8e5m2}) {
    const std::size_t es = size_of(t);
    const std::size_t n = std::size_t{1} << (8 * es);
    std::vector<std::byte> src(n * es);
    for (std::size_t b = 0; b < n; ++b) {
      for (std::size_t k = 0; k < es; ++k) src[b * es + k] = static_cast<std::byte>(b >> (8 * k));
    }
    std::vector<float> dst(n);
    decode_floats(t, src.data(), dst.data(), n);
    for (std::size_t b = 0; b < n; ++b) {
      const float want = bits_to_float(t, static_cast<std::uint32_t>(b));
      ASSERT_EQ(std::bit_cast<std::uint32_t>(dst[b]), std::bit_cast<std::uint32_t>(want))
          << name(t) << " pattern " << b;
    }
  }
  std::vector<std::byte> one(4);
  float out = 0;
  EXPECT_THROW(decode_floats(DType::i32, one.data(), &out, 1), DTypeError);
}

}  // namespace
}  // namespace kernbench::data
