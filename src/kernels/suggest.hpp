#pragma once
/// @file suggest.hpp
/// "Did you mean" for mistyped kernel and parameter names. Pure functions,
/// deterministic: ties go to the earliest candidate.

#include <span>
#include <string>
#include <string_view>

#include "util/edit_distance.hpp"

namespace kernbench::kernels {

/// Levenshtein distance (util/edit_distance.hpp).
using util::edit_distance;

/// The candidate closest to `word` when it is a plausible typo: distance
/// <= max(2, |word| / 3) or equal ignoring case; "" otherwise.
std::string closest_name(std::string_view word, std::span<const std::string> candidates);

/// "a, b, c".
std::string join_names(std::span<const std::string> names);

}  // namespace kernbench::kernels
