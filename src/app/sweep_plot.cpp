#include "app/sweep_plot.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "app/errors.hpp"
#include "sweep/condition.hpp"
#include "sweep/expand.hpp"
#include "sweep/figures.hpp"
#include "sweep/point.hpp"

namespace kernbench::app {
namespace detail {
std::string_view sweep_plot_script();  // generated from sweep_plot.py
}
namespace {

const std::string* find_value(const sweep::KeyValues& kv, const std::string& key) {
  for (const auto& [k, v] : kv)
    if (k == key) return &v;
  return nullptr;
}

bool known_name(const std::vector<sweep::Row>& rows, const std::string& name) {
  static const std::set<std::string> fixed{"kernel", "hw", "mode", "seed", "arithmetic_intensity"};
  if (fixed.count(name)) return true;
  for (const sweep::Figure& f : sweep::figures())
    if (f.column == name) return true;
  for (const sweep::Row& r : rows) {
    const sweep::Point p = sweep::point_from_canonical(r.point);
    if (find_value(p.params, name) || find_value(p.sets, name)) return true;
  }
  return false;
}

std::string label_of(const std::string& name) {
  static const std::map<std::string, std::string> units{
      {"simulated_seconds", "simulated time [s]"},
      {"simulated_ps", "simulated time [ps]"},
      {"achieved_flops_per_s", "achieved FLOP/s"},
      {"achieved_bytes_per_s", "achieved bytes/s"},
      {"arithmetic_intensity", "arithmetic intensity [FLOP/byte]"}};
  if (const auto it = units.find(name); it != units.end()) return it->second;
  return name;
}

nlohmann::json ceilings(const std::vector<sweep::Row>& rows) {
  std::set<std::pair<double, double>> seen;
  nlohmann::json out = nlohmann::json::array();
  for (const sweep::Row& r : rows) {
    const auto& f = r.figures;
    if (!f["peak_flops_per_s"].is_number() || !f["peak_bytes_per_s"].is_number()) continue;
    const double pf = f["peak_flops_per_s"].get<double>(), pb = f["peak_bytes_per_s"].get<double>();
    if (pf <= 0 || pb <= 0 || !seen.insert({pf, pb}).second) continue;
    out.push_back({{"peak_flops", pf},
                   {"peak_bytes", pb},
                   {"name", fmt::format("{} ({:.3g} TFLOP/s, {:.3g} TB/s)", plot_text(r, "hw"),
                                        pf * 1e-12, pb * 1e-12)}});
  }
  return out;
}

}  // namespace

std::optional<double> plot_number(const sweep::Row& row, const std::string& name) {
  if (name == "arithmetic_intensity") {
    const auto fl = plot_number(row, "flops"), by = plot_number(row, "bytes");
    if (!fl || !by || *by <= 0) return std::nullopt;
    return *fl / *by;
  }
  if (row.figures.contains(name)) {
    const auto& v = row.figures[name];
    if (v.is_number()) return v.get<double>();
    if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
    return std::nullopt;
  }
  const sweep::Point p = sweep::point_from_canonical(row.point);
  if (name == "seed") return static_cast<double>(p.seed);
  return sweep::numeric_value(p, name);
}

std::string plot_text(const sweep::Row& row, const std::string& name) {
  const sweep::Point p = sweep::point_from_canonical(row.point);
  if (name == "kernel") return p.kernel;
  if (name == "hw") return p.hw;
  if (name == "mode") return p.mode;
  if (name == "seed") return std::to_string(p.seed);
  if (const std::string* v = find_value(p.params, name)) return fmt::format("{}={}", name, *v);
  if (const std::string* v = find_value(p.sets, name)) return fmt::format("{}={}", name, *v);
  if (row.figures.contains(name)) {
    const auto& v = row.figures[name];
    return v.is_string() ? v.get<std::string>() : v.dump();
  }
  return "";
}

std::vector<std::size_t> pareto_front(const std::vector<std::pair<double, double>>& points) {
  std::vector<std::size_t> order(points.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return points[a] < points[b]; });
  std::vector<std::size_t> front;
  for (const std::size_t i : order)
    if (front.empty() || points[i].second < points[front.back()].second) front.push_back(i);
  return front;
}

