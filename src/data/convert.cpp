#include "data/convert.hpp"

#include <array>

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

namespace kernbench::data {
namespace {

// A narrow binary float format. `fn` formats (OCP E4M3) have no infinities
// and a single NaN mantissa (all ones) in the top exponent.
template <int kExpBits, int kManBits, int kBias, bool kFn>
struct Format {
  static constexpr int E = kExpBits;
  static constexpr int M = kManBits;
  static constexpr int B = kBias;
  static constexpr bool fn = kFn;
  static constexpr int emin = 1 - kBias;  // exponent of the smallest normal
  static constexpr std::uint32_t exp_all = (1u << E) - 1u;
  static constexpr std::uint32_t man_all = (1u << M) - 1u;
  static constexpr std::uint32_t sign_bit = 1u << (E + M);
  static constexpr std::uint32_t inf_bits = exp_all << M;  // IEEE formats only
  static constexpr std::uint32_t nan_fn = (exp_all << M) | man_all;
  static constexpr std::uint32_t max_finite = fn ? nan_fn - 1u : inf_bits - 1u;
  static constexpr std::uint32_t overflow = fn ? nan_fn : inf_bits;
};

using F16 = Format<5, 10, 15, false>;
using BF16 = Format<8, 7, 127, false>;
using E4M3 = Format<4, 3, 7, true>;
using E5M2 = Format<5, 2, 15, false>;

// Rounds the positive value mant * 2^(e - P) (mant's leading one at bit P,
// so e is the unbiased exponent) to format F, RNE, returning its unsigned
// encoding. The subnormal and normal cases share one formula because
// ((biased - 1) << M) + q lets a significand carry (q == 2^(M+1)) or a
// subnormal rounding up to 2^M land on the next exponent for free.
template <class F>
constexpr std::uint32_t round_pack(int e, std::uint64_t mant, int P) {
  int shift = P - F::M;
  if (e < F::emin) shift += F::emin - e;
  std::uint64_t q = 0;
  if (shift <= P + 1) {
    q = mant >> shift;
    const std::uint64_t rem = mant & ((std::uint64_t{1} << shift) - 1u);
    const std::uint64_t half = std::uint64_t{1} << (shift - 1);
    if (rem > half || (rem == half && (q & 1u))) ++q;
  }
  // shift > P + 1: the value is below half the smallest subnormal -> zero.
  std::uint64_t enc = q;
  if (e >= F::emin) enc += static_cast<std::uint64_t>(e + F::B - 1) << F::M;
  if (enc > F::max_finite) return F::overflow;
  return static_cast<std::uint32_t>(enc);
}

template <class F>
constexpr std::uint32_t nan_from_payload(std::uint32_t sign, std::uint64_t top_payload) {
  if constexpr (F::fn) {
    return sign | F::nan_fn;
  } else {
    const auto quiet = std::uint32_t{1} << (F::M - 1);
    return sign | F::inf_bits | quiet | (static_cast<std::uint32_t>(top_payload) & F::man_all);
  }
}

template <class F>
std::uint32_t encode_f32(float x) {
  const std::uint32_t b = std::bit_cast<std::uint32_t>(x);
  const std::uint32_t sign = (b >> 31) ? F::sign_bit : 0u;
  const std::uint32_t ax = b & 0x7FFFFFFFu;
  if (ax > 0x7F800000u) return nan_from_payload<F>(sign, (ax & 0x7FFFFFu) >> (23 - F::M));
  if (ax == 0x7F800000u) return sign | F::overflow;
  if (ax == 0) return sign;
  int e = static_cast<int>(ax >> 23);
  std::uint64_t mant = ax & 0x7FFFFFu;
  if (e == 0) {
    // f32 subnormal: normalise so the leading one sits at bit 23.
    const int lz = std::countl_zero(static_cast<std::uint32_t>(mant)) - 8;
    mant <<= lz;
    e = 1 - lz;
  } else {
    mant |= 0x800000u;
  }
  return sign | round_pack<F>(e - 127, mant, 23);
}

template <class F>
std::uint32_t encode_f64(double x) {
  const std::uint64_t b = std::bit_cast<std::uint64_t>(x);
  const std::uint32_t sign = (b >> 63) ? F::sign_bit : 0u;
  const std::uint64_t ax = b & 0x7FFFFFFFFFFFFFFFull;
  constexpr std::uint64_t inf = 0x7FF0000000000000ull;
  constexpr std::uint64_t man_mask = 0xFFFFFFFFFFFFFull;
  if (ax > inf) return nan_from_payload<F>(sign, (ax & man_mask) >> (52 - F::M));
  if (ax == inf) return sign | F::overflow;
  if (ax == 0) return sign;
  int e = static_cast<int>(ax >> 52);
  std::uint64_t mant = ax & man_mask;
  if (e == 0) {
    const int lz = std::countl_zero(mant) - 11;
    mant <<= lz;
    e = 1 - lz;
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  return sign | round_pack<F>(e - 1023, mant, 52);
}

template <class F>
float decode(std::uint32_t bits) {
  // Built from bits rather than with ldexp: this runs once per element in
  // every cast and memory load. Valid for formats whose whole range is f32
  // normal numbers (f16, fp8); bf16 decodes by a shift instead.
  static_assert(127 + F::emin - F::M >= 1, "format has values below the f32 normal range");
  constexpr float kSubnormalScale =
      std::bit_cast<float>(static_cast<std::uint32_t>(127 + F::emin - F::M) << 23);
  const std::uint32_t sign = (bits & F::sign_bit) ? 0x80000000u : 0u;
  const std::uint32_t exp = (bits >> F::M) & F::exp_all;
  const std::uint32_t man = bits & F::man_all;
  if (exp == F::exp_all && (!F::fn || man == F::man_all)) {
    // inf, or NaN with its payload kept where f32 keeps it so a round trip
    // preserves it (e4m3's single NaN decodes to the canonical quiet NaN).
    const std::uint32_t payload = F::fn ? 0x400000u : man << (23 - F::M);
    return std::bit_cast<float>(sign | 0x7F800000u | payload);
  }
  if (exp == 0) {
    // man * 2^(emin - M) is exact: man has at most M bits.
    const float mag = static_cast<float>(man) * kSubnormalScale;
    return sign ? -mag : mag;
  }
  return std::bit_cast<float>(sign | ((exp + static_cast<std::uint32_t>(127 - F::B)) << 23) |
                              (man << (23 - F::M)));
}

// Rounds x to format F's value set without building its encoding: the
// hot path of every cast and every f16/bf16/fp8 arithmetic result.
// Normal range: round the f32 mantissa to M bits (RNE via the carry trick;
// a carry into the exponent is the correct result). Below F's smallest
// normal: adding and subtracting 2^(emin - M + 23) makes the f32 adder round
// to a multiple of F's subnormal quantum, ties to even (default rounding
// mode). Then overflow to inf (IEEE) or NaN (fn). Must agree bit for bit with
// decode(encode(x)); a test checks that on random bit patterns.
template <class F>
float round_fast(float x) {
  constexpr int kDrop = 23 - F::M;
  constexpr std::uint32_t kLow = (1u << kDrop) - 1u;
  constexpr float kMinNormal =
      std::bit_cast<float>(static_cast<std::uint32_t>(127 + F::emin) << 23);
  constexpr float kMagic =
      std::bit_cast<float>(static_cast<std::uint32_t>(127 + F::emin - F::M + 23) << 23);
  constexpr std::uint32_t kMaxBits =
      (static_cast<std::uint32_t>(127 + (F::fn ? (1 << F::E) - 1 : (1 << F::E) - 2) - F::B) << 23) |
      ((F::fn ? F::man_all - 1u : F::man_all) << kDrop);
  const float kMax = std::bit_cast<float>(kMaxBits);
  const std::uint32_t b = std::bit_cast<std::uint32_t>(x);
  const std::uint32_t sign = b & 0x80000000u;
  const std::uint32_t ab = b & 0x7FFFFFFFu;
  if (ab > 0x7F800000u) {
    const std::uint32_t payload = F::fn ? 0u : (ab & ~kLow & 0x7FFFFFu);
    return std::bit_cast<float>(sign | 0x7FC00000u | payload);
  }
  const float a = std::bit_cast<float>(ab);
  float r;
  if (a < kMinNormal) {
    r = (a + kMagic) - kMagic;
  } else {
    const std::uint32_t rb = (ab + (kLow >> 1) + ((ab >> kDrop) & 1u)) & ~kLow;
    r = std::bit_cast<float>(rb);
  }
  if (r > kMax) {
    r = F::fn ? std::bit_cast<float>(0x7FC00000u) : std::bit_cast<float>(0x7F800000u);
  }
  return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(r));
}

[[noreturn]] void not_float(const char* fn, DType t) {
  throw DTypeError(std::string(fn) + ": dtype " + std::string(name(t)) +
                   " is not a floating-point type");
}

}  // namespace

std::uint16_t f32_to_f16_bits(float x) {
  return static_cast<std::uint16_t>(encode_f32<F16>(x));
}
std::uint16_t f32_to_bf16_bits(float x) {
  return static_cast<std::uint16_t>(encode_f32<BF16>(x));
}
std::uint8_t f32_to_fp8e4m3_bits(float x) {
  return static_cast<std::uint8_t>(encode_f32<E4M3>(x));
}
std::uint8_t f32_to_fp8e5m2_bits(float x) {
  return static_cast<std::uint8_t>(encode_f32<E5M2>(x));
}
std::uint16_t f64_to_f16_bits(double x) {
  return static_cast<std::uint16_t>(encode_f64<F16>(x));
}
std::uint16_t f64_to_bf16_bits(double x) {
  return static_cast<std::uint16_t>(encode_f64<BF16>(x));
}
std::uint8_t f64_to_fp8e4m3_bits(double x) {
  return static_cast<std::uint8_t>(encode_f64<E4M3>(x));
}
std::uint8_t f64_to_fp8e5m2_bits(double x) {
  return static_cast<std::uint8_t>(encode_f64<E5M2>(x));
}

float f16_bits_to_f32(std::uint16_t bits) {
  return decode<F16>(bits);
}
float bf16_bits_to_f32(std::uint16_t bits) {
  // bf16 is the top half of an f32, so decoding is a shift (payload kept).
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}
float fp8e4m3_bits_to_f32(std::uint8_t bits) {
  return decode<E4M3>(bits);
}
float fp8e5m2_bits_to_f32(std::uint8_t bits) {
  return decode<E5M2>(bits);
}

std::uint32_t float_to_bits(DType t, float x) {
  switch (t) {
    case DType::f32:
      return std::bit_cast<std::uint32_t>(x);
    case DType::f16:
      return encode_f32<F16>(x);
    case DType::bf16:
      return encode_f32<BF16>(x);
    case DType::f8e4m3:
      return encode_f32<E4M3>(x);
    case DType::f8e5m2:
      return encode_f32<E5M2>(x);
    default:
      not_float("float_to_bits", t);
  }
}

float bits_to_float(DType t, std::uint32_t bits) {
  switch (t) {
    case DType::f32:
      return std::bit_cast<float>(bits);
    case DType::f16:
      return decode<F16>(bits & 0xFFFFu);
    case DType::bf16:
      return bf16_bits_to_f32(static_cast<std::uint16_t>(bits));
    case DType::f8e4m3:
      return decode<E4M3>(bits & 0xFFu);
    case DType::f8e5m2:
      return decode<E5M2>(bits & 0xFFu);
    default:
      not_float("bits_to_float", t);
  }
}

namespace {

/// Every f16 bit pattern decoded once (immutable after its first use).
const std::array<float, 65536>& f16_table() {
  static const std::array<float, 65536> table = [] {
    std::array<float, 65536> t{};
    for (std::uint32_t b = 0; b < t.size(); ++b) t[b] = decode<F16>(b);
    return t;
  }();
  return table;
}

}  // namespace

void decode_floats(DType t, const std::byte* src, float* dst, std::size_t n) {
  if (t == DType::f32) {
    std::memcpy(dst, src, n * sizeof(float));
  } else if (t == DType::f16 || t == DType::bf16) {
    const auto bits = [src](std::size_t i) {
      std::uint16_t b = 0;
      std::memcpy(&b, src + 2 * i, 2);
      return b;
    };
    if (t == DType::f16) {
      const std::array<float, 65536>& table = f16_table();
      for (std::size_t i = 0; i < n; ++i) dst[i] = table[bits(i)];
    } else {
      for (std::size_t i = 0; i < n; ++i) dst[i] = bf16_bits_to_f32(bits(i));
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      dst[i] = bits_to_float(t, static_cast<std::uint32_t>(static_cast<std::uint8_t>(src[i])));
    }
  }
}

float round_to(DType t, float x) {
  switch (t) {
    case DType::f32:
      return x;
    case DType::f16:
      return decode<F16>(encode_f32<F16>(x));
    case DType::bf16:
      return bf16_bits_to_f32(static_cast<std::uint16_t>(encode_f32<BF16>(x)));
    case DType::f8e4m3:
      return decode<E4M3>(encode_f32<E4M3>(x));
    case DType::f8e5m2:
      return decode<E5M2>(encode_f32<E5M2>(x));
    default:
      not_float("round_to", t);
  }
}

float round_to(DType t, double x) {
  switch (t) {
    case DType::f32:
      return static_cast<float>(x);
    case DType::f16:
      return decode<F16>(encode_f64<F16>(x));
    case DType::bf16:
      return bf16_bits_to_f32(static_cast<std::uint16_t>(encode_f64<BF16>(x)));
    case DType::f8e4m3:
      return decode<E4M3>(encode_f64<E4M3>(x));
    case DType::f8e5m2:
      return decode<E5M2>(encode_f64<E5M2>(x));
    default:
      not_float("round_to", t);
  }
}

void round_inplace(DType t, std::span<float> values) {
  // One switch per call, then a tight loop per format.
  switch (t) {
    case DType::f32:
      return;
    case DType::f16:
      for (float& v : values) v = round_fast<F16>(v);
      return;
    case DType::bf16:
      for (float& v : values) v = round_fast<BF16>(v);
      return;
    case DType::f8e4m3:
      for (float& v : values) v = round_fast<E4M3>(v);
      return;
    case DType::f8e5m2:
      for (float& v : values) v = round_fast<E5M2>(v);
      return;
    default:
      not_float("round_inplace", t);
  }
}

float round_to_tf32(float x) {
  const std::uint32_t b = std::bit_cast<std::uint32_t>(x);
  if ((b & 0x7F800000u) == 0x7F800000u) return x;
  // RNE on the 13 dropped bits; a carry into the exponent is the right
  // answer, including rounding up to infinity.
  const std::uint32_t r = b + 0x0FFFu + ((b >> 13) & 1u);
  return std::bit_cast<float>(r & 0xFFFFE000u);
}

std::int64_t wrap_int(DType t, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  switch (t) {
    case DType::i8:
      return static_cast<std::int8_t>(static_cast<std::uint8_t>(u));
    case DType::i16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(u));
    case DType::i32:
      return static_cast<std::int32_t>(static_cast<std::uint32_t>(u));
    case DType::i64:
      return v;
    case DType::u8:
      return static_cast<std::uint8_t>(u);
    case DType::u32:
      return static_cast<std::uint32_t>(u);
    case DType::boolean:
      return static_cast<std::int64_t>(u & 1u);
    default:
      throw DTypeError("wrap_int: dtype " + std::string(name(t)) + " is not an integer type");
  }
}

