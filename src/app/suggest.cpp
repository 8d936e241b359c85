#include "app/suggest.hpp"

#include <algorithm>
#include <vector>

namespace kernbench::app {

std::string closest_name(std::string_view word, std::span<const std::string> candidates) {
  const std::string* best = nullptr;
  std::size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = &c;
  }
  if (best != nullptr && best_d <= std::max<std::size_t>(2, word.size() / 3)) return *best;
  // A truncated name ("npu" for "npu-default") is a typo too, when unambiguous.
  const std::string* prefixed = nullptr;
  if (!word.empty())
    for (const auto& c : candidates) {
      if (!c.starts_with(word)) continue;
      if (prefixed != nullptr) return {};
      prefixed = &c;
    }
  return prefixed != nullptr ? *prefixed : std::string{};
}

std::string did_you_mean_suffix(std::string_view word, std::span<const std::string> candidates) {
  const std::string best = closest_name(word, candidates);
  return best.empty() ? std::string{} : " (did you mean `" + best + "`?)";
}

std::string join_names(std::span<const std::string> names, std::string_view sep) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

}  // namespace kernbench::app
