#pragma once
/// @file
/// Element types of kernbench tensors and Triton's binary-op type promotion.
///
/// Contract:
/// - `DType` names every element type the simulator can hold. Sizes are in
///   bytes as stored in simulated memory (`boolean` occupies one byte).
/// - `name()` gives the canonical spelling used in configs, logs and reports;
///   `parse_dtype()` accepts it (and a few common aliases) and throws
///   `DTypeError` listing the valid names otherwise.
/// - `promote()` implements Triton's `computation_type_impl` (semantic.py):
///
///   Tensor (x) tensor rules, first match wins:
///   1. either operand f32                      -> f32
///   2. either operand f16                      -> f16, or f32 for div/mod
///   3. both bf16                               -> bf16, or f32 for div/mod
///   4. exactly one bf16                        -> f32
///   5. both fp8: same type -> that type, different fp8 types -> f16
///   6. any other mix with a float (fp8 (x) int) -> DTypeError
///   7. both integer (bool is a 1-bit integer): C "usual arithmetic
///      conversions" on (width, signedness): same signedness -> the wider;
///      mixed -> the unsigned one if it is at least as wide, else the signed.
///      For div/mod, mixed signedness is a DTypeError (as in Triton).
///
///   Tensor (x) scalar rule (Triton rule 0, PyTorch-like), via
///   `promote_with_scalar()`: when the scalar's kind is lower or equal to the
///   tensor's (bool < unsigned < signed < float) the scalar does not take part
///   and the tensor's type is the result (f16/bf16 become f32 for div/mod);
///   otherwise the tensor (x) tensor rules apply.
///
/// Examples: promote(f16, bf16) = f16; promote(bf16, i32) = f32;
/// promote(i8, u8) = u8; promote(i16, u8) = i16; promote(fp8e4m3, fp8e5m2) = f16.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kernbench::data {

/// Element type. The underlying values are stable (they may be serialised).
enum class DType : std::uint8_t {
  f32,      ///< IEEE binary32
  f16,      ///< IEEE binary16
  bf16,     ///< bfloat16 (8-bit exponent, 7-bit mantissa)
  f8e4m3,   ///< OCP FP8 E4M3 "fn": bias 7, no infinities, max 448, NaN = S.1111.111
  f8e5m2,   ///< OCP FP8 E5M2: bias 15, IEEE-like with infinities
  i8,       ///< signed 8-bit integer
  i16,      ///< signed 16-bit integer
  i32,      ///< signed 32-bit integer
  i64,      ///< signed 64-bit integer
  u8,       ///< unsigned 8-bit integer
  u32,      ///< unsigned 32-bit integer
  boolean,  ///< boolean (0 or 1), one byte in memory
};

/// Number of DType values (for exhaustive loops in tests and tables).
inline constexpr int kNumDTypes = 12;

/// A user-caused type error (unknown name, invalid promotion, wrong dtype for an op).
class DTypeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bytes one element occupies in simulated memory.
std::size_t size_of(DType t);
/// Bits of the value: 1 for boolean, otherwise 8 * size_of.
int bit_width(DType t);
/// Canonical name: "f32", "f16", "bf16", "fp8e4m3", "fp8e5m2", "int8", "int16",
/// "int32", "int64", "uint8", "uint32", "bool".
std::string_view name(DType t);
/// Parses a canonical name or alias ("float32", "fp32", "float16", "fp16",
/// "bfloat16", "fp8e4nv", "float8_e4m3fn", "fp8e5", "float8_e5m2", "i8".."i64",
/// "u8", "u32", "int1", "boolean"). Throws DTypeError listing the valid names.
DType parse_dtype(std::string_view text);

/// True for f32, f16, bf16 and the fp8 types.
bool is_float(DType t);
/// True for the 8/16/32/64-bit signed and unsigned integer types (not boolean).
bool is_int(DType t);
/// True for boolean.
inline bool is_bool(DType t) {
  return t == DType::boolean;
}
/// is_int(t) || is_bool(t): values live in integer storage.
inline bool is_integral(DType t) {
  return is_int(t) || is_bool(t);
}
/// True for floats and signed integers; false for unsigned integers and boolean.
bool is_signed(DType t);
/// True for the two fp8 types.
bool is_fp8(DType t);

/// Smallest and largest value of an integral dtype (boolean: 0 and 1).
/// Throws DTypeError for float dtypes.
std::int64_t int_min(DType t);
std::int64_t int_max(DType t);

/// Whether every value of `from` is exactly representable in `to`
/// (e.g. f16 -> f32, fp8e4m3 -> f16, i8 -> i32, u8 -> i16, bool -> anything).
bool is_exact_subset(DType from, DType to);

/// Which Triton promotion table to use: division and modulo upcast 16-bit
/// floats to f32 and reject mixed-signedness integers.
enum class PromoteMode : std::uint8_t { arithmetic, div_or_mod };

/// Triton tensor (x) tensor binary-op promotion (see file comment). Throws
/// DTypeError naming both types when Triton would reject the combination.
DType promote(DType a, DType b, PromoteMode mode = PromoteMode::arithmetic);

/// Triton tensor (x) scalar promotion (rule 0, then promote()). `scalar` is the
/// dtype the literal was given (Triton: bool -> bool, int -> i32/u32/i64,
/// float -> f32).
DType promote_with_scalar(DType tensor, DType scalar, PromoteMode mode = PromoteMode::arithmetic);

}  // namespace kernbench::data