std::int64_t int_to_int(DType t, std::int64_t v) {
  if (t == DType::boolean) return v != 0 ? 1 : 0;
  return wrap_int(t, v);
}

std::int64_t float_to_int(DType t, double x) {
  if (t == DType::boolean) return x != 0.0 ? 1 : 0;  // NaN != 0 is true, as in C
  if (std::isnan(x)) return 0;
  const double tr = std::trunc(x);
  const std::int64_t lo = int_min(t);
  const std::int64_t hi = int_max(t);
  // Compare in double before converting: converting an out-of-range double
  // to an integer is undefined behaviour in C++. 2^63 is exact in double.
  if (tr <= static_cast<double>(lo)) return lo;
  if (t == DType::i64) {
    if (tr >= 9223372036854775808.0) return hi;
  } else if (tr >= static_cast<double>(hi)) {
    return hi;
  }
  return static_cast<std::int64_t>(tr);
}

float int_to_float(DType t, std::int64_t v) {
  if (t == DType::f32) return static_cast<float>(v);  // one RNE rounding
  if (!is_float(t)) not_float("int_to_float", t);
  constexpr std::int64_t k2p53 = std::int64_t{1} << 53;
  if (v > -k2p53 && v < k2p53) return round_to(t, static_cast<double>(v));
  // |v| >= 2^53: convert to double with round-to-odd (sticky low bit) so that
  // the single RNE rounding to the narrow target is still correct.
  const bool neg = v < 0;
  const std::uint64_t mag =
      neg ? (~static_cast<std::uint64_t>(v) + 1u) : static_cast<std::uint64_t>(v);
  const int shift = std::bit_width(mag) - 53;
  std::uint64_t kept = mag >> shift;
  if ((mag & ((std::uint64_t{1} << shift) - 1u)) != 0) kept |= 1u;
  const double d = std::ldexp(static_cast<double>(kept), shift);
  return round_to(t, neg ? -d : d);
}

}  // namespace kernbench::data
