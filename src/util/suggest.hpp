#pragma once
/// @file suggest.hpp
/// "Did you mean": the one rule every message of kernbench uses for a name
/// the user mistyped (presets, kernels and their parameters, hardware
/// parameters, commands, options, dtypes, sweep keys, statistics).
/// Pure functions, deterministic.
///
/// The suggestion for `word` among `candidates` is, by the first rule that
/// gives one:
///  1. a candidate equal to `word` ignoring ASCII case (BLOCK_size);
///  2. the closest candidate by edit distance ignoring case, when the
///     distance is at most max(2, |word| / 3) (ties: the earliest);
///  3. the one candidate `word` is a prefix of (npu -> npu-default);
///  4. the one dotted candidate whose last segment is `word`'s last segment
///     (pe.size -> pe.tcm.size).
/// Otherwise there is none (""). The message names it as
/// "did you mean `x`?".

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/edit_distance.hpp"

namespace kernbench::util {

/// The suggestion for `word`, or "" (rules above).
std::string closest_name(std::string_view word, std::span<const std::string> candidates);
std::string closest_name(std::string_view word, std::span<const std::string_view> candidates);

/// "did you mean `x`?" for the suggestion, or "" when there is none.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);
/// " (did you mean `x`?)", or "": the form that follows a message's subject.
std::string did_you_mean_suffix(std::string_view word, std::span<const std::string> candidates);

/// "a, b, c": names joined for messages.
std::string join_names(std::span<const std::string> names, std::string_view sep = ", ");

}  // namespace kernbench::util
