#pragma once
/// \file
/// Number formatting shared by the text reports (JSON reports carry raw base
/// units instead: Hz, ps, bytes, bytes/s, FLOP/s).

#include <cstdint>
#include <string>
#include <string_view>

namespace kernbench::app {

/// `v` scaled to the largest SI prefix (k, M, G, T, P, E) that keeps it >= 1,
/// with `decimals` digits after the point: si(1.31072e14, "FLOP/s") ==
/// "131.07 TFLOP/s". Values below 1000 get no prefix.
std::string si(double v, std::string_view unit, int decimals = 2);

/// An integer with thin groups of three digits: 1234567 -> "1,234,567".
std::string grouped(std::uint64_t v);

/// A duration in picoseconds, exact, in the largest unit that divides it or
/// with up to three decimals otherwise: 640000 -> "640 ns", 647250 ->
/// "647.25 ns", 1500000 -> "1.5 us".
std::string human_ps(std::uint64_t ps);

/// A ratio in [0, 1] as a percentage with one decimal: "26.2%".
std::string percent(double ratio);

}  // namespace kernbench::app
