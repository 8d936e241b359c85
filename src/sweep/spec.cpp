#include "sweep/spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "hw/config/loader.hpp"
#include "hw/config/params.hpp"
#include "hw/config/units.hpp"
#include "util/read_file.hpp"
#include "util/suggest.hpp"

namespace kernbench::sweep {
namespace {

// Reads one YAML document, keeping `origin` for every message.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  Location at(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return {origin_, 0, 0};
    return {origin_, m.line + 1, m.column + 1};
  }

  [[noreturn]] void fail(const YAML::Node& n, std::string_view key, std::string_view what) const {
    throw SpecError(fmt::format("{}: {}: {}", at(n).str(), key, what));
  }

  static std::string_view kind(const YAML::Node& n) {
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

  /// A mapping's keys must be among `allowed`; returns them checked.
  void check_keys(const YAML::Node& map, std::string_view path,
                  std::initializer_list<std::string_view> allowed) const {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const std::vector<std::string_view> names(allowed.begin(), allowed.end());
      const std::string best = util::closest_name(key, names);
      std::string all;
      for (const auto a : allowed) all += (all.empty() ? "" : ", ") + std::string(a);
      const std::string full = path.empty() ? key : fmt::format("{}.{}", path, key);
      fail(kv.first, full,
           best.empty() ? fmt::format("unknown key; expected one of {}", all)
                        : fmt::format("unknown key; did you mean `{}`?", best));
    }
  }

  /// A scalar or a list of scalars, as located texts.
  std::vector<Located> scalars(const YAML::Node& n, std::string_view key,
                               std::string_view expected) const {
    std::vector<Located> out;
    if (n.IsScalar()) return {{n.Scalar(), at(n)}};
    if (!n.IsSequence() || n.size() == 0)
      fail(n, key,
           fmt::format("is {}; expected {} or a non-empty list of them", kind(n), expected));
    for (const auto& v : n) {
      if (!v.IsScalar()) fail(v, key, fmt::format("has {}; expected {}", kind(v), expected));
      out.push_back({v.Scalar(), at(v)});
    }
    return out;
  }

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
};

std::vector<Axis> read_axes(const Reader& r, const YAML::Node& map, const std::string& path) {
  if (!map.IsMap())
    r.fail(map, path,
           fmt::format("is {}; expected a mapping of keys to "
                       "values or lists of values",
                       Reader::kind(map)));
  std::vector<Axis> axes;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    const std::string full = fmt::format("{}.{}", path, key);
    for (const Axis& a : axes)
      if (a.key == key) r.fail(kv.first, full, "is given twice; expected each key once");
    axes.push_back({key, r.at(kv.first), r.scalars(kv.second, full, "a value")});
  }
  return axes;
}

std::vector<ZipGroup> read_zips(const Reader& r, const YAML::Node& n, const std::string& path,
                                const std::vector<Axis>& axes) {
  std::vector<ZipGroup> zips;
  if (!n) return zips;
  const std::string key = path + ".zip";
  if (!n.IsSequence()) r.fail(n, key, "expected a list of key lists, e.g. [[M, K]]");
  std::set<std::string> used;
  for (const auto& g : n) {
    ZipGroup group{{}, r.at(g)};
    for (const Located& k : r.scalars(g, key, "a key list such as [M, K]")) {
      const auto axis =
          std::find_if(axes.begin(), axes.end(), [&](const Axis& a) { return a.key == k.text; });
      if (axis == axes.end())
        throw SpecError(
            fmt::format("{}: {}: `{}` is not a key of {}; expected one of its "
                        "swept keys",
                        k.at.str(), key, k.text, path));
      if (!used.insert(k.text).second)
        throw SpecError(
            fmt::format("{}: {}: `{}` is in two zip groups; expected each key in "
                        "one group at most",
                        k.at.str(), key, k.text));
      const auto& first = *std::find_if(axes.begin(), axes.end(), [&](const Axis& a) {
        return a.key == (group.keys.empty() ? k.text : group.keys.front());
      });
      if (axis->values.size() != first.values.size())
        throw SpecError(fmt::format(
            "{}: {}: `{}` has {} values and `{}` has {}; expected lists "
            "of one length to zip",
            k.at.str(), key, k.text, axis->values.size(), first.key, first.values.size()));
      group.keys.push_back(k.text);
    }
    zips.push_back(std::move(group));
  }
  return zips;
}

