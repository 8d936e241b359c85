#include "app/format.hpp"

#include <fmt/format.h>

#include <utility>

namespace kernbench::app {

std::string si(double v, std::string_view unit, int decimals) {
  constexpr std::pair<double, std::string_view> kScale[] = {{1e18, "E"}, {1e15, "P"}, {1e12, "T"},
                                                            {1e9, "G"},  {1e6, "M"},  {1e3, "k"}};
  for (const auto& [f, p] : kScale)
    if (v >= f) return fmt::format("{:.{}f} {}{}", v / f, decimals, p, unit);
  return fmt::format("{:.{}f} {}", v, decimals, unit);
}

std::string grouped(std::uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string human_ps(std::uint64_t ps) {
  constexpr std::pair<std::uint64_t, std::string_view> kUnits[] = {{1'000'000'000'000ULL, "s"},
                                                                   {1'000'000'000ULL, "ms"},
                                                                   {1'000'000ULL, "us"},
                                                                   {1'000ULL, "ns"}};
  for (const auto& [scale, name] : kUnits) {
    if (ps < scale) continue;
    const std::uint64_t whole = ps / scale;
    std::uint64_t frac = ps % scale;
    if (frac == 0) return fmt::format("{} {}", whole, name);
    // Print the exact fraction when it has at most three significant
    // decimals in this unit, else round to three (the ps figure is exact).
    std::uint64_t digits_scale = scale;
    std::string frac_text;
    int n = 0;
    while (frac != 0 && n < 3) {
      digits_scale /= 10;
      frac_text += static_cast<char>('0' + frac / digits_scale);
      frac %= digits_scale;
      ++n;
    }
    const bool exact = frac == 0;
    return fmt::format("{}{}.{} {}", exact ? "" : "~", whole, frac_text, name);
  }
  return fmt::format("{} ps", ps);
}

std::string percent(double ratio) {
  return fmt::format("{:.1f}%", ratio * 100.0);
}

}  // namespace kernbench::app
