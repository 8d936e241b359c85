#include "trace/stats.hpp"

#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kernbench::trace {

std::string_view to_string(StatUnit unit) noexcept {
  switch (unit) {
    case StatUnit::none:
      return "-";
    case StatUnit::ps:
      return "ps";
    case StatUnit::bytes:
      return "bytes";
    case StatUnit::commands:
      return "commands";
    case StatUnit::transactions:
      return "transactions";
    case StatUnit::flop:
      return "flop";
    case StatUnit::events:
      return "events";
    case StatUnit::ratio:
      return "ratio";
    case StatUnit::percent:
      return "%";
    case StatUnit::bytes_per_second:
      return "B/s";
    case StatUnit::flop_per_second:
      return "flop/s";
  }
  return "?";
}

std::string_view to_string(StatKind kind) noexcept {
  switch (kind) {
    case StatKind::counter:
      return "counter";
    case StatKind::accumulator:
      return "accumulator";
    case StatKind::formula:
      return "formula";
  }
  return "?";
}

namespace {

// Empty string when valid, else what is wrong.
std::string name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.front() == '.' || name.back() == '.') return "it starts or ends with '.'";
  if (name.find("..") != std::string_view::npos) return "it has an empty segment ('..')";
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return fmt::format("character '{}' is not one of [A-Za-z0-9_-.]", c);
  }
  return {};
}

// Six significant digits for the table; the JSON dump keeps full precision.
std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.6g}", v);
}

nlohmann::ordered_json finite_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::size_t StatSet::add_entry(std::string_view name, StatUnit unit, std::string_view description,
                               StatKind kind, std::size_t slot) {
  if (const std::string problem = name_problem(name); !problem.empty()) {
    throw std::runtime_error(fmt::format("invalid stat name '{}': {}", name, problem));
  }
  if (auto it = index_.find(std::string(name)); it != index_.end()) {
    const StatInfo& old = entries_[it->second].info;
    throw std::runtime_error(fmt::format("stat '{}' is already registered ({}, unit {}: \"{}\")",
                                         name, to_string(old.kind), to_string(old.unit),
                                         old.description));
  }
  entries_.push_back(
      Entry{StatInfo{std::string(name), unit, std::string(description), kind}, slot});
  index_.emplace(std::string(name), entries_.size() - 1);
  return entries_.size() - 1;
}

Counter& StatSet::counter(std::string_view name, StatUnit unit, std::string_view description) {
  add_entry(name, unit, description, StatKind::counter, counters_.size());
  return counters_.emplace_back();
}

Accumulator& StatSet::accumulator(std::string_view name, StatUnit unit,
                                  std::string_view description) {
  add_entry(name, unit, description, StatKind::accumulator, accumulators_.size());
  return accumulators_.emplace_back();
}

void StatSet::formula(std::string_view name, StatUnit unit, std::string_view description,
                      Formula fn) {
  if (!fn) {
    throw std::logic_error(fmt::format("formula stat '{}' registered without a function", name));
  }
  add_entry(name, unit, description, StatKind::formula, formulas_.size());
  formulas_.push_back(std::move(fn));
}

bool StatSet::contains(std::string_view name) const {
  return index_.find(std::string(name)) != index_.end();
}

std::vector<StatInfo> StatSet::list() const {
  std::vector<StatInfo> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back(e.info);
  return out;
}

const StatSet::Entry& StatSet::find(std::string_view name) const {
  if (auto it = index_.find(std::string(name)); it != index_.end()) return entries_[it->second];
  std::vector<std::string> names;
  names.reserve(entries_.size());
  for (const Entry& e : entries_) names.push_back(e.info.name);
  if (const std::string hint = util::did_you_mean_suffix(name, names); !hint.empty())
    throw std::runtime_error(fmt::format("no stat named '{}'{}", name, hint));
  throw std::runtime_error(
      fmt::format("no stat named '{}' ({} stats registered)", name, entries_.size()));
}

