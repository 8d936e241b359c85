#pragma once
/// \file
/// One point of a sweep: a complete `kernbench run` (kernel, parameters,
/// hardware base and overrides, mode, seed), and its stable id.
///
/// The canonical description is compact JSON with a fixed key order
/// (kernel, params, hw, set, mode, seed), parameters and overrides sorted by
/// name and written as the spec gives them (overrides in the parameter
/// table's canonical form). The id is the 64-bit FNV-1a hash of that text,
/// as 16 lower-case hex digits: the same point has the same id in every run,
/// shard and rank, whatever the order of the spec's keys.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kernbench::sweep {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct Point {
  std::string kernel;
  KeyValues params;     ///< sorted by name
  std::string hw;       ///< the base as written in the spec
  std::string hw_path;  ///< what to load: a preset name or the resolved file (not in the id)
  KeyValues sets;       ///< sorted by path, canonical values
  std::string mode;     ///< "data" or "timing"
  std::uint64_t seed = 0;

  /// The canonical description (see above).
  std::string canonical() const;
  /// 16 hex digits; a function of canonical() only.
  std::string id() const;
};

/// FNV-1a, 64 bits, over the bytes of `text`.
std::uint64_t fnv1a64(const std::string& text);

/// Rebuilds a point from its canonical description (hw_path = hw).
/// Throws std::runtime_error on malformed text.
Point point_from_canonical(const std::string& text);

}  // namespace kernbench::sweep
