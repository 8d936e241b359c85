#pragma once
/// \file
/// "Did you mean" suggestions for names the user mistyped (presets, dtypes,
/// ops, commands). Pure functions, deterministic: ties go to the earliest
/// candidate.

#include <span>
#include <string>
#include <string_view>

#include "util/edit_distance.hpp"

namespace kernbench::app {

/// Levenshtein distance (util/edit_distance.hpp).
using util::edit_distance;

/// The candidate closest to `word`, if it is close enough to be a plausible
/// typo (distance <= max(2, |word| / 3), or `word` is a prefix of exactly one
/// candidate); "" otherwise.
std::string closest_name(std::string_view word, std::span<const std::string> candidates);

/// " (did you mean `x`?)" or "" when there is no plausible candidate.
std::string did_you_mean_suffix(std::string_view word, std::span<const std::string> candidates);

/// "a, b, c": candidates joined for messages.
std::string join_names(std::span<const std::string> names, std::string_view sep = ", ");

}  // namespace kernbench::app
