#pragma once
/// \file
/// From a spec to its points.
///
/// Order (fixed, so every rank and shard enumerates the same list): kernel
/// blocks as written; within one, parameter combinations (the first axis
/// varying slowest), then hardware bases, override combinations, modes and
/// seeds. A `zip:` group is one axis. Points failing a `where:` condition
/// are dropped, and so are repeats of an earlier point (same id).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/point.hpp"
#include "sweep/spec.hpp"

namespace kernbench::sweep {

std::vector<Point> expand(const SweepSpec& spec);

/// The value of `key` on `point` as a number: a kernel parameter as an
/// integer (true/false as 1/0), a hardware override in its base unit
/// (bytes, Hz, ps, bytes/s; integers and reals as such). nullopt when the
/// point lacks the key or its value is not a number (a dtype, an enum).
std::optional<double> numeric_value(const Point& point, std::string_view key);

/// What to load for a `hw.base` entry: a preset name as it is, a file
/// relative to the spec's folder.
std::string resolve_hw_base(const SweepSpec& spec, const std::string& base);

/// A hardware parameter's value in its base unit; nullopt when not numeric.
std::optional<double> hw_numeric(std::string_view path, std::string_view text);

}  // namespace kernbench::sweep
