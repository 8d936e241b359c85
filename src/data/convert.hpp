#pragma once
/// @file
/// Bit-exact scalar conversions between f32/f64 and the narrow float formats,
/// and the float <-> integer casts used by every cast in kernbench.
///
/// Rounding is IEEE round-to-nearest, ties-to-even (RNE) throughout, with
/// gradual underflow (subnormals) and signed zeros preserved.
///
/// Formats:
/// - f16: IEEE binary16 (1.5.10, bias 15). Overflow -> +-inf.
/// - bf16: 1.8.7, bias 127. Overflow -> +-inf.
/// - fp8e4m3: OCP E4M3 "fn" (1.4.3, bias 7). No infinities; the only NaN is
///   S.1111.111; largest finite 448. A value whose RNE result would exceed 448
///   in magnitude (i.e. |x| > 464, the midpoint between 448 and 480) becomes
///   NaN with the input's sign, and +-inf becomes NaN, exactly like PyTorch's
///   float8_e4m3fn cast. |x| in (448, 464] rounds to 448.
/// - fp8e5m2: OCP E5M2 (1.5.2, bias 15), IEEE-like. Overflow -> +-inf
///   (|x| >= 61440 rounds to inf since 57344 is odd-mantissa).
/// NaN inputs give a quiet NaN with the input's sign; for f16, bf16 and e5m2
/// the top payload bits are kept and the quiet bit is set (e4m3 has one NaN).
/// Decoding is exact; decoding a NaN keeps its payload bits.
///
/// Float -> integer casts follow C: truncation toward zero. Values outside the
/// target's range saturate to its min/max and NaN gives 0 (what PTX
/// `cvt.rzi.sat` does; C leaves both undefined). Casting to boolean is
/// `x != 0` (so NaN -> true). Integer -> integer casts wrap modulo 2^bits
/// (two's complement); integer -> boolean is `x != 0`.
/// Integer -> float casts round once, RNE, directly to the target format.

#include <cstdint>
#include <span>

#include "data/dtype.hpp"

namespace kernbench::data {

// --- bit-level encode (RNE) / decode (exact) --------------------------------
std::uint16_t f32_to_f16_bits(float x);
std::uint16_t f32_to_bf16_bits(float x);
std::uint8_t f32_to_fp8e4m3_bits(float x);
std::uint8_t f32_to_fp8e5m2_bits(float x);

/// Same formats, rounding a double once (no double rounding through f32).
std::uint16_t f64_to_f16_bits(double x);
std::uint16_t f64_to_bf16_bits(double x);
std::uint8_t f64_to_fp8e4m3_bits(double x);
std::uint8_t f64_to_fp8e5m2_bits(double x);

float f16_bits_to_f32(std::uint16_t bits);
float bf16_bits_to_f32(std::uint16_t bits);
float fp8e4m3_bits_to_f32(std::uint8_t bits);
float fp8e5m2_bits_to_f32(std::uint8_t bits);

/// Encodes x (RNE) as the bit pattern of float dtype t (f32: its own bits),
/// in the low size_of(t) bytes. Throws DTypeError for non-float t.
std::uint32_t float_to_bits(DType t, float x);
/// Decodes the low bits of `bits` as float dtype t. Throws DTypeError for non-float t.
float bits_to_float(DType t, std::uint32_t bits);
/// Decodes `n` consecutive elements of float dtype t at `src` (host byte
/// order) into `dst`: the same values as bits_to_float element by element,
/// with f16 through a table of all 65,536 patterns and bf16 by a shift.
/// Throws DTypeError for non-float t.
void decode_floats(DType t, const std::byte* src, float* dst, std::size_t n);

// --- rounding to a dtype's value set ----------------------------------------
/// Nearest value (RNE) of float dtype t, as a float. Identity for f32.
/// Throws DTypeError for non-float t.
float round_to(DType t, float x);
/// Nearest value (RNE) of float dtype t to a double, rounded once.
float round_to(DType t, double x);
/// Rounds every element in place to float dtype t (fast loop).
void round_inplace(DType t, std::span<float> values);
/// TF32 (1.8.10) rounding, RNE, returned as f32: what `DotPrecision::tf32` dot
/// applies to f32 inputs. inf/NaN pass through.
float round_to_tf32(float x);

// --- integer casts ------------------------------------------------------------
/// Wraps v modulo 2^bits into integral dtype t's range: the result of integer
/// arithmetic in t (boolean is a 1-bit integer here, as Triton's int1: v & 1).
std::int64_t wrap_int(DType t, std::int64_t v);
/// Integer -> integral cast: wraps like wrap_int, except boolean is v != 0.
std::int64_t int_to_int(DType t, std::int64_t v);
/// C-style float -> integral cast: truncate toward zero, saturate out-of-range,
/// NaN -> 0; boolean target is x != 0.
std::int64_t float_to_int(DType t, double x);
/// Integer -> float dtype t, rounded once (RNE). Exact for all int64 values.
float int_to_float(DType t, std::int64_t v);

}  // namespace kernbench::data
