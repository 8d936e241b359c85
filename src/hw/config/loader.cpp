#include "hw/config/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "hw/config/embedded_presets.hpp"
#include "util/clip.hpp"
#include "util/read_file.hpp"

namespace kernbench::hw {
namespace {

namespace fs = std::filesystem;

// Base chains deeper than this are certainly a mistake (or a cycle that
// escaped the name check through different spellings of one path).
constexpr int kMaxBaseDepth = 16;

const detail::EmbeddedPreset* find_preset(std::string_view name) {
  for (const auto& p : detail::embedded_presets())
    if (p.name == name) return &p;
  return nullptr;
}

std::string preset_list() {
  std::string out;
  for (const auto& p : detail::embedded_presets())
    out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

std::string where(std::string_view origin, const YAML::Mark& m) {
  if (m.is_null()) return std::string(origin);
  return fmt::format("{}:{}:{}", origin, m.line + 1, m.column + 1);
}

bool is_group(std::string_view path) {
  for (const auto& p : param_table())
    if (p.path.size() > path.size() && p.path.starts_with(path) && p.path[path.size()] == '.')
      return true;
  return false;
}

std::string group_children(std::string_view path) {
  std::set<std::string> names;
  std::vector<std::string> ordered;
  for (const auto& p : param_table()) {
    if (!(p.path.size() > path.size() && p.path.starts_with(path) && p.path[path.size()] == '.'))
      continue;
    std::string_view rest = p.path.substr(path.size() + 1);
    std::string child(rest.substr(0, rest.find('.')));
    if (names.insert(child).second) ordered.push_back(child);
  }
  std::string out;
  for (const auto& n : ordered) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string_view node_kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "a value";
  }
}

bool is_marker(std::string_view line, std::string_view m) {
  return line.starts_with(m) && (line.size() == m.size() || line[m.size()] == ' ' ||
                                 line[m.size()] == '\t' || line[m.size()] == '\r');
}

bool blank_or_comment(std::string_view line) {
  const std::size_t i = line.find_first_not_of(" \t\r");
  return i == std::string_view::npos || line[i] == '#';
}

/// Refuses a second YAML document (a `---` after content or after an
/// explicit `---`, or content after `...`). Document markers are only
/// recognised at column 0, where YAML forbids them inside scalars.
void check_one_document(std::string_view text, std::string_view origin) {
  bool open = false, content = false, ended = false;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    const auto second = [&] {
      return ConfigError(fmt::format(
          "{}:{}:1: the file holds more than one YAML document (a second one starts here); "
          "expected one",
          origin, line_no));
    };
    if (is_marker(line, "---")) {
      if (open || content || ended) throw second();
      open = true;
      if (!blank_or_comment(line.substr(3))) content = true;
    } else if (is_marker(line, "...")) {
      ended = open || content;
    } else if (!blank_or_comment(line) && !(line.starts_with('%') && !open && !content)) {
      if (ended) throw second();
      content = true;
    }
  }
}

/// Text other than comments, markers, directives and an explicit null.
bool has_content(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (is_marker(line, "---")) line.remove_prefix(3);
    if (is_marker(line, "...") || line.starts_with('%') || blank_or_comment(line)) continue;
    const std::size_t a = line.find_first_not_of(" \t\r");
    std::string_view v = line.substr(a);
    if (const std::size_t hash = v.find(" #"); hash != std::string_view::npos)
      v = v.substr(0, hash);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
      v.remove_suffix(1);
    if (v == "~" || v == "null" || v == "Null" || v == "NULL") continue;
    return true;
  }
  return false;
}

/// A preset name that is also a file: which one was meant is unknowable, and
/// silently taking the preset hides the file.
ConfigError ambiguous_preset(std::string_view name, const fs::path& file, const std::string& at) {
  return ConfigError(fmt::format(
      "{}`{}` is both a built-in preset and the file `{}`; write `./{}` (or another path "
      "with a `/`) for the file, or rename the file to use the preset",
      at.empty() ? "" : at + ": ", name, file.string(), file.string()));
}

/// A regular file (or a link to one) at `path`: a directory named like a
/// preset (an output folder "h200") is no ambiguity.
bool is_file(const fs::path& path) {
  return util::file_kind(path) == "a regular file";
}

struct Loader {
  std::vector<std::string> chain;  // origins being loaded, for cycle detection

