#include "data/dtype.hpp"

#include <array>
#include <string>

namespace kernbench::data {
namespace {

struct DTypeInfo {
  DType type;
  std::string_view name;
  std::size_t bytes;
  int bits;
  bool is_float;
  bool is_signed;
  // Float formats only: explicit mantissa bits, exponent of the smallest
  // normal, exponent of the largest finite value.
  int man_bits;
  int emin;
  int emax;
};

constexpr std::array<DTypeInfo, kNumDTypes> kInfo = {{
    {DType::f32, "f32", 4, 32, true, true, 23, -126, 127},
    {DType::f16, "f16", 2, 16, true, true, 10, -14, 15},
    {DType::bf16, "bf16", 2, 16, true, true, 7, -126, 127},
    {DType::f8e4m3, "fp8e4m3", 1, 8, true, true, 3, -6, 8},
    {DType::f8e5m2, "fp8e5m2", 1, 8, true, true, 2, -14, 15},
    {DType::i8, "int8", 1, 8, false, true, 0, 0, 0},
    {DType::i16, "int16", 2, 16, false, true, 0, 0, 0},
    {DType::i32, "int32", 4, 32, false, true, 0, 0, 0},
    {DType::i64, "int64", 8, 64, false, true, 0, 0, 0},
    {DType::u8, "uint8", 1, 8, false, false, 0, 0, 0},
    {DType::u32, "uint32", 4, 32, false, false, 0, 0, 0},
    {DType::boolean, "bool", 1, 1, false, false, 0, 0, 0},
}};

const DTypeInfo& info(DType t) {
  const auto i = static_cast<std::size_t>(t);
  if (i >= kInfo.size()) {
    throw std::logic_error("DType value " + std::to_string(i) + " is not a valid DType");
  }
  return kInfo[i];
}

struct Alias {
  std::string_view text;
  DType type;
};

constexpr std::array<Alias, 22> kAliases = {{
    {"float32", DType::f32},
    {"fp32", DType::f32},
    {"float16", DType::f16},
    {"fp16", DType::f16},
    {"half", DType::f16},
    {"bfloat16", DType::bf16},
    {"fp8e4nv", DType::f8e4m3},
    {"float8_e4m3fn", DType::f8e4m3},
    {"f8e4m3", DType::f8e4m3},
    {"fp8e5", DType::f8e5m2},
    {"float8_e5m2", DType::f8e5m2},
    {"f8e5m2", DType::f8e5m2},
    {"i8", DType::i8},
    {"i16", DType::i16},
    {"i32", DType::i32},
    {"i64", DType::i64},
    {"u8", DType::u8},
    {"u32", DType::u32},
    {"int1", DType::boolean},
    {"boolean", DType::boolean},
    {"i1", DType::boolean},
    {"uint8_t", DType::u8},
}};

// Kind order of Triton's scalar rule: bool < unsigned < signed < float.
int kind_rank(DType t) {
  if (is_bool(t)) return 0;
  if (is_float(t)) return 3;
  return is_signed(t) ? 2 : 1;
}

DType integer_promote(DType a, DType b) {
  // bool behaves as Triton's int1: a 1-bit integer. Its signedness never
  // matters because every other integer is at least as wide.
  const int ra = bit_width(a);
  const int rb = bit_width(b);
  const bool ua = !is_signed(a) && !is_bool(a);
  const bool ub = !is_signed(b) && !is_bool(b);
  if (is_bool(a) || is_bool(b) || ua == ub) return ra > rb ? a : b;
  if (ua) return ra >= rb ? a : b;
  return rb >= ra ? b : a;
}

}  // namespace

std::size_t size_of(DType t) {
  return info(t).bytes;
}
int bit_width(DType t) {
  return info(t).bits;
}
std::string_view name(DType t) {
  return info(t).name;
}
bool is_float(DType t) {
  return info(t).is_float;
}
bool is_int(DType t) {
  return !info(t).is_float && t != DType::boolean;
}
bool is_signed(DType t) {
  return info(t).is_signed;
}
bool is_fp8(DType t) {
  return t == DType::f8e4m3 || t == DType::f8e5m2;
}

DType parse_dtype(std::string_view text) {
  for (const auto& i : kInfo) {
    if (i.name == text) return i.type;
  }
  for (const auto& a : kAliases) {
    if (a.text == text) return a.type;
  }
  std::string msg = "unknown dtype '" + std::string(text) + "'; expected one of:";
  for (const auto& i : kInfo) {
    msg += ' ';
    msg += i.name;
  }
  msg += " (aliases such as float32, fp16, bfloat16, float8_e4m3fn, i32 are also accepted)";
  throw DTypeError(msg);
}

std::int64_t int_min(DType t) {
  switch (t) {
    case DType::i8:
      return INT8_MIN;
    case DType::i16:
      return INT16_MIN;
    case DType::i32:
      return INT32_MIN;
    case DType::i64:
      return INT64_MIN;
    case DType::u8:
    case DType::u32:
    case DType::boolean:
      return 0;
    default:
      break;
  }
  throw DTypeError("int_min: dtype " + std::string(name(t)) + " is not an integer type");
}

std::int64_t int_max(DType t) {
  switch (t) {
    case DType::i8:
      return INT8_MAX;
    case DType::i16:
      return INT16_MAX;
    case DType::i32:
      return INT32_MAX;
    case DType::i64:
      return INT64_MAX;
    case DType::u8:
      return UINT8_MAX;
    case DType::u32:
      return UINT32_MAX;
    case DType::boolean:
      return 1;
    default:
      break;
  }
  throw DTypeError("int_max: dtype " + std::string(name(t)) + " is not an integer type");
}

bool is_exact_subset(DType from, DType to) {
  if (from == to || is_bool(from)) return true;
  const auto& f = info(from);
  const auto& t = info(to);
  if (f.is_float) {
    if (!t.is_float) return false;
    // Every value m * 2^q of `from` (m < 2^(man+1), q >= emin - man) fits in
    // `to` when its significand is no wider and its smallest ulp and largest
    // exponent are within range.
    return f.man_bits <= t.man_bits && f.emax <= t.emax &&
           f.emin - f.man_bits >= t.emin - t.man_bits;
  }
  if (t.is_float) {
    // Integers are exact when their magnitude needs at most man+1 bits.
    const std::int64_t lo = int_min(from);
    const std::int64_t hi = int_max(from);
    const std::int64_t mag = hi > -lo ? hi : -lo;
    if (t.man_bits + 1 >= 63) return true;
    return mag <= (std::int64_t{1} << (t.man_bits + 1)) && t.emax >= t.man_bits + 1;
  }
  if (is_bool(to)) return false;
  return int_min(from) >= int_min(to) && int_max(from) <= int_max(to);
}

DType promote(DType a, DType b, PromoteMode mode) {
  const bool div = mode == PromoteMode::div_or_mod;
  if (a == DType::f32 || b == DType::f32) return DType::f32;
  if (a == DType::f16 || b == DType::f16) return div ? DType::f32 : DType::f16;
  if (a == DType::bf16 && b == DType::bf16) return div ? DType::f32 : DType::bf16;
  if (a == DType::bf16 || b == DType::bf16) return DType::f32;
  if (is_fp8(a) && is_fp8(b)) return a == b ? a : DType::f16;
  if (is_float(a) || is_float(b)) {
    throw DTypeError("cannot combine " + std::string(name(a)) + " and " + std::string(name(b)) +
                     ": an fp8 operand only combines with another float; cast the integer "
                     "operand to a float type first");
  }
  if (div && !is_bool(a) && !is_bool(b) && is_signed(a) != is_signed(b)) {
    throw DTypeError("cannot use /, // or % with " + std::string(name(a)) + " and " +
                     std::string(name(b)) +
                     " because they have different signedness; cast them to the same "
                     "signedness");
  }
  return integer_promote(a, b);
}

DType promote_with_scalar(DType tensor, DType scalar, PromoteMode mode) {
  if (kind_rank(scalar) <= kind_rank(tensor)) {
    if (mode == PromoteMode::div_or_mod && (tensor == DType::f16 || tensor == DType::bf16)) {
      return DType::f32;
    }
    return tensor;
  }
  return promote(tensor, scalar, mode);
}

}  // namespace kernbench::data
