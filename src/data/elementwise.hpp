#pragma once
/// @file
/// Elementwise ops on Arrays: casts, binary and unary ops, fma, clamp, where.
///
/// Common rules:
/// - Operands broadcast with NumPy rules; a shape mismatch throws ShapeError
///   naming the op and both shapes.
/// - Binary ops promote with Triton's rules (dtype.hpp; division-like ops use
///   PromoteMode::div_or_mod). Operands are cast to the promoted type first,
///   so the result is what a Triton kernel computes in that type.
/// - Float arithmetic is done in f32 and the result rounded (RNE) to the
///   result dtype. For f16/bf16 add/sub/mul/div/sqrt this equals computing
///   natively in that format (f32 has more than 2p+2 bits).
///   Transcendentals use the C library's float functions (deterministic for
///   a given build; not necessarily correctly rounded).
/// - Integer arithmetic wraps modulo 2^bits (two's complement), in the
///   result dtype; bool arithmetic is 1-bit (Triton int1).
/// - Errors a user can cause throw: DTypeError (op not defined for a dtype),
///   ShapeError (shapes), ValueError (values, e.g. clamp with lo > hi).

#include <cstdint>
#include <string_view>

#include "data/array.hpp"

namespace kernbench::data {

enum class BinOp : std::uint8_t {
  add,
  sub,
  mul,
  /// Floats: IEEE a / b. Integers: C division truncating toward zero
  /// (Triton's `//` on integers). x / 0 gives all bits set (-1, or the max
  /// of an unsigned type) and INT_MIN / -1 wraps to INT_MIN, as RISC-V
  /// defines them (C leaves both undefined).
  div,
  /// Triton's `/`: always a float result; integer / integer is computed in f32.
  truediv,
  /// Floor division (rounds toward -inf, Python's `//`), for floats and
  /// integers. Note: Triton's `//` on integers truncates; use `div` for it.
  floordiv,
  /// C remainder: result has the dividend's sign (fmod for floats, `%` for
  /// integers, as Triton's frem/srem/urem). x % 0 == x; INT_MIN % -1 == 0.
  mod,
  /// Minimum/maximum ignoring NaN (Triton's default PropagateNan.NONE): a NaN
  /// operand yields the other operand; equal operands (including -0 and +0)
  /// yield the first.
  min,
  max,
  /// Minimum/maximum propagating NaN (Triton's PropagateNan.ALL).
  min_nan,
  max_nan,
  /// Bitwise ops: integer and bool operands only.
  bit_and,
  bit_or,
  bit_xor,
  /// Shifts: integer operands only. shr is arithmetic for signed types and
  /// logical for unsigned ones (as Triton's `>>`). A shift amount < 0 or >=
  /// the bit width gives 0 (shl, logical shr) or the sign fill (arithmetic shr).
  shl,
  shr,
  /// Comparisons -> bool, compared in the promoted type. NaN compares
  /// unequal to everything (ne is true, the others false).
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  /// Logical ops -> bool; operands are true when non-zero (NaN is true).
  logical_and,
  logical_or,
};

enum class UnOp : std::uint8_t {
  neg,          ///< -x (integers wrap; unsigned: 0 - x)
  bit_not,      ///< ~x for integers; logical not for bool
  logical_not,  ///< x == 0 -> bool, any dtype
  abs,          ///< |x| (INT_MIN stays INT_MIN)
  exp,          ///< float dtypes only, from here on
  exp2,
  log,
  log2,
  sqrt,
  rsqrt,    ///< 1 / sqrt(x)
  sigmoid,  ///< 1 / (1 + exp(-x))
  cos,
  sin,
  tanh,
  erf,
  floor,
  ceil,
};

std::string_view name(BinOp op);
std::string_view name(UnOp op);

/// Result dtype of binary(op, a, b) without computing it (timing-only mode
/// needs dtypes and shapes only). Throws DTypeError as binary() would.
DType binary_result_dtype(BinOp op, DType a, DType b);
/// Result dtype of unary(op, a). Throws DTypeError as unary() would.
DType unary_result_dtype(UnOp op, DType a);

/// Converts to `to`: float->float RNE; float->int C truncation (saturating,
/// NaN -> 0); int->float RNE; int->int wraps; anything->bool is `!= 0`.
Array cast(const Array& a, DType to);

/// Elementwise binary op with promotion and broadcasting.
Array binary(BinOp op, const Array& a, const Array& b);

/// Elementwise unary op; the result has a's dtype (bool for logical_not).
Array unary(UnOp op, const Array& a);

/// a * b + c with a single rounding in f32 (then to the promoted dtype);
/// integers wrap. Promotion is promote(promote(a, b), c).
Array fma(const Array& a, const Array& b, const Array& c);

/// min(max(x, lo), hi) elementwise with promotion of all three; NaN in x
/// gives NaN. Throws ValueError if lo > hi at some element.
Array clamp(const Array& x, const Array& lo, const Array& hi);

/// cond ? a : b elementwise. cond is true where non-zero (any dtype); the
/// result dtype is promote(a, b); all three broadcast.
Array where(const Array& cond, const Array& a, const Array& b);

}  // namespace kernbench::data