  HwConfig load_text(std::string_view text, const std::string& origin, const fs::path& dir) {
    if (static_cast<int>(chain.size()) >= kMaxBaseDepth)
      throw ConfigError(fmt::format("{}: base: more than {} nested bases; expected a short chain",
                                    origin, kMaxBaseDepth));
    for (const auto& o : chain)
      if (o == origin) {
        std::string cycle;
        for (const auto& c : chain) cycle += c + " -> ";
        throw ConfigError(
            fmt::format("{}: base: cycle {}{}; expected a chain that ends in a "
                        "description without base",
                        origin, cycle, origin));
      }
    chain.push_back(origin);
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      throw ConfigError(fmt::format("{}: YAML syntax error: {}", where(origin, e.mark), e.msg));
    }
    // yaml-cpp reads only the first document (LoadAll can loop forever on
    // some malformed input, found by fuzzing), and returns an empty one for
    // some input it cannot parse: both were silently taken as "defaults".
    check_one_document(text, origin);
    if (root.IsNull() && has_content(text))
      throw ConfigError(fmt::format(
          "{}: no YAML mapping could be read from the text (it does not parse as YAML); expected "
          "a mapping of parameters (e.g. `pe:` / `  count: 16`)",
          origin));
    check_tags(root, origin);
    HwConfig cfg;
    if (root.IsNull()) {
      cfg = default_hw_config();
    } else if (!root.IsMap()) {
      throw ConfigError(
          fmt::format("{}: the document is {}; expected a mapping of parameters "
                      "(e.g. `pe:` / `  count: 16`)",
                      where(origin, root.Mark()), node_kind(root)));
    } else {
      const YAML::Node description = root["description"];
      if (description && !description.IsScalar())
        throw ConfigError(fmt::format("{}: description: is {}; expected one line of text",
                                      where(origin, description.Mark()), node_kind(description)));
      const YAML::Node base = root["base"];
      if (base) {
        if (!base.IsScalar())
          throw ConfigError(
              fmt::format("{}: base: is {}; expected a preset name ({}) or a file path",
                          where(origin, base.Mark()), node_kind(base), preset_list()));
        cfg = load_base(base.Scalar(), where(origin, base.Mark()), dir);
      } else {
        cfg = default_hw_config();
      }
      std::set<std::string> seen;
      apply_map(cfg, root, "", origin, seen);
    }
    chain.pop_back();
    cfg.name = origin;
    return cfg;
  }

  HwConfig load_base(const std::string& spec, const std::string& at, const fs::path& dir) {
    const fs::path path = fs::path(spec).is_absolute() ? fs::path(spec) : dir / spec;
    if (const auto* p = find_preset(spec)) {
      if (is_file(path)) throw ambiguous_preset(spec, path, at + ": base");
      return load_text(p->text, std::string(p->source_path), {});
    }
    if (!exists(path, at))
      throw ConfigError(fmt::format("{}: base: `{}` is neither a preset ({}) nor an existing file",
                                    at, util::clip(spec), preset_list()));
    try {
      return load_file(path);
    } catch (const ConfigError& e) {
      // Only the file's own failure to be read lacks a location.
      if (std::string_view(e.what()).starts_with("cannot read"))
        throw ConfigError(fmt::format("{}: base: {}", at, e.what()));
      throw;
    }
  }

  HwConfig load_file(const fs::path& path) {
    std::string text;
    try {
      text = util::read_regular_file(path, kMaxConfigFileBytes, "hardware description");
    } catch (const util::InputFileError& e) {
      throw ConfigError(e.what());
    }
    return load_text(text, path.string(), path.parent_path());
  }

  static bool exists(const fs::path& path, const std::string& at) {
    try {
      return util::path_exists(path, "hardware description");
    } catch (const util::InputFileError& e) {
      throw ConfigError(at.empty() ? std::string(e.what()) : fmt::format("{}: {}", at, e.what()));
    }
  }

  /// Refuses explicit YAML tags other than the standard ones: yaml-cpp keeps
  /// them but nothing reads them, so `!custom 5` would silently mean 5.
  static void check_tags(const YAML::Node& n, const std::string& origin) {
    if (!n.IsDefined()) return;
    const std::string& tag = n.Tag();
    if (!tag.empty() && tag != "?" && tag != "!" && !tag.starts_with("tag:yaml.org,2002:"))
      throw ConfigError(fmt::format("{}: the tag `{}` is not supported; expected a plain value",
                                    where(origin, n.Mark()), util::clip(tag)));
    if (n.IsMap()) {
      for (const auto& kv : n) {
        check_tags(kv.first, origin);
        check_tags(kv.second, origin);
      }
    } else if (n.IsSequence()) {
      for (const auto& v : n) check_tags(v, origin);
    }
  }

  void apply_map(HwConfig& cfg, const YAML::Node& map, const std::string& prefix,
                 const std::string& origin, std::set<std::string>& seen) {
    for (const auto& kv : map) {
      const YAML::Node& key = kv.first;
      const YAML::Node& value = kv.second;
      if (!key.IsScalar())
        throw ConfigError(fmt::format("{}: a key is {}; expected a parameter name",
                                      where(origin, key.Mark()), node_kind(key)));
      if (prefix.empty() && (key.Scalar() == "base" || key.Scalar() == "description")) continue;
      const std::string path = prefix.empty() ? key.Scalar() : prefix + "." + key.Scalar();
      const ParamDecl* param = find_param(path);
      if (value.IsMap()) {
        if (param != nullptr)
          throw ConfigError(fmt::format("{}: {}: is a mapping; expected {}",
                                        where(origin, value.Mark()), path, param->expectation()));
        if (!is_group(path)) unknown_key(path, key, origin);
        apply_map(cfg, value, path, origin, seen);
        continue;
      }
      if (param == nullptr) {
        if (is_group(path))
          throw ConfigError(fmt::format(
              "{}: {}: is {} but `{}` is a group; expected a mapping of "
              "its keys ({})",
              where(origin, value.Mark()), path, node_kind(value), path, group_children(path)));
        unknown_key(path, key, origin);
      }
      if (!seen.insert(path).second)
        throw ConfigError(fmt::format("{}: {}: is set twice in this file; expected each key once",
                                      where(origin, key.Mark()), path));
      if (!value.IsScalar())
        // An empty value has no position of its own (yaml-cpp marks the next
        // token), so point at the key.
        throw ConfigError(fmt::format("{}: {}: is {}; expected {}",
                                      where(origin, value.IsNull() ? key.Mark() : value.Mark()),
                                      path, node_kind(value), param->expectation()));
      try {
        set_param(cfg, *param, value.Scalar());
      } catch (const ParamValueError& e) {
        throw ConfigError(
            fmt::format("{}: {}: {}", where(origin, value.Mark()), util::clip(path), e.what()));
      }
    }
  }

  [[noreturn]] static void unknown_key(const std::string& path, const YAML::Node& key,
                                       const std::string& origin) {
    const std::string hint = suggest_param(path);
    throw ConfigError(
        fmt::format("{}: unknown key `{}`; {}", where(origin, key.Mark()), util::clip(path),
                    hint.empty() ? std::string("see `kernbench hw describe` for the parameters")
                                 : fmt::format("did you mean `{}`?", hint)));
  }
};

}  // namespace

