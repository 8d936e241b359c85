#pragma once
/// @file time.hpp
/// Simulated time: an integer count of picoseconds, and exact conversions.
///
/// Contract: `Tick` is the only representation of simulated time. Conversions
/// from ns/us and from cycles never lose time silently: cycle counts at a
/// clock whose period is not a whole number of picoseconds are converted
/// exactly from the cycle count (no per-cycle rounding drift) and rounded *up*
/// to the next picosecond, so an operation is never reported faster than the
/// hardware could do it (see docs/adr/0002-integer-time.md).

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace kernbench::sim {

/// Simulated time in picoseconds.
using Tick = std::uint64_t;

/// Largest representable time; used as "never".
inline constexpr Tick kForever = std::numeric_limits<Tick>::max();

inline constexpr Tick kPsPerNs = 1'000;
inline constexpr Tick kPsPerUs = 1'000'000;
inline constexpr Tick kPsPerMs = 1'000'000'000;
inline constexpr Tick kPsPerS = 1'000'000'000'000;

/// Thrown when a time value cannot be represented (overflow, negative input).
class TimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
[[noreturn]] void throw_time_overflow(const char* what, std::uint64_t value);
}  // namespace detail

/// `n` nanoseconds as ticks; throws TimeError on overflow.
constexpr Tick ns(std::uint64_t n) {
  if (n > kForever / kPsPerNs) detail::throw_time_overflow("ns", n);
  return n * kPsPerNs;
}
/// `n` microseconds as ticks; throws TimeError on overflow.
constexpr Tick us(std::uint64_t n) {
  if (n > kForever / kPsPerUs) detail::throw_time_overflow("us", n);
  return n * kPsPerUs;
}
/// `n` picoseconds as ticks (identity, for readability).
constexpr Tick ps(std::uint64_t n) {
  return n;
}

/// Seconds as a double, for reports only (never fed back into the engine).
constexpr double to_seconds(Tick t) {
  return static_cast<double>(t) / 1e12;
}

/// A clock domain: converts between cycles and ticks exactly.
///
/// `to_ticks(c)` = ceil(c * 1e12 / hz) computed in 128-bit integers: the error
/// is below one picosecond and never accumulates over many cycles.
/// `cycles_in(t)` = floor(t * hz / 1e12): whole cycles elapsed in `t`.
class Clock {
 public:
  /// @param hz frequency in Hz, > 0 and <= 1 THz (a period of at least 1 ps).
  explicit Clock(std::uint64_t hz);

  std::uint64_t hz() const { return hz_; }
  /// True when one period is a whole number of picoseconds.
  bool period_is_exact() const { return kPsPerS % hz_ == 0; }
  /// Duration of `cycles` cycles, rounded up to the next picosecond.
  Tick to_ticks(std::uint64_t cycles) const;
  /// Whole cycles completed in `t` picoseconds.
  std::uint64_t cycles_in(Tick t) const;

 private:
  std::uint64_t hz_;
};

/// Formats a tick count with a readable unit, e.g. "1.5 us (1500000 ps)".
std::string format_tick(Tick t);

}  // namespace kernbench::sim