double StatSet::evaluate(const Entry& e) const {
  switch (e.info.kind) {
    case StatKind::counter:
      return static_cast<double>(counters_[e.slot].value());
    case StatKind::accumulator:
      return accumulators_[e.slot].mean();
    case StatKind::formula:
      try {
        return formulas_[e.slot]();
      } catch (const std::exception& ex) {
        throw std::runtime_error(
            fmt::format("formula stat '{}' failed: {}", e.info.name, ex.what()));
      }
  }
  throw std::logic_error("StatSet: unknown stat kind");
}

double StatSet::value(std::string_view name) const {
  return evaluate(find(name));
}

const Counter& StatSet::get_counter(std::string_view name) const {
  const Entry& e = find(name);
  if (e.info.kind != StatKind::counter) {
    throw std::runtime_error(
        fmt::format("stat '{}' is a {}, not a counter", name, to_string(e.info.kind)));
  }
  return counters_[e.slot];
}

const Accumulator& StatSet::get_accumulator(std::string_view name) const {
  const Entry& e = find(name);
  if (e.info.kind != StatKind::accumulator) {
    throw std::runtime_error(
        fmt::format("stat '{}' is a {}, not an accumulator", name, to_string(e.info.kind)));
  }
  return accumulators_[e.slot];
}

void StatSet::reset() noexcept {
  for (Counter& c : counters_) c.reset();
  for (Accumulator& a : accumulators_) a.reset();
}

void StatSet::dump_text(std::ostream& os) const {
  struct Row {
    std::string name, value, unit, description;
  };
  std::vector<Row> rows;
  rows.push_back({"name", "value", "unit", "description"});
  for (const Entry& e : entries_) {
    const std::string unit(to_string(e.info.unit));
    switch (e.info.kind) {
      case StatKind::counter:
        rows.push_back(
            {e.info.name, fmt::format("{}", counters_[e.slot].value()), unit, e.info.description});
        break;
      case StatKind::formula:
        rows.push_back({e.info.name, format_double(evaluate(e)), unit, e.info.description});
        break;
      case StatKind::accumulator: {
        const Accumulator& a = accumulators_[e.slot];
        const auto opt = [&](std::uint64_t v) { return a.empty() ? "-" : fmt::format("{}", v); };
        rows.push_back(
            {e.info.name + "::count", fmt::format("{}", a.count()), "samples", e.info.description});
        rows.push_back({e.info.name + "::sum", fmt::format("{}", a.sum()), unit, ""});
        rows.push_back({e.info.name + "::min", opt(a.min()), unit, ""});
        rows.push_back({e.info.name + "::max", opt(a.max()), unit, ""});
        rows.push_back(
            {e.info.name + "::mean", a.empty() ? "-" : format_double(a.mean()), unit, ""});
        break;
      }
    }
  }
  std::size_t wn = 0, wv = 0, wu = 0;
  for (const Row& r : rows) {
    wn = std::max(wn, r.name.size());
    wv = std::max(wv, r.value.size());
    wu = std::max(wu, r.unit.size());
  }
  for (const Row& r : rows) {
    std::string line = fmt::format("{:<{}}  {:>{}}  {:<{}}  {}", r.name, wn, r.value, wv, r.unit,
                                   wu, r.description);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os << line << '\n';
  }
  if (!os) throw std::runtime_error("StatSet::dump_text: writing the output failed");
}

nlohmann::ordered_json StatSet::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const Entry& e : entries_) {
    nlohmann::ordered_json j;
    j["kind"] = to_string(e.info.kind);
    j["unit"] = to_string(e.info.unit);
    j["description"] = e.info.description;
    switch (e.info.kind) {
      case StatKind::counter:
        j["value"] = counters_[e.slot].value();
        break;
      case StatKind::formula:
        j["value"] = finite_or_null(evaluate(e));
        break;
      case StatKind::accumulator: {
        const Accumulator& a = accumulators_[e.slot];
        j["count"] = a.count();
        j["sum"] = a.sum();
        j["min"] = a.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.min());
        j["max"] = a.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.max());
        j["mean"] = finite_or_null(a.mean());
        break;
      }
    }
    out[e.info.name] = std::move(j);
  }
  return out;
}

void StatSet::dump_json(std::ostream& os, int indent) const {
  os << to_json().dump(indent) << '\n';
  if (!os) throw std::runtime_error("StatSet::dump_json: writing the output failed");
}

}  // namespace kernbench::trace
