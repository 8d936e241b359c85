#include "hw/config/units.hpp"

#include <fmt/format.h>

#include "util/clip.hpp"

#include <array>
#include <cctype>
#include <span>

namespace kernbench::hw {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin, exact 128-bit math

struct Unit {
  std::string_view name;
  std::uint64_t factor;  // base units per one of this unit
};

// Decimal units are listed smallest first; the printer walks them backwards.
constexpr std::array kFrequencyUnits{Unit{"Hz", 1}, Unit{"kHz", 1'000}, Unit{"MHz", 1'000'000},
                                     Unit{"GHz", 1'000'000'000}};
constexpr std::array kDurationUnits{Unit{"ps", 1}, Unit{"ns", 1'000}, Unit{"us", 1'000'000},
                                    Unit{"ms", 1'000'000'000}, Unit{"s", 1'000'000'000'000}};
constexpr std::array kDurationAliases{Unit{"\xC2\xB5s", 1'000'000}};  // "µs"
constexpr std::array kByteDecimal{Unit{"B", 1}, Unit{"KB", 1'000}, Unit{"MB", 1'000'000},
                                  Unit{"GB", 1'000'000'000}, Unit{"TB", 1'000'000'000'000}};
constexpr std::array kByteBinary{Unit{"KiB", 1ULL << 10}, Unit{"MiB", 1ULL << 20},
                                 Unit{"GiB", 1ULL << 30}, Unit{"TiB", 1ULL << 40}};
constexpr std::array kRateDecimal{Unit{"B/s", 1}, Unit{"KB/s", 1'000}, Unit{"MB/s", 1'000'000},
                                  Unit{"GB/s", 1'000'000'000}, Unit{"TB/s", 1'000'000'000'000}};
constexpr std::array kRateBinary{Unit{"KiB/s", 1ULL << 10}, Unit{"MiB/s", 1ULL << 20},
                                 Unit{"GiB/s", 1ULL << 30}, Unit{"TiB/s", 1ULL << 40}};

struct Kind {
  std::string_view what;       // "a frequency"
  std::string_view base_name;  // "hertz"
  std::string_view accepted;   // "Hz, kHz, MHz, GHz"
  std::string_view example;    // "1.5 GHz"
  std::span<const Unit> units[3];
};

const Kind kFrequency{
    "a frequency", "hertz", "Hz, kHz, MHz, GHz", "1.5 GHz", {kFrequencyUnits, {}, {}}};
const Kind kDuration{"a duration",
                     "picoseconds",
                     "ps, ns, us (or \xC2\xB5s), ms, s",
                     "4 ns",
                     {kDurationUnits, kDurationAliases, {}}};
const Kind kBytes{"a byte size",
                  "bytes",
                  "B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024)",
                  "256 KiB",
                  {kByteDecimal, kByteBinary, {}}};
const Kind kRate{
    "a bandwidth",
    "bytes per second",
    "B/s, KB/s, MB/s, GB/s, TB/s (powers of 1000), KiB/s, MiB/s, GiB/s, TiB/s (powers of 1024)",
    "819 GB/s",
    {kRateDecimal, kRateBinary, {}}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail_expected(std::string_view text, const Kind& k, std::string_view why) {
  throw UnitError(fmt::format("`{}` {}: expected {} with one of the units {} (e.g. `{}`)",
                              util::clip(text), why, k.what, k.accepted, k.example));
}

// Reads "<digits>[.<digits>] <unit>" exactly: the digits become an integer
// mantissa and a count of fractional digits, so no binary floating point ever
// touches the value.
std::uint64_t parse_quantity(std::string_view raw, const Kind& k) {
  const std::string_view text = trim(raw);
  if (text.empty()) fail_expected(raw, k, "is empty");
  if (text.front() == '-')
    throw UnitError(fmt::format("`{}` is negative: {} must be >= 0", util::clip(text), k.what));
  std::size_t i = 0;
  u128 mantissa = 0;
  int digits = 0;
  int frac_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (digits >= 30) throw UnitError(fmt::format("`{}` has too many digits", util::clip(text)));
      mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
      ++digits;
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits == 0) fail_expected(text, k, "does not start with a number");
  const std::string_view unit = trim(text.substr(i));
  if (unit.empty()) fail_expected(text, k, "has no unit");
  const Unit* found = nullptr;
  for (const auto& list : k.units)
    for (const auto& u : list)
      if (u.name == unit) found = &u;
  if (found == nullptr) fail_expected(text, k, fmt::format("has an unknown unit `{}`", unit));
  u128 scaled = mantissa * found->factor;
  u128 pow10 = 1;
  for (int d = 0; d < frac_digits; ++d) pow10 *= 10;
  if (scaled % pow10 != 0)
    throw UnitError(fmt::format("`{}` is not a whole number of {}", util::clip(text), k.base_name));
  scaled /= pow10;
  if (scaled > static_cast<u128>(UINT64_MAX))
    throw UnitError(
        fmt::format("`{}` is too large (more than 2^64-1 {})", util::clip(text), k.base_name));
  return static_cast<std::uint64_t>(scaled);
}

// Exact decimal rendering of value/factor with trailing zeros trimmed.
std::string exact_decimal(std::uint64_t value, std::uint64_t factor, std::string_view unit) {
  const std::uint64_t whole = value / factor;
  std::uint64_t rem = value % factor;
  std::string out = std::to_string(whole);
  if (rem != 0) {
    out += '.';
    for (std::uint64_t f = factor / 10; f > 0 && rem != 0; f /= 10) {
      out += static_cast<char>('0' + rem / f);
      rem %= f;
    }
  }
  return fmt::format("{} {}", out, unit);
}

std::string print_decimal(std::uint64_t value, std::span<const Unit> units) {
  for (std::size_t i = units.size(); i-- > 0;)
    if (value >= units[i].factor) return exact_decimal(value, units[i].factor, units[i].name);
  return exact_decimal(value, 1, units[0].name);
}

// Memory quantities read best in binary units when they are exact multiples
// (228 KiB, 60 MiB); otherwise the exact decimal form (4.23 TB/s).
std::string print_bytes(std::uint64_t value, std::span<const Unit> decimal,
                        std::span<const Unit> binary) {
  for (std::size_t i = binary.size(); i-- > 0;) {
    const auto f = binary[i].factor;
    if (value >= f && value % f == 0 && value / f < 1024)
      return fmt::format("{} {}", value / f, binary[i].name);
  }
  return print_decimal(value, decimal);
}

}  // namespace

Frequency Frequency::parse(std::string_view text) {
  return Frequency(parse_quantity(text, kFrequency));
}
Duration Duration::parse(std::string_view text) {
  return Duration(parse_quantity(text, kDuration));
}
ByteSize ByteSize::parse(std::string_view text) {
  return ByteSize(parse_quantity(text, kBytes));
}
Bandwidth Bandwidth::parse(std::string_view text) {
  return Bandwidth(parse_quantity(text, kRate));
}

std::uint64_t Frequency::cycles_to_ps(std::uint64_t cycles) const {
  if (hz_ == 0) throw std::logic_error("Frequency::cycles_to_ps on a zero frequency");
  const u128 num = static_cast<u128>(cycles) * 1'000'000'000'000ULL;
  const u128 ps = (num + hz_ - 1) / hz_;
  if (ps > static_cast<u128>(UINT64_MAX)) [[unlikely]]
    throw std::overflow_error(fmt::format(
        "{} cycles at {} are more than 2^64 ps (about 213 days), the longest time kernbench "
        "represents",
        cycles, to_string()));
  return static_cast<std::uint64_t>(ps);
}

std::uint64_t Frequency::ps_to_cycles(std::uint64_t ps) const {
  return static_cast<std::uint64_t>(static_cast<u128>(ps) * hz_ / 1'000'000'000'000ULL);
}

std::string Frequency::to_string() const {
  return print_decimal(hz_, kFrequencyUnits);
}
std::string Duration::to_string() const {
  return print_decimal(ps_, kDurationUnits);
}
std::string ByteSize::to_string() const {
  return print_bytes(b_, kByteDecimal, kByteBinary);
}
std::string Bandwidth::to_string() const {
  return print_bytes(bps_, kRateDecimal, kRateBinary);
}

std::string_view accepted_units_frequency() {
  return kFrequency.accepted;
}
std::string_view accepted_units_duration() {
  return kDuration.accepted;
}
std::string_view accepted_units_bytesize() {
  return kBytes.accepted;
}
std::string_view accepted_units_bandwidth() {
  return kRate.accepted;
}

}  // namespace kernbench::hw
