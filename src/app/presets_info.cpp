#include "app/presets_info.hpp"

#include "hw/config/loader.hpp"

namespace kernbench::app {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);
  return std::string(s);
}

}  // namespace

std::string preset_description(std::string_view name, std::string_view text) {
  std::string comment;
  bool seen_comment = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    // Only a column-0 key is top level; nested `description:` keys are not ours.
    if (line.starts_with("description:")) {
      return unquote(trim(line.substr(std::string_view("description:").size())));
    }
    const std::string_view t = trim(line);
    if (!seen_comment && t.starts_with('#')) {
      seen_comment = true;
      std::string_view c = trim(t.substr(1));
      const std::string prefix = std::string(name) + ":";
      if (c.starts_with(prefix)) c = trim(c.substr(prefix.size()));
      comment = std::string(c);
    }
  }
  return comment;
}

std::vector<PresetInfo> preset_infos() {
  std::vector<PresetInfo> out;
  for (const auto& name : hw::preset_names())
    out.push_back({name, preset_description(name, hw::preset_text(name))});
  return out;
}

}  // namespace kernbench::app
