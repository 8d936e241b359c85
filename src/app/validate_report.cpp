#include "app/validate_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kernbench::app {
namespace {

using Json = nlohmann::ordered_json;

std::string us(double seconds) {
  return fmt::format("{:.3f} us", seconds * 1e6);
}

std::string pct(double fraction) {
  return fmt::format("{:+.1f}%", fraction * 100.0);
}

std::string value_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string short_key(const std::string& key) {
  if (key == "num_warps") return "nw";
  if (key == "num_stages") return "ns";
  return key;
}

std::string header(const ValidateReport& r) {
  std::string hw = r.hw;
  for (const auto& s : r.overrides) hw += " --set " + s;
  std::string out = fmt::format("validate {} against {}\n", hw, r.file);
  out += fmt::format(
      "  {} case(s), timing mode, a fresh runner (cold caches) per case; error = (predicted - "
      "measured median) / measured median\n",
      r.results.size());
  out +=
      "  roofline = launch + dispatch latency + max(FLOP / peak, bytes / HBM bandwidth), with "
      "the file's FLOP and bytes; peak: GEMM at the input dtype for tl.dot kernels, else "
      "vector f32\n";
  return out;
}

std::string case_rows(const ValidateReport& r) {
  std::size_t kw = 6;
  for (const CaseResult& c : r.results) kw = std::max(kw, c.measured.kernel.size());
  std::string out =
      fmt::format("\n  {:>3}  {:<{}}  {:>12}  {:>12}  {:>8}  {:>12}  {:>8}  {}\n", "#", "kernel",
                  kw, "measured", "model", "error", "roofline", "error", "case");
  for (std::size_t i = 0; i < r.results.size(); ++i) {
    const CaseResult& c = r.results[i];
    const auto model = c.predicted_s();
    const auto model_err = c.model_error();
    const auto roof_err = c.roofline_error();
    out += fmt::format("  {:>3}  {:<{}}  {:>12}  {:>12}  {:>8}  {:>12}  {:>8}  {}\n", i + 1,
                       c.measured.kernel, kw, us(c.measured.median_s),
                       model ? us(*model) : std::string("failed"),
                       model_err ? pct(*model_err) : std::string(),
                       c.roofline_s ? us(*c.roofline_s) : std::string("-"),
                       roof_err ? pct(*roof_err) : std::string(), case_summary(c.measured));
    if (c.failed()) out += fmt::format("       error: {}\n", c.error);
  }
  if (!r.skipped.empty())
    out += fmt::format("\n  skipped {} record(s) that are not cases: {}\n", r.skipped.size(),
                       fmt::join(r.skipped, "; "));
  return out;
}

std::string worst_text(const ValidateReport& r, const ErrorStats& s) {
  if (!s.worst) return "-";
  return fmt::format("{} (#{} {})", pct(s.worst_error), *s.worst + 1,
                     r.results[*s.worst].measured.kernel);
}

std::string summary_rows(const ValidateReport& r) {
  const ValidateSummary& s = r.summary;
  std::string out = fmt::format(
      "\nsummary over the {} case(s) that ran (of {}); model and roofline on the same cases\n",
      s.model.cases, s.total);
  out += fmt::format("  {:<10}  {:<28}  {}\n", "", "model", "roofline");
  const auto mape = [](const ErrorStats& e) {
    return e.cases > 0 ? fmt::format("{:.1f}%", e.mape * 100.0) : std::string("-");
  };
  out += fmt::format("  {:<10}  {:<28}  {}\n", "MAPE", mape(s.model), mape(s.roofline));
  out += fmt::format("  {:<10}  {:<28}  {}\n", "worst", worst_text(r, s.model),
                     worst_text(r, s.roofline));
  out += fmt::format("  failed: {} of {}\n", s.failed, s.total);
  out += fmt::format("  wall time {:.1f} s\n", r.wall_seconds);
  return out;
}

Json optional_number(const std::optional<double>& v, double scale = 1.0) {
  return v ? Json(*v * scale) : Json(nullptr);
}

Json case_json(const CaseResult& c) {
  const Measurement& m = c.measured;
  Json j;
  j["line"] = m.where.line;
  j["kernel"] = m.kernel;
  j["shape"] = m.shape;
  j["dtype"] = m.dtype;
  j["config"] = m.config;
  j["builtin"] = c.mapped ? Json(c.mapped->kernel) : Json(nullptr);
  j["params"] = c.params.empty() ? Json(nullptr) : Json(c.params);
  j["measured_median_ps"] = m.median_s * 1e12;
  j["measured_p20_ps"] = m.p20_s * 1e12;
  j["measured_p80_ps"] = m.p80_s * 1e12;
  j["predicted_ps"] = c.predicted_ps ? Json(*c.predicted_ps) : Json(nullptr);
  j["model_error_percent"] = optional_number(c.model_error(), 100.0);
  j["roofline_ps"] = optional_number(c.roofline_s, 1e12);
  j["roofline_error_percent"] = optional_number(c.roofline_error(), 100.0);
  j["failed"] = c.failed();
  j["error"] = c.failed() ? Json(c.error) : Json(nullptr);
  j["wall_seconds"] = c.wall_seconds;
  return j;
}

Json stats_json(const ErrorStats& s) {
  Json j;
  j["cases"] = s.cases;
  j["mape_percent"] = s.cases > 0 ? Json(s.mape * 100.0) : Json(nullptr);
  j["worst_case"] = s.worst ? Json(*s.worst + 1) : Json(nullptr);
  j["worst_error_percent"] = s.worst ? Json(s.worst_error * 100.0) : Json(nullptr);
  return j;
}

}  // namespace

std::string case_summary(const Measurement& m) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : m.shape.items())
    parts.push_back(fmt::format("{}={}", k, value_text(v)));
  parts.push_back(m.dtype);
  for (const auto& [k, v] : m.config.items())
    parts.push_back(fmt::format("{}={}", short_key(k), value_text(v)));
  for (const auto& [k, v] : m.extra.items())
    if (k != "rel_err") parts.push_back(fmt::format("{}={}", k, value_text(v)));
  return fmt::format("{}", fmt::join(parts, " "));
}

std::string validate_report_text(const ValidateReport& r) {
  return header(r) + case_rows(r) + summary_rows(r);
}

nlohmann::ordered_json validate_report_json(const ValidateReport& r) {
  Json j;
  j["schema"] = "kernbench.validate/1";
  j["file"] = r.file;
  j["hw"] = r.hw;
  j["overrides"] = r.overrides;
  j["mode"] = "timing";
  Json cases = Json::array();
  for (const CaseResult& c : r.results) cases.push_back(case_json(c));
  j["cases"] = std::move(cases);
  j["skipped"] = r.skipped;
  Json summary;
  summary["cases"] = r.summary.total;
  summary["failed"] = r.summary.failed;
  summary["model"] = stats_json(r.summary.model);
  summary["roofline"] = stats_json(r.summary.roofline);
  j["summary"] = std::move(summary);
  j["wall_seconds"] = r.wall_seconds;
  return j;
}

}  // namespace kernbench::app