KernelBlock read_kernel(const Reader& r, const YAML::Node& n, std::size_t i) {
  KernelBlock b;
  b.path = fmt::format("kernels[{}]", i);
  if (!n.IsMap())
    r.fail(n, b.path,
           fmt::format("is {}; expected a mapping with `kernel:` and "
                       "`params:`",
                       Reader::kind(n)));
  r.check_keys(n, b.path, {"kernel", "params", "zip"});
  if (!n["kernel"] || !n["kernel"].IsScalar())
    r.fail(n, b.path + ".kernel", "is missing; expected a kernel name (see `kernbench list`)");
  b.kernel = {n["kernel"].Scalar(), r.at(n["kernel"])};
  if (n["params"]) b.params = read_axes(r, n["params"], b.path + ".params");
  b.zips = read_zips(r, n["zip"], b.path, b.params);
  return b;
}

// Hardware values are parsed like `--set`, then written back canonically.
void canonicalise_set(Axis& axis) {
  const std::string key = "hw.set." + axis.key;
  const hw::ParamDecl* decl = hw::find_param(axis.key);
  if (decl == nullptr) {
    const std::string hint = hw::suggest_param(axis.key);
    throw SpecError(fmt::format(
        "{}: {}: unknown hardware parameter; {}", axis.at.str(), key,
        hint.empty() ? "see `kernbench hw describe`" : fmt::format("did you mean `{}`?", hint)));
  }
  hw::HwConfig scratch = hw::default_hw_config();
  for (Located& v : axis.values) {
    try {
      hw::set_param(scratch, *decl, v.text);
    } catch (const std::runtime_error& e) {
      throw SpecError(fmt::format("{}: {}: `{}`: {}", v.at.str(), key, v.text, e.what()));
    }
    v.text = hw::get_param(scratch, *decl);
  }
}

HwBlock read_hw(const Reader& r, const YAML::Node& n) {
  HwBlock b;
  if (!n) {
    b.bases.push_back({"npu-default", {r.origin(), 0, 0}});
    return b;
  }
  if (!n.IsMap())
    r.fail(n, "hw",
           fmt::format("is {}; expected a mapping with `base:` and "
                       "`set:`",
                       Reader::kind(n)));
  r.check_keys(n, "hw", {"base", "set", "zip"});
  if (n["base"])
    b.bases = r.scalars(n["base"], "hw.base", "a preset name or a YAML file");
  else
    b.bases.push_back({"npu-default", r.at(n)});
  if (n["set"]) b.sets = read_axes(r, n["set"], "hw.set");
  for (Axis& a : b.sets) canonicalise_set(a);
  b.zips = read_zips(r, n["zip"], "hw", b.sets);
  return b;
}

std::uint64_t read_seed(const Located& v) {
  std::uint64_t s = 0;
  const auto [ptr, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), s);
  if (v.text.empty() || ec != std::errc{} || ptr != v.text.data() + v.text.size())
    throw SpecError(fmt::format("{}: seeds: `{}` is not a whole number; expected digits only",
                                v.at.str(), v.text));
  return s;
}

Limits read_limits(const Reader& r, const YAML::Node& n) {
  Limits l;
  if (!n) return l;
  if (!n.IsMap()) r.fail(n, "limits", "expected a mapping such as {time: 60s, memory: 2GiB}");
  r.check_keys(n, "limits", {"time", "memory"});
  try {
    if (n["time"]) {
      const auto ps = hw::Duration::parse(n["time"].Scalar()).in_ps();
      if (ps == 0) throw hw::UnitError("a limit of 0 would fail every point");
      l.time_seconds = static_cast<double>(ps) * 1e-12;
    }
  } catch (const std::runtime_error& e) {
    r.fail(n["time"], "limits.time", fmt::format("{}; expected a duration such as 60 s", e.what()));
  }
  try {
    if (n["memory"]) l.memory_bytes = hw::ByteSize::parse(n["memory"].Scalar()).in_bytes();
  } catch (const std::runtime_error& e) {
    r.fail(n["memory"], "limits.memory",
           fmt::format("{}; expected a byte size such as 2 GiB", e.what()));
  }
  return l;
}

