#include "app/validate_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <set>

#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

using Json = nlohmann::ordered_json;
using data::DType;
using Names = std::initializer_list<const char*>;

/// Reads shape and config keys of one case, remembering which were read so
/// that keys nobody asked for can be refused.
class CaseKeys {
 public:
  explicit CaseKeys(const Measurement& m) : m_(m) {}

  const Measurement& measurement() const { return m_; }

  /// A required whole number >= 1 from the shape.
  std::int64_t shape_int(Names names) { return *integer("shape", m_.shape, names, true); }
  /// An optional whole number >= 1 from the config.
  std::optional<std::int64_t> config_int(Names names) {
    return integer("config", m_.config, names, false);
  }
  /// shape.causal, config.causal or a top-level causal; false when absent.
  bool causal();
  /// Throws for the first shape, config or top-level key nobody read.
  void reject_unread() const;

 private:
  std::optional<std::int64_t> integer(const char* section, const Json& obj, Names names,
                                      bool needed);
  void refuse(const std::string& key, const char* section, const std::vector<std::string>& known,
              const char* hint) const;

  const Measurement& m_;
  std::set<std::string> read_;
  std::vector<std::string> shape_names_, config_names_;
};

std::optional<std::int64_t> CaseKeys::integer(const char* section, const Json& obj, Names names,
                                              bool needed) {
  auto& known = std::string_view(section) == "shape" ? shape_names_ : config_names_;
  const char* found = nullptr;
  for (const char* n : names) {
    known.emplace_back(n);
    if (found == nullptr && obj.contains(n)) found = n;
  }
  const std::string key = fmt::format("{}.{}", section, found ? found : *names.begin());
  std::string expected = "a whole number >= 1";
  if (names.size() > 1) {
    std::vector<std::string> others(names.begin() + 1, names.end());
    expected += fmt::format(" (also accepted as {})", util::join_names(others, " or "));
  }
  if (found == nullptr) {
    if (!needed) return std::nullopt;
    throw MeasurementFileError(
        at_key(m_.where, key, fmt::format("is missing; expected {} for {}", expected, m_.kernel)));
  }
  read_.insert(key);
  const Json& v = obj.at(found);
  const bool integral = v.is_number_integer() ||
                        (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  if (!integral || v.get<double>() < 1)
    throw MeasurementFileError(
        at_key(m_.where, key, fmt::format("is {}; expected {}", v.dump(), expected)));
  return v.get<std::int64_t>();
}

bool CaseKeys::causal() {
  shape_names_.emplace_back("causal");
  config_names_.emplace_back("causal");
  config_names_.emplace_back("STAGE");
  std::optional<bool> value;
  const auto set = [&](const std::string& key, bool b) {
    read_.insert(key);
    if (value && *value != b)
      throw MeasurementFileError(
          at_key(m_.where, key, "contradicts another causal key; expected one value"));
    value = b;
  };
  const std::pair<const char*, const Json*> places[] = {
      {"shape", &m_.shape}, {"config", &m_.config}, {"", &m_.extra}};
  for (const auto& [section, obj] : places) {
    if (!obj->contains("causal")) continue;
    const std::string key = *section ? fmt::format("{}.causal", section) : "causal";
    const Json& v = obj->at("causal");
    const bool ok = v.is_boolean() || (v.is_number_integer() && (v == 0 || v == 1));
    if (!ok)
      throw MeasurementFileError(at_key(
          m_.where, key, fmt::format("is {}; expected true or false (or 1 or 0)", v.dump())));
    set(key, v.is_boolean() ? v.get<bool>() : v.get<int>() == 1);
  }
  // The tutorial's launch constant: STAGE 3 causal, 1 not.
  if (m_.config.contains("STAGE")) {
    const Json& v = m_.config.at("STAGE");
    if (!v.is_number_integer() || (v != 1 && v != 3))
      throw MeasurementFileError(
          at_key(m_.where, "config.STAGE",
                 fmt::format("is {}; expected 1 (non-causal) or 3 (causal), as in the tutorial",
                             v.dump())));
    set("config.STAGE", v == 3);
  }
  return value.value_or(false);
}

void CaseKeys::refuse(const std::string& key, const char* section,
                      const std::vector<std::string>& names, const char* hint) const {
  std::vector<std::string> known;
  for (const auto& n : names)
    if (std::find(known.begin(), known.end(), n) == known.end()) known.push_back(n);
  throw MeasurementFileError(
      at_key(m_.where, key,
             fmt::format("is not understood for {}{}; expected only {} {}{}", m_.kernel,
                         util::did_you_mean_suffix(key.substr(key.find('.') + 1), known), section,
                         known.empty() ? std::string("(none)") : util::join_names(known), hint)));
}

void CaseKeys::reject_unread() const {
  for (const auto& [k, v] : m_.shape.items())
    if (!read_.contains("shape." + k)) refuse("shape." + k, "shape keys", shape_names_, "");
  for (const auto& [k, v] : m_.config.items())
    if (!read_.contains("config." + k))
      refuse("config." + k, "config keys", config_names_,
             " (a key that may change the time is refused rather than ignored)");
  for (const auto& [k, v] : m_.extra.items())
    if (k != "rel_err" && !read_.contains(k))
      throw MeasurementFileError(at_key(
          m_.where, k,
          "is not understood; expected only kernel, shape, dtype, config, grid, bytes, flops, "
          "ms_median_p20_p80 (or ms), rel_err and, for attention, causal"));
}

// ---- dtypes -----------------------------------------------------------------------

/// The dtype string of a case: input, and the accumulator and output when
/// the string names them.
struct DtypeSpec {
  DType in = DType::f32;
  std::optional<DType> acc;
  std::optional<DType> out;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

constexpr const char* kDtypeForms =
    "a form such as \"f16\", \"f16 (f32 math)\", \"f16 (f32 acc)\" or \"f16->f32acc->f16\"";

DType dtype_token(const Measurement& m, std::string_view token) {
  try {
    return data::parse_dtype(trim(token));
  } catch (const data::DTypeError&) {
    throw MeasurementFileError(at_key(m.where, "dtype",
                                      fmt::format("`{}` in \"{}\" is not a dtype; expected {}",
                                                  trim(token), m.dtype, kDtypeForms)));
  }
}

/// The accumulator part: "f32acc", "f32 acc", "f32 math", "f32".
DType accumulator_token(const Measurement& m, std::string_view token) {
  token = trim(token);
  for (const std::string_view suffix : {"math", "acc"})
    if (token.ends_with(suffix)) token.remove_suffix(suffix.size());
  return dtype_token(m, token);
}

DtypeSpec parse_dtype_spec(const Measurement& m) {
  const std::string_view text = trim(m.dtype);
  DtypeSpec d;
  if (const auto arrow = text.find("->"); arrow != std::string_view::npos) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    for (std::size_t a = arrow; a != std::string_view::npos; a = text.find("->", pos)) {
      parts.push_back(text.substr(pos, a - pos));
      pos = a + 2;
    }
    parts.push_back(text.substr(pos));
    if (parts.size() > 3)
      throw MeasurementFileError(at_key(
          m.where, "dtype",
          fmt::format("\"{}\" has more than three parts; expected {}", m.dtype, kDtypeForms)));
    d.in = dtype_token(m, parts.front());
    if (parts.size() == 3) d.acc = accumulator_token(m, parts[1]);
    d.out = dtype_token(m, parts.back());
    return d;
  }
  if (const auto open = text.find('('); open != std::string_view::npos) {
    if (!text.ends_with(")"))
      throw MeasurementFileError(
          at_key(m.where, "dtype",
                 fmt::format("\"{}\" has an unclosed '('; expected {}", m.dtype, kDtypeForms)));
    d.in = dtype_token(m, text.substr(0, open));
    d.acc = accumulator_token(m, text.substr(open + 1, text.size() - open - 2));
    return d;
  }
  d.in = dtype_token(m, text);
  return d;
}

/// The choices a built-in declares for a dtype parameter (empty: unknown).
std::vector<std::string> dtype_choices(const KernelCatalog& kernels, std::string_view kernel,
                                       std::string_view param) {
  if (const KernelEntry* e = kernels.find(kernel))
    for (const KernelParamInfo& p : e->params)
      if (p.name == param) return p.choices;
  return {};
}

/// Refuses `t` unless it is one of `allowed` (what the built-in supports).
void require_dtype(const Measurement& m, DType t, std::string_view role,
                   const std::vector<std::string>& allowed, std::string_view builtin) {
  const std::string name(data::name(t));
  if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return;
  throw MeasurementFileError(at_key(
      m.where, "dtype",
      fmt::format("{} dtype `{}` (in \"{}\") is not supported by the built-in {}; expected {}",
                  role, name, m.dtype, builtin, util::join_names(allowed))));
}

void require_f32_accumulator(const Measurement& m, const DtypeSpec& d, std::string_view builtin) {
  if (d.acc) require_dtype(m, *d.acc, "accumulator", {"f32"}, builtin);
}

// ---- kernels ----------------------------------------------------------------------

bool declares(const KernelCatalog& kernels, std::string_view kernel, std::string_view param) {
  const KernelEntry* e = kernels.find(kernel);
  if (e == nullptr) return true;  // not known here: Kernel::parse decides
  return std::any_of(e->params.begin(), e->params.end(),
                     [&](const KernelParamInfo& p) { return p.name == param; });
}

void add(MappedCase& c, std::string_view name, std::int64_t v) {
  c.params.push_back(fmt::format("{}={}", name, v));
}

void add(MappedCase& c, std::string_view name, std::optional<std::int64_t> v) {
  if (v) add(c, name, *v);
}

void add(MappedCase& c, std::string_view name, DType t) {
  c.params.push_back(fmt::format("{}={}", name, data::name(t)));
}

/// Triton's launch options: config.num_warps and config.num_stages, or
/// Triton's defaults (4 warps, 3 stages) when the file has none, since the
/// measured launch ran with those; passed on when the built-in declares
/// them, else read and dropped.
void launch_options(CaseKeys& k, const KernelCatalog& kernels, MappedCase& c) {
  const std::pair<const char*, std::int64_t> options[] = {{"num_warps", 4}, {"num_stages", 3}};
  for (const auto& [name, triton_default] : options) {
    const std::int64_t v = k.config_int({name}).value_or(triton_default);
    if (declares(kernels, c.kernel, name)) add(c, name, v);
  }
}

/// Input and output in one dtype the built-in's `dtype` parameter declares,
/// f32 arithmetic if an accumulator is named (vector_add, softmax, layer
/// norm, attention: each writes its output in its input dtype).
void require_one_dtype(const Measurement& m, const DtypeSpec& d, const KernelCatalog& kernels,
                       std::string_view builtin) {
  require_dtype(m, d.in, "input", dtype_choices(kernels, builtin, "dtype"), builtin);
  require_f32_accumulator(m, d, builtin);
  if (d.out) require_dtype(m, *d.out, "output", {std::string(data::name(d.in))}, builtin);
}

MappedCase map_vector_add(CaseKeys& k, const DtypeSpec& d, const KernelCatalog& kernels) {
  MappedCase c{"vector_add", {}, false, d.in};
  require_one_dtype(k.measurement(), d, kernels, c.kernel);
  add(c, "n", k.shape_int({"n", "N"}));
  add(c, "dtype", d.in);
  add(c, "BLOCK_SIZE", k.config_int({"BLOCK", "BLOCK_SIZE"}));
  launch_options(k, kernels, c);
  return c;
}

/// The measured softmax is one row per program (grid = M): the built-in's
/// persistent loop with as many programs as rows runs each row once.
MappedCase map_softmax(CaseKeys& k, const DtypeSpec& d, const KernelCatalog& kernels) {
  MappedCase c{"softmax", {}, false, d.in};
  require_one_dtype(k.measurement(), d, kernels, c.kernel);
  const std::int64_t rows = k.shape_int({"m", "M"});
  add(c, "M", rows);
  add(c, "N", k.shape_int({"n", "N"}));
  add(c, "BLOCK_SIZE", k.config_int({"BLOCK", "BLOCK_SIZE"}));
  add(c, "num_programs", rows);
  add(c, "dtype", d.in);
  launch_options(k, kernels, c);
  return c;
}

MappedCase map_matmul(CaseKeys& k, const DtypeSpec& d, const KernelCatalog& kernels) {
  const Measurement& m = k.measurement();
  MappedCase c{"matmul", {}, true, d.in};
  require_dtype(m, d.in, "input", dtype_choices(kernels, c.kernel, "dtype"), c.kernel);
  require_f32_accumulator(m, d, c.kernel);
  if (d.out)
    require_dtype(m, *d.out, "output", dtype_choices(kernels, c.kernel, "c_dtype"), c.kernel);
  add(c, "M", k.shape_int({"M", "m"}));
  add(c, "N", k.shape_int({"N", "n"}));
  add(c, "K", k.shape_int({"K", "k"}));
  add(c, "BLOCK_SIZE_M", k.config_int({"BM", "BLOCK_SIZE_M"}));
  add(c, "BLOCK_SIZE_N", k.config_int({"BN", "BLOCK_SIZE_N"}));
  add(c, "BLOCK_SIZE_K", k.config_int({"BK", "BLOCK_SIZE_K"}));
  add(c, "GROUP_SIZE_M", k.config_int({"GM", "GROUP_SIZE_M"}));
  launch_options(k, kernels, c);
  add(c, "dtype", d.in);
  if (d.out) add(c, "c_dtype", *d.out);
  return c;
}

MappedCase map_layernorm(CaseKeys& k, const DtypeSpec& d, const KernelCatalog& kernels) {
  MappedCase c{"layernorm", {}, false, d.in};
  require_one_dtype(k.measurement(), d, kernels, c.kernel);
  add(c, "M", k.shape_int({"m", "M"}));
  add(c, "N", k.shape_int({"n", "N"}));
  add(c, "dtype", d.in);
  add(c, "BLOCK_SIZE", k.config_int({"BLOCK", "BLOCK_SIZE"}));
  launch_options(k, kernels, c);
  return c;
}

/// The measured attention writes Out only (no M): the built-in with store_m=false.
MappedCase map_attention(CaseKeys& k, const DtypeSpec& d, const KernelCatalog& kernels) {
  MappedCase c{"attention", {}, true, d.in};
  require_one_dtype(k.measurement(), d, kernels, c.kernel);
  add(c, "Z", k.shape_int({"Z", "z"}));
  add(c, "H", k.shape_int({"H", "h"}));
  add(c, "N_CTX", k.shape_int({"N_CTX", "n_ctx"}));
  add(c, "HEAD_DIM", k.shape_int({"D", "HEAD_DIM"}));
  add(c, "BLOCK_M", k.config_int({"BLOCK_M"}));
  add(c, "BLOCK_N", k.config_int({"BLOCK_N"}));
  c.params.push_back(fmt::format("causal={}", k.causal() ? "true" : "false"));
  c.params.emplace_back("store_m=false");
  add(c, "dtype", d.in);
  launch_options(k, kernels, c);
  return c;
}

using MapFn = MappedCase (*)(CaseKeys&, const DtypeSpec&, const KernelCatalog&);

struct Mapper {
  const char* measured;
  MapFn map;
};

constexpr Mapper kMappers[] = {{"attention_fwd", map_attention},
                               {"layernorm_fwd", map_layernorm},
                               {"matmul", map_matmul},
                               {"softmax", map_softmax},
                               {"vector_add", map_vector_add}};

}  // namespace

std::vector<std::string> mappable_kernels() {
  std::vector<std::string> names;
  for (const Mapper& mp : kMappers) names.emplace_back(mp.measured);
  return names;
}

MappedCase map_case(const Measurement& m, const KernelCatalog& kernels) {
  const Mapper* mapper = nullptr;
  for (const Mapper& mp : kMappers)
    if (m.kernel == mp.measured) mapper = &mp;
  if (mapper == nullptr) {
    const std::vector<std::string> names = mappable_kernels();
    throw MeasurementFileError(at_key(
        m.where, "kernel",
        fmt::format("`{}` is not a kernel this command can map{}; expected one of {}", m.kernel,
                    util::did_you_mean_suffix(m.kernel, names), util::join_names(names))));
  }
  const DtypeSpec d = parse_dtype_spec(m);
  CaseKeys keys(m);
  MappedCase c = mapper->map(keys, d, kernels);
  keys.reject_unread();
  return c;
}

}  // namespace kernbench::app
