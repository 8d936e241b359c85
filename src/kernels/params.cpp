#include "kernels/params.hpp"

#include <charconv>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "util/clip.hpp"
#include "util/suggest.hpp"

namespace kernbench::kernels {

std::string_view name(ParamKind k) {
  switch (k) {
    case ParamKind::integer:
      return "int";
    case ParamKind::boolean:
      return "bool";
    case ParamKind::dtype:
      return "dtype";
    case ParamKind::string:
      return "string";
  }
  return "?";
}

std::string to_string(const ParamValue& v) {
  struct Visit {
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(data::DType t) const { return std::string(data::name(t)); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visit{}, v);
}

ParamSpec int_param(std::string name, std::int64_t def, std::string description, std::int64_t min) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::integer;
  s.default_value = [def](const ParamValues&) { return ParamValue(def); };
  s.default_text = std::to_string(def);
  s.description = std::move(description);
  s.min = min;
  return s;
}

ParamSpec derived_int_param(std::string name, std::string default_text,
                            std::function<std::int64_t(const ParamValues&)> def,
                            std::string description, std::int64_t min) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::integer;
  s.default_value = [def = std::move(def)](const ParamValues& p) { return ParamValue(def(p)); };
  s.default_text = std::move(default_text);
  s.description = std::move(description);
  s.min = min;
  return s;
}

ParamSpec bool_param(std::string name, bool def, std::string description) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::boolean;
  s.default_value = [def](const ParamValues&) { return ParamValue(def); };
  s.default_text = def ? "true" : "false";
  s.description = std::move(description);
  return s;
}

ParamSpec dtype_param(std::string name, data::DType def, std::vector<std::string> choices,
                      std::string description) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::dtype;
  s.default_value = [def](const ParamValues&) { return ParamValue(def); };
  s.default_text = std::string(data::name(def));
  s.description = std::move(description);
  s.choices = std::move(choices);
  return s;
}

ParamSpec string_param(std::string name, std::string def, std::vector<std::string> choices,
                       std::string description) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::string;
  s.default_text = def;
  s.default_value = [def = std::move(def)](const ParamValues&) { return ParamValue(def); };
  s.description = std::move(description);
  s.choices = std::move(choices);
  return s;
}

ParamSpec unused_int_param(std::string name, std::int64_t def, std::string description) {
  ParamSpec s = int_param(std::move(name), def, std::move(description));
  s.used = false;
  return s;
}

// ---- ParamValues -------------------------------------------------------------

