#pragma once
/// @file checked.hpp
/// Integer arithmetic that reports overflow instead of wrapping.
///
/// `checked_add/sub/mul(a, b, out)` return false (and leave `out`
/// unspecified) when the exact result does not fit the type; they compile to
/// one instruction and a branch (__builtin_*_overflow), so they are cheap
/// enough for cost models. `mul_or_throw` / `add_or_throw` throw
/// `OverflowError` (a std::runtime_error: overflow comes from user-given
/// sizes) with a message the caller words: "<what> overflows 64 bits
/// (<a> x <b>)".

#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kernbench::util {

class OverflowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <std::integral T>
[[nodiscard]] constexpr bool checked_add(T a, T b, T& out) {
  return !__builtin_add_overflow(a, b, &out);
}
template <std::integral T>
[[nodiscard]] constexpr bool checked_sub(T a, T b, T& out) {
  return !__builtin_sub_overflow(a, b, &out);
}
template <std::integral T>
[[nodiscard]] constexpr bool checked_mul(T a, T b, T& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

/// Throws OverflowError("<what> overflows: <a> x <b> does not fit in 64 bits").
[[noreturn]] void throw_overflow(std::string_view what, std::string_view a, char op,
                                 std::string_view b);

template <std::integral T>
T mul_or_throw(T a, T b, std::string_view what) {
  T out{};
  if (!checked_mul(a, b, out)) throw_overflow(what, std::to_string(a), 'x', std::to_string(b));
  return out;
}
template <std::integral T>
T add_or_throw(T a, T b, std::string_view what) {
  T out{};
  if (!checked_add(a, b, out)) throw_overflow(what, std::to_string(a), '+', std::to_string(b));
  return out;
}

}  // namespace kernbench::util
