#include "cmdlist/entry.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "cmdlist/parse.hpp"

namespace kernbench::cmdlist::detail {

void Entry::fail(const std::string& field, const std::string& message) const {
  throw CommandListError(
      fmt::format("{}: field `{}{}`: {}", at_.to_string(), prefix_, field, message));
}

const nlohmann::json& Entry::get(const std::string& field) const {
  const auto it = v_.find(field);
  if (it == v_.end()) fail(field, "missing (required)");
  return *it;
}

std::string Entry::str(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_string() || j.get<std::string>().empty()) fail(field, "expected a non-empty string");
  return j.get<std::string>();
}

std::optional<std::string> Entry::opt_str(const std::string& field) const {
  if (!has(field)) return std::nullopt;
  return str(field);
}

std::string Entry::text(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_string()) fail(field, "expected a string");
  return j.get<std::string>();
}

Entry Entry::child(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_object()) fail(field, "expected an object");
  return Entry(j, at_, prefix_ + field + ".");
}

std::vector<Entry> Entry::children(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_array()) fail(field, "expected a list of objects");
  std::vector<Entry> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_object()) fail(field, "expected a list of objects");
    out.emplace_back(j[i], at_, fmt::format("{}{}[{}].", prefix_, field, i));
  }
  return out;
}

std::vector<std::string> Entry::strs(const std::string& field) const {
  const auto& j = get(field);
  std::vector<std::string> out;
  if (!j.is_array()) fail(field, "expected a list of strings");
  for (const auto& e : j) {
    if (!e.is_string()) fail(field, "expected a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<std::int64_t> Entry::opt_integer(const std::string& field, std::int64_t min,
                                               std::int64_t max) const {
  if (get(field).is_null()) return std::nullopt;
  const std::int64_t v = integer(field, min);
  if (v > max) fail(field, fmt::format("expected a whole number from {} to {}", min, max));
  return v;
}

std::int64_t Entry::integer(const std::string& field, std::int64_t min) const {
  const auto& j = get(field);
  if (!j.is_number_integer() ||
      (j.is_number_unsigned() &&
       j.get<std::uint64_t>() >
           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
    fail(field, fmt::format("expected a whole number >= {}", min));
  }
  const std::int64_t v = j.get<std::int64_t>();
  if (v < min) fail(field, fmt::format("expected a whole number >= {}, got {}", min, v));
  return v;
}

std::uint64_t Entry::uinteger(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
    fail(field, "expected a whole number >= 0");
  }
  return j.get<std::uint64_t>();
}

std::optional<std::uint64_t> Entry::opt_uinteger(const std::string& field) const {
  if (!has(field) || get(field).is_null()) return std::nullopt;
  return uinteger(field);
}

double Entry::number(const std::string& field) const {
  const auto& j = get(field);
  if (!j.is_number() || !std::isfinite(j.get<double>())) fail(field, "expected a finite number");
  return j.get<double>();
}

bool Entry::boolean(const std::string& field, bool def) const {
  if (!has(field)) return def;
  const auto& j = get(field);
  if (!j.is_boolean()) fail(field, "expected true or false");
  return j.get<bool>();
}

data::DType Entry::dtype(const std::string& field) const {
  const std::string s = str(field);
  try {
    return data::parse_dtype(s);
  } catch (const std::exception& e) {
    fail(field, e.what());
  }
}

std::vector<std::int64_t> Entry::ints(const std::string& field) const {
  const auto& j = get(field);
  std::vector<std::int64_t> out;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (!e.is_number_integer()) {
        out.clear();
        break;
      }
      out.push_back(e.get<std::int64_t>());
    }
    if (out.size() == j.size()) return out;
  }
  fail(field, "expected a list of whole numbers");
}

std::vector<std::uint64_t> Entry::uints(const std::string& field) const {
  std::vector<std::uint64_t> out;
  for (const std::int64_t v : ints(field)) {
    if (v < 0) fail(field, "expected a list of whole numbers >= 0");
    out.push_back(static_cast<std::uint64_t>(v));
  }
  return out;
}

data::Shape Entry::shape(const std::string& field) const {
  const std::vector<std::int64_t> dims = ints(field);
  if (dims.empty() || dims.size() > static_cast<std::size_t>(data::Shape::kMaxRank)) {
    fail(field,
         fmt::format("expected 1 to {} dimensions, got {}", data::Shape::kMaxRank, dims.size()));
  }
  for (const std::int64_t d : dims) {
    if (d < 1) fail(field, "expected a list of whole numbers >= 1");
  }
  try {
    return data::Shape(std::span<const std::int64_t>(dims));
  } catch (const std::exception& e) {
    fail(field, e.what());
  }
}

void Entry::only(const std::vector<std::string>& known) const {
  for (const auto& [key, value] : v_.items()) {
    bool ok = false;
    for (const std::string& k : known) ok |= key == k;
    if (ok) continue;
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(key, fmt::format("unknown field for kind `{}`; expected one of {}",
                          v_.value("kind", std::string("?")), list));
  }
}

}  // namespace kernbench::cmdlist::detail