const ParamValues::Entry* ParamValues::find(std::string_view name) const {
  for (const Entry& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const ParamValues::Entry& ParamValues::at(std::string_view name, const char* kind) const {
  const Entry* e = find(name);
  if (e == nullptr) {
    throw std::logic_error(fmt::format("kernel parameter '{}' ({}) is not declared", name, kind));
  }
  return *e;
}

namespace {
template <class T>
const T& get(const ParamValues::Entry& e, const char* kind) {
  if (const T* v = std::get_if<T>(&e.value)) return *v;
  throw std::logic_error(fmt::format("kernel parameter '{}' is not of kind {}", e.name, kind));
}
}  // namespace

std::int64_t ParamValues::integer(std::string_view name) const {
  return get<std::int64_t>(at(name, "int"), "int");
}
bool ParamValues::boolean(std::string_view name) const {
  return get<bool>(at(name, "bool"), "bool");
}
data::DType ParamValues::dtype(std::string_view name) const {
  return get<data::DType>(at(name, "dtype"), "dtype");
}
const std::string& ParamValues::string(std::string_view name) const {
  return get<std::string>(at(name, "string"), "string");
}
bool ParamValues::given(std::string_view name) const {
  return at(name, "any").given;
}

std::string ParamValues::to_string() const {
  std::string out;
  for (const Entry& e : entries_) {
    if (!out.empty()) out += ' ';
    out += e.name + "=" + kernels::to_string(e.value);
  }
  return out;
}

// ---- parsing -----------------------------------------------------------------

namespace {

ParamValue parse_value(std::string_view kernel, const ParamSpec& spec, std::string_view text) {
  const auto choices_text = [&] { return util::join_names(spec.choices); };
  switch (spec.kind) {
    case ParamKind::integer: {
      std::int64_t v = 0;
      const char* end = text.data() + text.size();
      const auto [p, ec] = std::from_chars(text.data(), end, v);
      if (text.empty() || ec != std::errc() || p != end) {
        throw ParamError(fmt::format("kernel '{}': parameter '{}' expects an integer, got '{}'",
                                     kernel, spec.name, util::clip(text)));
      }
      if (v < spec.min) {
        throw ParamError(fmt::format("kernel '{}': parameter '{}' must be >= {}, got {}", kernel,
                                     spec.name, spec.min, v));
      }
      if (v > spec.max) {
        throw ParamError(fmt::format("kernel '{}': parameter '{}' must be <= {}, got {}", kernel,
                                     spec.name, spec.max, v));
      }
      return v;
    }
    case ParamKind::boolean:
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
      throw ParamError(
          fmt::format("kernel '{}': parameter '{}' expects a boolean (true, false, 1, 0), got '{}'",
                      kernel, spec.name, util::clip(text)));
    case ParamKind::dtype: {
      data::DType t{};
      bool ok = true;
      try {
        t = data::parse_dtype(text);
      } catch (const std::exception&) {
        ok = false;
      }
      bool allowed = spec.choices.empty();
      for (const std::string& c : spec.choices) allowed = allowed || (ok && c == data::name(t));
      if (!ok || !allowed) {
        throw ParamError(fmt::format("kernel '{}': parameter '{}' expects a dtype ({}), got '{}'",
                                     kernel, spec.name, choices_text(), util::clip(text)));
      }
      return t;
    }
    case ParamKind::string: {
      bool allowed = spec.choices.empty();
      for (const std::string& c : spec.choices) allowed = allowed || c == text;
      if (!allowed) {
        throw ParamError(fmt::format("kernel '{}': parameter '{}' expects one of {}, got '{}'",
                                     kernel, spec.name, choices_text(), util::clip(text)));
      }
      return std::string(text);
    }
  }
  throw std::logic_error("parse_value: unknown parameter kind");
}

}  // namespace

ParamValues parse_params(std::string_view kernel, std::span<const ParamSpec> specs,
                         std::span<const std::string> assignments) {
  std::vector<std::string> names;
  for (const ParamSpec& s : specs) names.push_back(s.name);

  std::vector<std::optional<ParamValue>> given(specs.size());
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ParamError(fmt::format("kernel '{}': parameter '{}' must be written name=value", kernel,
                                   util::clip(a)));
    }
    const std::string_view key = std::string_view(a).substr(0, eq);
    const std::string_view text = std::string_view(a).substr(eq + 1);
    std::size_t i = 0;
    while (i < specs.size() && specs[i].name != key) ++i;
    if (i == specs.size()) {
      throw ParamError(fmt::format("kernel '{}': unknown parameter '{}'{}; its parameters are {}",
                                   kernel, util::clip(key), util::did_you_mean_suffix(key, names),
                                   util::join_names(names)));
    }
    if (given[i]) {
      throw ParamError(fmt::format("kernel '{}': parameter '{}' is given twice", kernel, key));
    }
    given[i] = parse_value(kernel, specs[i], text);
  }

  ParamValues out;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& s = specs[i];
    ParamValues::Entry e;
    e.name = s.name;
    e.used = s.used;
    e.given = given[i].has_value();
    if (e.given) {
      e.value = std::move(*given[i]);
    } else {
      // A derived default is checked like a user value, so a rule that
      // yields nonsense (BLOCK_SIZE of 0) is reported, not run.
      e.value = s.default_value(out);
      if (s.kind == ParamKind::integer && std::get<std::int64_t>(e.value) < s.min) {
        throw ParamError(fmt::format(
            "kernel '{}': parameter '{}' defaults to {} = {}, which is below its minimum {}",
            kernel, s.name, s.default_text, std::get<std::int64_t>(e.value), s.min));
      }
      if (s.kind == ParamKind::integer && std::get<std::int64_t>(e.value) > s.max) {
        throw ParamError(fmt::format(
            "kernel '{}': parameter '{}' defaults to {} = {}, which is above its maximum {}",
            kernel, s.name, s.default_text, std::get<std::int64_t>(e.value), s.max));
      }
    }
    out.add(std::move(e));
  }
  return out;
}

}  // namespace kernbench::kernels