HwConfig load_config_file(const std::filesystem::path& path) {
  Loader loader;
  HwConfig cfg = loader.load_file(path);
  validate_config(cfg, path.string());
  return cfg;
}

HwConfig load_config_text(std::string_view yaml, std::string_view origin) {
  Loader loader;
  HwConfig cfg = loader.load_text(yaml, std::string(origin), fs::current_path());
  validate_config(cfg, origin);
  return cfg;
}

HwConfig load_preset(std::string_view name) {
  const auto* p = find_preset(name);
  if (p == nullptr)
    throw ConfigError(fmt::format("unknown preset `{}`; expected one of {}", name, preset_list()));
  Loader loader;
  HwConfig cfg = loader.load_text(p->text, std::string(p->source_path), {});
  validate_config(cfg, p->source_path);
  cfg.name = std::string(p->name);
  return cfg;
}

HwConfig load_hw(std::string_view spec) {
  const fs::path path(spec);
  if (find_preset(spec) != nullptr) {
    if (is_file(path)) throw ambiguous_preset(spec, path, "");
    return load_preset(spec);
  }
  if (!Loader::exists(path, ""))
    throw ConfigError(
        fmt::format("unknown hardware `{}`: expected a preset ({}) or an existing "
                    "YAML file",
                    util::clip(spec), preset_list()));
  return load_config_file(path);
}

void apply_override(HwConfig& cfg, std::string_view assignment) {
  const auto origin = fmt::format("override `{}`", util::clip(assignment));
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos)
    throw ConfigError(fmt::format("{}: expected `path=value` (e.g. `pe.tcm.size=2MiB`)", origin));
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  const std::string_view path = trim(assignment.substr(0, eq));
  const std::string_view value = trim(assignment.substr(eq + 1));
  const ParamDecl* param = find_param(path);
  if (param == nullptr) {
    const std::string hint = suggest_param(path);
    throw ConfigError(
        fmt::format("{}: unknown key `{}`; {}", origin, util::clip(path),
                    hint.empty() ? std::string("see `kernbench hw describe` for the parameters")
                                 : fmt::format("did you mean `{}`?", hint)));
  }
  try {
    set_param(cfg, *param, value);
  } catch (const ParamValueError& e) {
    throw ConfigError(fmt::format("{}: {}: {}", origin, util::clip(path), e.what()));
  }
}

void apply_overrides(HwConfig& cfg, std::span<const std::string> assignments) {
  for (const auto& a : assignments) apply_override(cfg, a);
  if (!assignments.empty()) validate_config(cfg, fmt::format("{} with overrides", cfg.name));
}

std::vector<std::string> preset_names() {
  std::vector<std::string> out;
  for (const auto& p : detail::embedded_presets()) out.emplace_back(p.name);
  return out;
}

std::string_view preset_text(std::string_view name) {
  const auto* p = find_preset(name);
  if (p == nullptr)
    throw ConfigError(fmt::format("unknown preset `{}`; expected one of {}", name, preset_list()));
  return p->text;
}

}  // namespace kernbench::hw
