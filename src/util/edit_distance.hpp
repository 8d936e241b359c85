#pragma once
/// @file edit_distance.hpp
/// Levenshtein distance (insert, delete and substitute cost 1, case
/// sensitive), the basis of every "did you mean" in kernbench's messages.

#include <cstddef>
#include <string_view>

namespace kernbench::util {

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace kernbench::util
