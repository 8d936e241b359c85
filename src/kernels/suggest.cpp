#include "kernels/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace kernbench::kernels {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string closest_name(std::string_view word, std::span<const std::string> candidates) {
  // Parameter names mix cases (BLOCK_SIZE, n): a case-only difference is the
  // most likely typo, so it wins outright.
  for (const std::string& c : candidates)
    if (lower(c) == lower(word)) return c;
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(lower(word), lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string join_names(std::span<const std::string> names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace kernbench::kernels
