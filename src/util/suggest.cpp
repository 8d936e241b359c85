#include "util/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace kernbench::util {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view last_segment(std::string_view s) {
  const auto dot = s.rfind('.');
  return dot == std::string_view::npos ? s : s.substr(dot + 1);
}

// The one candidate `keep` accepts; none when none or several do.
template <class Keep>
std::string_view unique(std::span<const std::string_view> candidates, Keep keep) {
  std::string_view found;
  bool any = false;
  for (const std::string_view c : candidates) {
    if (!keep(c)) continue;
    if (any) return {};
    found = c, any = true;
  }
  return found;
}

}  // namespace

std::string closest_name(std::string_view word, std::span<const std::string_view> candidates) {
  const std::string w = lower(word);
  for (const std::string_view c : candidates)
    if (lower(c) == w) return std::string(c);
  std::string_view best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string_view c : candidates) {
    const std::size_t d = edit_distance(w, lower(c));
    if (d < best_d) best_d = d, best = c;
  }
  if (!best.empty()) return std::string(best);
  if (!word.empty()) {
    const auto prefixed =
        unique(candidates, [&](std::string_view c) { return c.starts_with(word); });
    if (!prefixed.empty()) return std::string(prefixed);
  }
  if (word.find('.') == std::string_view::npos) return {};
  const std::string_view leaf = last_segment(word);
  return std::string(unique(candidates, [&](std::string_view c) {
    return c.find('.') != std::string_view::npos && last_segment(c) == leaf;
  }));
}

std::string closest_name(std::string_view word, std::span<const std::string> candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return closest_name(word, std::span<const std::string_view>(views));
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  const std::string best = closest_name(word, candidates);
  return best.empty() ? std::string{} : "did you mean `" + best + "`?";
}

std::string did_you_mean_suffix(std::string_view word, std::span<const std::string> candidates) {
  const std::string hint = did_you_mean(word, candidates);
  return hint.empty() ? std::string{} : " (" + hint + ")";
}

std::string join_names(std::span<const std::string> names, std::string_view sep) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

}  // namespace kernbench::util
