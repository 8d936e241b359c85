#include "sweep/export.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sweep/figures.hpp"
#include "sweep/point.hpp"

namespace kernbench::sweep {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_value(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

std::vector<std::string> keys_of(const std::vector<Point>& points, bool sets) {
  std::vector<std::string> keys;
  for (const Point& p : points)
    for (const auto& [k, v] : sets ? p.sets : p.params)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

std::string lookup(const KeyValues& kv, const std::string& key) {
  for (const auto& [k, v] : kv)
    if (k == key) return v;
  return "";
}

nlohmann::ordered_json object_of(const KeyValues& kv) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  for (const auto& [k, v] : kv) o[k] = v;
  return o;
}

}  // namespace

void write_csv(const std::vector<Row>& rows, std::ostream& out) {
  std::vector<Point> points;
  for (const Row& r : rows) points.push_back(point_from_canonical(r.point));
  const auto params = keys_of(points, false), sets = keys_of(points, true);
  std::vector<std::string> header{"id", "status", "kernel", "hw", "mode", "seed"};
  header.insert(header.end(), params.begin(), params.end());
  header.insert(header.end(), sets.begin(), sets.end());
  for (const Figure& f : figures()) header.emplace_back(f.column);
  for (const char* c : {"host", "worker", "wall_seconds", "error", "finished_at"})
    header.emplace_back(c);
  std::vector<std::string> quoted;
  for (const auto& h : header) quoted.push_back(csv_field(h));
  out << fmt::format("{}\n", fmt::join(quoted, ","));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const Point& p = points[i];
    std::vector<std::string> f{
        r.id, r.status, csv_field(p.kernel), csv_field(p.hw), p.mode, std::to_string(p.seed)};
    for (const auto& k : params) f.push_back(csv_field(lookup(p.params, k)));
    for (const auto& k : sets) f.push_back(csv_field(lookup(p.sets, k)));
    for (const auto& [k, v] : r.figures.items()) f.push_back(csv_value(v));
    const bool finished = r.status != "pending";
    f.push_back(csv_field(r.host));
    f.push_back(finished ? std::to_string(r.worker) : "");
    f.push_back(finished ? fmt::format("{}", r.wall_seconds) : "");
    f.push_back(csv_field(r.error));
    f.push_back(r.finished_at);
    out << fmt::format("{}\n", fmt::join(f, ","));
  }
}

void write_jsonl(const std::vector<Row>& rows, std::ostream& out) {
  for (const Row& r : rows) {
    const Point p = point_from_canonical(r.point);
    const bool finished = r.status != "pending";
    nlohmann::ordered_json j;
    j["id"] = r.id;
    j["status"] = r.status;
    j["kernel"] = p.kernel;
    j["params"] = object_of(p.params);
    j["hw"] = p.hw;
    j["set"] = object_of(p.sets);
    j["mode"] = p.mode;
    j["seed"] = p.seed;
    for (const auto& [k, v] : r.figures.items()) j[k] = v;
    j["host"] = finished ? nlohmann::ordered_json(r.host) : nullptr;
    j["worker"] = finished ? nlohmann::ordered_json(r.worker) : nullptr;
    j["wall_seconds"] = finished ? nlohmann::ordered_json(r.wall_seconds) : nullptr;
    j["error"] =
        r.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.error);
    j["finished_at"] = finished ? nlohmann::ordered_json(r.finished_at) : nullptr;
    j["report"] = r.report.empty() ? nlohmann::ordered_json(nullptr)
                                   : nlohmann::ordered_json::parse(r.report, nullptr, false);
    out << j.dump() << '\n';
  }
}

std::size_t merge_results(ResultStore& target, const ResultStore& source) {
  std::size_t taken = 0;
  for (const Row& r : source.rows())
    if (r.status != "pending" && target.put(r)) ++taken;
  return taken;
}

}  // namespace kernbench::sweep
