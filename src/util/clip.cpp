#include "util/clip.hpp"

#include <fmt/format.h>

namespace kernbench::util {
namespace {

/// Moves `n` back to the start of a UTF-8 sequence.
std::size_t char_boundary(std::string_view s, std::size_t n) {
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace

std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  return fmt::format("{}… ({} bytes in all)", s.substr(0, char_boundary(s, max)), s.size());
}

std::string clip_message(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  const std::size_t tail_len = max / 4;
  const std::size_t head = char_boundary(s, max - tail_len);
  const std::size_t tail = char_boundary(s, s.size() - tail_len);
  return fmt::format("{}[… {} bytes cut …]{}", s.substr(0, head), tail - head, s.substr(tail));
}

}  // namespace kernbench::util