namespace {

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    out.push_back(text.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

std::vector<sweep::Row> selected(const std::vector<sweep::Row>& all, const PlotRequest& req) {
  std::optional<sweep::Condition> cond;
  if (!req.where.empty()) {
    try {
      cond = sweep::Condition::parse(req.where);
    } catch (const sweep::ConditionError& e) {
      throw UsageError(fmt::format("--where: `{}`: {}", req.where, e.what()));
    }
  }
  std::vector<sweep::Row> rows;
  for (const sweep::Row& r : all) {
    if (r.status != "done") continue;
    if (!req.kernel.empty() && plot_text(r, "kernel") != req.kernel) continue;
    bool lacking = false;
    const sweep::Condition::Lookup value = [&](std::string_view n) {
      const auto v = plot_number(r, std::string(n));
      lacking = lacking || !v;
      return v;
    };
    if (cond && (!cond->holds(value) || lacking)) continue;
    rows.push_back(r);
  }
  return rows;
}

std::string group_of(const sweep::Row& r, const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    const std::string t = plot_text(r, n);
    if (!t.empty()) out += (out.empty() ? "" : " ") + t;
  }
  return out.empty() ? "all points" : out;
}

}  // namespace

nlohmann::json plot_data(const std::vector<sweep::Row>& all, const PlotRequest& req) {
  const std::vector<sweep::Row> rows = selected(all, req);
  if (rows.empty())
    throw std::runtime_error("sweep plot: no finished point of these results is selected");
  std::vector<const std::string*> names{&req.x, &req.y};
  const std::vector<std::string> groups = split_names(req.group);
  for (const std::string& g : groups) names.push_back(&g);
  for (const std::string* n : names)
    if (!n->empty() && !known_name(rows, *n))
      throw std::runtime_error(fmt::format(
          "sweep plot: `{}` is neither a swept parameter nor a figure of these results; expected "
          "kernel, hw, mode, seed, a key of the spec, arithmetic_intensity or a figure such as "
          "simulated_seconds",
          *n));
  std::map<std::string, nlohmann::json> series;
  std::vector<std::string> order;
  std::vector<std::pair<double, double>> xy;
  for (const sweep::Row& r : rows) {
    const auto x = plot_number(r, req.x), y = plot_number(r, req.y);
    if (!x || !y) continue;
    const std::string g = group_of(r, groups);
    if (!series.count(g)) order.push_back(g);
    series[g].push_back({*x, *y});
    xy.emplace_back(*x, *y);
  }
  if (xy.empty())
    throw std::runtime_error(
        fmt::format("sweep plot: no finished point has numbers for both `{}` "
                    "and `{}`",
                    req.x, req.y));
  nlohmann::json d;
  d["kind"] = req.kind;
  d["x_label"] = label_of(req.x);
  d["y_label"] = label_of(req.y);
  d["title"] = req.title;
  d["out"] = req.out;
  d["series"] = nlohmann::json::array();
  for (const std::string& g : order) d["series"].push_back({{"name", g}, {"points", series[g]}});
  if (req.kind == "pareto") {
    nlohmann::json front = nlohmann::json::array();
    for (const std::size_t i : pareto_front(xy)) front.push_back({xy[i].first, xy[i].second});
    d["series"].push_back({{"name", "Pareto front"}, {"points", front}});
  }
  d["ceilings"] = req.kind == "roofline" ? ceilings(rows) : nlohmann::json::array();
  return d;
}

void draw_plot(const nlohmann::json& data) {
  const char* env = std::getenv("KERNBENCH_PYTHON");
  const std::string python = env && *env ? env : "/usr/bin/python3";
  char tmpl[] = "/tmp/kernbench-plot-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("sweep plot: cannot create a temporary file");
  const std::string text = data.dump();
  const bool wrote = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  const std::string script(detail::sweep_plot_script());
  int status = -1;
  if (wrote) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl(python.c_str(), python.c_str(), "-c", script.c_str(), tmpl, nullptr);
      ::_exit(127);
    }
    if (pid > 0) ::waitpid(pid, &status, 0);
  }
  ::unlink(tmpl);
  if (!wrote || status == -1) throw std::runtime_error("sweep plot: cannot start Python");
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == 127 || code == 3)
    throw std::runtime_error(fmt::format(
        "sweep plot: needs Python 3 with matplotlib at `{}` (Debian: python3-matplotlib; "
        "KERNBENCH_PYTHON chooses another interpreter)",
        python));
  if (code != 0)
    throw std::runtime_error(fmt::format("sweep plot: matplotlib could not write `{}` (exit {})",
                                         data.value("out", ""), code));
}

}  // namespace kernbench::app