std::vector<std::string> swept_keys(const SweepSpec& s) {
  std::vector<std::string> keys;
  auto add = [&](const std::vector<Axis>& axes) {
    for (const Axis& a : axes)
      if (std::find(keys.begin(), keys.end(), a.key) == keys.end()) keys.push_back(a.key);
  };
  for (const KernelBlock& k : s.kernels) add(k.params);
  add(s.hw.sets);
  return keys;
}

std::vector<Filter> read_where(const Reader& r, const YAML::Node& n, const SweepSpec& s) {
  std::vector<Filter> out;
  if (!n) return out;
  const std::vector<std::string> keys = swept_keys(s);
  for (const Located& v : r.scalars(n, "where", "a condition such as \"BLOCK_SIZE_M <= M\"")) {
    Condition c;
    try {
      c = Condition::parse(v.text);
    } catch (const ConditionError& e) {
      throw SpecError(fmt::format("{}: where: `{}`: {}", v.at.str(), v.text, e.what()));
    }
    for (const std::string& name : c.names())
      if (std::find(keys.begin(), keys.end(), name) == keys.end())
        throw SpecError(fmt::format("{}: where: `{}` is not a swept key; expected one of {}",
                                    v.at.str(), name, fmt::join(keys, ", ")));
    out.push_back({std::move(c), v.at});
  }
  return out;
}

SweepSpec read_spec(const Reader& r, const YAML::Node& root) {
  if (!root.IsMap())
    r.fail(
        root, "spec",
        fmt::format("the document is {}; expected a mapping with `kernels:`", Reader::kind(root)));
  r.check_keys(root, "", {"name", "mode", "seeds", "kernels", "hw", "where", "limits"});
  SweepSpec s;
  if (root["name"]) s.name = root["name"].Scalar();
  const YAML::Node modes = root["mode"];
  for (const Located& m : modes ? r.scalars(modes, "mode", "data, timing or sampled")
                                : std::vector<Located>{{"timing", {}}}) {
    if (m.text != "data" && m.text != "timing" && m.text != "sampled")
      throw SpecError(fmt::format(
          "{}: mode: `{}` is not a mode; expected data, timing or sampled (timing-only, large "
          "grids sampled)",
          m.at.str(), m.text));
    s.modes.push_back(m.text);
  }
  const YAML::Node seeds = root["seeds"];
  if (!seeds)
    s.seeds.push_back(0);
  else
    for (const Located& v : r.scalars(seeds, "seeds", "a whole number"))
      s.seeds.push_back(read_seed(v));
  const YAML::Node kernels = root["kernels"];
  if (!kernels || !kernels.IsSequence() || kernels.size() == 0)
    r.fail(kernels ? kernels : root, "kernels",
           "is missing or empty; expected a list of {kernel: NAME, params: {...}}");
  for (std::size_t i = 0; i < kernels.size(); ++i)
    s.kernels.push_back(read_kernel(r, kernels[i], i));
  s.hw = read_hw(r, root["hw"]);
  s.where = read_where(r, root["where"], s);
  s.limits = read_limits(r, root["limits"]);
  return s;
}

}  // namespace

std::string Location::str() const {
  if (line == 0) return origin;
  return fmt::format("{}:{}:{}", origin, line, column);
}

SweepSpec load_spec_text(std::string_view yaml, std::string_view origin,
                         const std::filesystem::path& dir) {
  const Reader r{std::string(origin)};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    const Location at = e.mark.is_null() ? Location{r.origin(), 0, 0}
                                         : Location{r.origin(), e.mark.line + 1, e.mark.column + 1};
    throw SpecError(fmt::format("{}: YAML syntax error: {}", at.str(), e.msg));
  }
  SweepSpec s = read_spec(r, root);
  s.origin = std::string(origin);
  s.dir = dir;
  return s;
}

SweepSpec load_spec_file(const std::filesystem::path& path) {
  // Only a regular file of bounded size (ADR 0047).
  std::string text;
  try {
    text = util::read_regular_file(path, 16ull << 20, "sweep spec");
  } catch (const util::InputFileError& e) {
    throw SpecError(e.what());
  }
  return load_spec_text(text, path.string(), path.parent_path());
}

}  // namespace kernbench::sweep
