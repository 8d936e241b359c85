#include "app/validate_cases.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/read_file.hpp"

namespace kernbench::app {
namespace {

using Json = nlohmann::ordered_json;

/// "a string (\"abc\")", "an array", ... for messages.
std::string kind_of(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return fmt::format("a boolean ({})", v.dump());
    case Json::value_t::string:
      return fmt::format("a string ({})", v.dump());
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return fmt::format("the number {}", v.dump());
    default:
      return "not a JSON value";
  }
}

[[noreturn]] void fail(const SourceLine& where, std::string_view key, const Json& got,
                       std::string_view expected) {
  throw MeasurementFileError(
      at_key(where, key, fmt::format("is {}; expected {}", kind_of(got), expected)));
}

const Json& required(const Json& obj, const SourceLine& where, const char* key,
                     std::string_view expected) {
  const auto it = obj.find(key);
  if (it == obj.end())
    throw MeasurementFileError(
        at_key(where, key, fmt::format("is missing; expected {}", expected)));
  return *it;
}

double non_negative(const Json& obj, const SourceLine& where, const char* key) {
  const Json& v = required(obj, where, key, "a number >= 0");
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
    fail(where, key, v, "a number >= 0");
  return v.get<double>();
}

bool positive_time(const Json& v) {
  return v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() > 0;
}

/// ms_median_p20_p80 ([median, p20, p80] in ms), or the producer's raw `ms`
/// (the same array, or one number).
void read_times(const Json& obj, const SourceLine& where, Measurement& m) {
  const char* key =
      obj.contains("ms_median_p20_p80") || !obj.contains("ms") ? "ms_median_p20_p80" : "ms";
  const char* expected = "[median, p20, p80] in ms, three numbers > 0";
  const Json& t = required(obj, where, key, expected);
  if (positive_time(t)) {
    m.median_s = m.p20_s = m.p80_s = t.get<double>() * 1e-3;
    return;
  }
  if (!t.is_array() || t.size() != 3) fail(where, key, t, expected);
  for (const Json& e : t)
    if (!positive_time(e)) fail(where, key, t, expected);
  m.median_s = t[0].get<double>() * 1e-3;
  m.p20_s = t[1].get<double>() * 1e-3;
  m.p80_s = t[2].get<double>() * 1e-3;
}

std::vector<std::int64_t> read_grid(const Json& obj, const SourceLine& where) {
  const auto it = obj.find("grid");
  if (it == obj.end()) return {};
  const char* expected = "an array of 1 to 3 integers >= 1";
  if (!it->is_array() || it->empty() || it->size() > 3) fail(where, "grid", *it, expected);
  std::vector<std::int64_t> grid;
  for (const Json& e : *it) {
    if (!e.is_number_integer() || e.get<std::int64_t>() < 1) fail(where, "grid", *it, expected);
    grid.push_back(e.get<std::int64_t>());
  }
  return grid;
}

Json object_or_empty(const Json& obj, const SourceLine& where, const char* key, bool required_key) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required_key) required(obj, where, key, "an object");
    return Json::object();
  }
  if (!it->is_object()) fail(where, key, *it, "an object");
  return *it;
}

Measurement read_record(const Json& obj, const SourceLine& where) {
  Measurement m;
  m.where = where;
  m.shape = object_or_empty(obj, where, "shape", true);
  m.config = object_or_empty(obj, where, "config", false);
  const Json& dtype = required(obj, where, "dtype", "a string such as \"f16\"");
  if (!dtype.is_string()) fail(where, "dtype", dtype, "a string such as \"f16\"");
  m.dtype = dtype.get<std::string>();
  m.grid = read_grid(obj, where);
  m.bytes = non_negative(obj, where, "bytes");
  m.flops = non_negative(obj, where, "flops");
  read_times(obj, where, m);
  for (const auto& [key, value] : obj.items()) {
    static constexpr std::string_view kRead[] = {
        "kernel", "shape", "config", "dtype", "grid", "bytes", "flops", "ms_median_p20_p80", "ms"};
    bool known = false;
    for (const std::string_view k : kRead) known = known || key == k;
    if (!known) m.extra[key] = value;
  }
  return m;
}

/// One non-blank line: a case, a skipped note, or an error.
void parse_line(std::string_view line, const SourceLine& where, MeasurementFile& out) {
  Json obj;
  try {
    obj = Json::parse(line);
  } catch (const Json::exception& e) {
    // nlohmann's text starts with "[json.exception.parse_error.101] parse
    // error at line 1, column 5: ..."; keep what follows the column. A
    // number too large for a double ("1e999999") is an out_of_range error,
    // not a parse_error: "[json.exception.out_of_range.406] number overflow
    // parsing '1e999999'"; keep what follows the bracket.
    std::string what = e.what();
    const auto column = what.find("column");
    const auto colon = column == std::string::npos ? what.find("] ") : what.find(": ", column);
    if (colon != std::string::npos) what = what.substr(colon + 2);
    throw MeasurementFileError(at_key(
        where, "", fmt::format("not valid JSON ({}); expected one JSON object per line", what)));
  }
  if (!obj.is_object())
    throw MeasurementFileError(
        at_key(where, "", fmt::format("is {}; expected one JSON object per line", kind_of(obj))));
  const Json& kernel = required(obj, where, "kernel", "a kernel name such as \"matmul\"");
  if (!kernel.is_string() || kernel.get<std::string>().empty())
    fail(where, "kernel", kernel, "a kernel name such as \"matmul\"");
  const std::string name = kernel.get<std::string>();
  if (name.front() == '_') {
    out.skipped.push_back(fmt::format("{}: `{}` record", where.str(), name));
    return;
  }
  Measurement m = read_record(obj, where);
  m.kernel = name;
  out.cases.push_back(std::move(m));
}

}  // namespace

std::string SourceLine::str() const {
  return fmt::format("{}:{}", file, line);
}

std::string at_key(const SourceLine& where, std::string_view key, std::string_view what) {
  if (key.empty()) return fmt::format("{}: {}", where.str(), what);
  return fmt::format("{}: key `{}`: {}", where.str(), key, what);
}

MeasurementFile parse_measurements(std::string_view text, const std::string& file) {
  MeasurementFile out;
  out.file = file;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    parse_line(line, SourceLine{file, line_no}, out);
  }
  if (out.cases.empty())
    throw MeasurementFileError(fmt::format(
        "{}: no measured cases ({} line(s), {} skipped record(s)); expected JSON Lines with "
        "\"kernel\", \"shape\", \"dtype\", \"bytes\", \"flops\" and \"ms_median_p20_p80\"",
        file, line_no, out.skipped.size()));
  return out;
}

MeasurementFile read_measurements(const std::string& path) {
  std::string text;
  try {
    text = util::read_regular_file(path, kMaxMeasurementFileBytes, "measurement file");
  } catch (const util::InputFileError& e) {
    throw MeasurementFileError(e.what());
  }
  return parse_measurements(text, path);
}

}  // namespace kernbench::app
