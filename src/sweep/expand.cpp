#include "sweep/expand.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "hw/config/loader.hpp"
#include "hw/config/params.hpp"
#include "hw/config/units.hpp"

namespace kernbench::sweep {
namespace {

// Axes that move together; a lone axis is a factor of one.
using Factor = std::vector<const Axis*>;

std::vector<Factor> factors(const std::vector<Axis>& axes, const std::vector<ZipGroup>& zips) {
  std::vector<Factor> out;
  std::set<std::string> zipped;
  for (const Axis& a : axes) {
    if (zipped.count(a.key)) continue;
    const auto z = std::find_if(zips.begin(), zips.end(), [&](const ZipGroup& g) {
      return std::find(g.keys.begin(), g.keys.end(), a.key) != g.keys.end();
    });
    if (z == zips.end()) {
      out.push_back({&a});
      continue;
    }
    Factor f;
    for (const std::string& k : z->keys) {
      zipped.insert(k);
      f.push_back(
          &*std::find_if(axes.begin(), axes.end(), [&](const Axis& x) { return x.key == k; }));
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Every combination, first factor slowest; each sorted by key.
std::vector<KeyValues> combinations(const std::vector<Axis>& axes,
                                    const std::vector<ZipGroup>& zips) {
  const std::vector<Factor> fs = factors(axes, zips);
  std::vector<KeyValues> out{{}};
  for (const Factor& f : fs) {
    std::vector<KeyValues> next;
    for (const KeyValues& prefix : out)
      for (std::size_t i = 0; i < f.front()->values.size(); ++i) {
        KeyValues kv = prefix;
        for (const Axis* a : f) kv.emplace_back(a->key, a->values[i].text);
        next.push_back(std::move(kv));
      }
    out = std::move(next);
  }
  for (KeyValues& kv : out) std::sort(kv.begin(), kv.end());
  return out;
}

bool kept(const SweepSpec& spec, const Point& p) {
  const Condition::Lookup value = [&](std::string_view k) { return numeric_value(p, k); };
  return std::all_of(spec.where.begin(), spec.where.end(),
                     [&](const Filter& f) { return f.condition.holds(value); });
}

const std::string* find_value(const KeyValues& kv, std::string_view key) {
  for (const auto& [k, v] : kv)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

std::vector<Point> expand(const SweepSpec& spec) {
  std::vector<Point> out;
  std::set<std::string> ids;
  const std::vector<KeyValues> set_combos = combinations(spec.hw.sets, spec.hw.zips);
  for (const KernelBlock& k : spec.kernels)
    for (const KeyValues& params : combinations(k.params, k.zips))
      for (const Located& base : spec.hw.bases)
        for (const KeyValues& sets : set_combos)
          for (const std::string& mode : spec.modes)
            for (const std::uint64_t seed : spec.seeds) {
              Point p{k.kernel.text, params, base.text, resolve_hw_base(spec, base.text),
                      sets,          mode,   seed};
              if (kept(spec, p) && ids.insert(p.id()).second) out.push_back(std::move(p));
            }
  return out;
}

std::string resolve_hw_base(const SweepSpec& spec, const std::string& base) {
  const std::vector<std::string> presets = hw::preset_names();
  if (std::find(presets.begin(), presets.end(), base) != presets.end()) return base;
  const std::filesystem::path p(base);
  return p.is_absolute() || spec.dir.empty() ? base : (spec.dir / p).string();
}

std::optional<double> hw_numeric(std::string_view path, std::string_view text) {
  const hw::ParamDecl* decl = hw::find_param(path);
  if (decl == nullptr) return std::nullopt;
  try {
    switch (decl->type()) {
      case hw::ParamType::byte_size:
        return static_cast<double>(hw::ByteSize::parse(text).in_bytes());
      case hw::ParamType::frequency:
        return static_cast<double>(hw::Frequency::parse(text).in_hz());
      case hw::ParamType::duration:
        return static_cast<double>(hw::Duration::parse(text).in_ps());
      case hw::ParamType::bandwidth:
        return static_cast<double>(hw::Bandwidth::parse(text).in_bytes_per_second());
      case hw::ParamType::boolean:
        return text == "true" ? 1.0 : 0.0;
      case hw::ParamType::enumeration:
        return std::nullopt;
      default: {
        double v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{}) return std::nullopt;
        return v;
      }
    }
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

std::optional<double> numeric_value(const Point& point, std::string_view key) {
  if (const std::string* s = find_value(point.sets, key)) return hw_numeric(key, *s);
  const std::string* v = find_value(point.params, key);
  if (v == nullptr) return std::nullopt;
  if (*v == "true") return 1.0;
  if (*v == "false") return 0.0;
  double d = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  if (ec != std::errc{} || ptr != v->data() + v->size()) return std::nullopt;
  return d;
}

}  // namespace kernbench::sweep
