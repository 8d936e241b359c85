#pragma once
/// \file
/// Strong unit types for hardware parameters, parsed from text with units.
///
/// Contract: every quantity is an exact unsigned 64-bit integer in its base
/// unit (Hz, ps, bytes, bytes/s). Parsing reads the decimal digits as
/// integers, so "1.98 GHz" is exactly 1'980'000'000 Hz; a value that is not a
/// whole number of the base unit ("0.5 ps", "1.5 Hz") or that overflows 64 bits
/// is rejected. A bare number is rejected: the unit is required. Decimal
/// prefixes (k, M, G, T = 10^3n) and binary prefixes (Ki, Mi, Gi, Ti = 2^10n)
/// are distinct: "1 GB" = 10^9 bytes, "1 GiB" = 2^30 bytes. to_string() prints
/// a canonical form that parses back to the same value.
///
/// Errors: parse functions throw UnitError (a std::runtime_error) whose message
/// quotes the text and lists the accepted units; callers add the location.

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kernbench::hw {

/// A value that does not parse as the requested unit type.
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Clock frequency in whole hertz (> 0 is checked by the parameter table).
class Frequency {
 public:
  constexpr Frequency() = default;
  static constexpr Frequency hz(std::uint64_t v) { return Frequency(v); }
  /// Parses "1 GHz", "1.98GHz", "800 MHz", "100 kHz", "10 Hz".
  static Frequency parse(std::string_view text);
  constexpr std::uint64_t in_hz() const { return hz_; }
  /// Picoseconds at the end of cycle `cycles` counted from 0, rounded up to a
  /// whole ps: ceil(cycles * 1e12 / hz). Exact (128-bit), so a clock whose
  /// period is not a whole number of ps (1545 MHz: 647.25 ps) never drifts.
  /// Throws std::overflow_error when the result exceeds 2^64 - 1 ps.
  std::uint64_t cycles_to_ps(std::uint64_t cycles) const;
  /// Whole cycles completed within `ps` picoseconds: floor(ps * hz / 1e12).
  std::uint64_t ps_to_cycles(std::uint64_t ps) const;
  /// True when the period is a whole number of picoseconds.
  bool has_integer_period() const { return hz_ != 0 && 1'000'000'000'000ULL % hz_ == 0; }
  std::string to_string() const;
  constexpr auto operator<=>(const Frequency&) const = default;

 private:
  constexpr explicit Frequency(std::uint64_t v) : hz_(v) {}
  std::uint64_t hz_ = 0;
};

/// Time span in whole picoseconds (the simulator's tick).
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration ps(std::uint64_t v) { return Duration(v); }
  /// Parses "500 ps", "4 ns", "1.5 us" (also "µs"), "2 ms", "1 s".
  static Duration parse(std::string_view text);
  constexpr std::uint64_t in_ps() const { return ps_; }
  std::string to_string() const;
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::uint64_t v) : ps_(v) {}
  std::uint64_t ps_ = 0;
};

/// Amount of memory in bytes.
class ByteSize {
 public:
  constexpr ByteSize() = default;
  static constexpr ByteSize bytes(std::uint64_t v) { return ByteSize(v); }
  /// Parses "64 B", "256 KiB", "2MiB", "1 GB" (decimal) or "1 GiB" (binary).
  static ByteSize parse(std::string_view text);
  constexpr std::uint64_t in_bytes() const { return b_; }
  std::string to_string() const;
  constexpr auto operator<=>(const ByteSize&) const = default;

 private:
  constexpr explicit ByteSize(std::uint64_t v) : b_(v) {}
  std::uint64_t b_ = 0;
};

/// Data rate in whole bytes per second.
class Bandwidth {
 public:
  constexpr Bandwidth() = default;
  static constexpr Bandwidth bytes_per_second(std::uint64_t v) { return Bandwidth(v); }
  /// Parses "1.2 TB/s", "819 GB/s", "64 GiB/s", "100 B/s".
  static Bandwidth parse(std::string_view text);
  constexpr std::uint64_t in_bytes_per_second() const { return bps_; }
  std::string to_string() const;
  constexpr auto operator<=>(const Bandwidth&) const = default;

 private:
  constexpr explicit Bandwidth(std::uint64_t v) : bps_(v) {}
  std::uint64_t bps_ = 0;
};

/// The accepted unit spellings of each type, for messages and docs,
/// e.g. "Hz, kHz, MHz, GHz".
std::string_view accepted_units_frequency();
std::string_view accepted_units_duration();
std::string_view accepted_units_bytesize();
std::string_view accepted_units_bandwidth();

}  // namespace kernbench::hw
