#pragma once
/// @file clip.hpp
/// Cutting user input that is echoed in a message, so one error stays one
/// readable line: a 100 KB key gives "aaaa… (102400 bytes in all)".

#include <cstddef>
#include <string>
#include <string_view>

namespace kernbench::util {

/// The longest piece of input echoed whole.
inline constexpr std::size_t kClipBytes = 120;

/// `s` if at most `max` bytes long; else its first `max` bytes (not cutting
/// a UTF-8 sequence), "…", and the full length.
std::string clip(std::string_view s, std::size_t max = kClipBytes);

/// A whole message kept to `max` bytes: its head and its tail (where the
/// expectation is usually said) around "[… N bytes cut …]".
std::string clip_message(std::string_view s, std::size_t max = 2000);

}  // namespace kernbench::util
