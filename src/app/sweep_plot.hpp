#pragma once
/// \file
/// `kernbench sweep plot`: pictures of a sweep's results, drawn by
/// matplotlib (Debian's python3-matplotlib) from the finished, successful
/// points. The C++ side picks and groups the values and computes the
/// Pareto front; the embedded script (sweep_plot.py) only draws.
///
/// Only finished, successful points are drawn, and of those only the ones
/// of `kernel` and satisfying `where` when given.
///
/// Names a plot may use: `kernel`, `hw`, `mode`, `seed`, any swept kernel
/// parameter or hardware override (overrides in base units: bytes, Hz, ps,
/// bytes/s), any figure column (figures.hpp) and `arithmetic_intensity`
/// (flops / bytes, FLOP per ideal HBM byte).
///
/// Kinds: `line` (y against x, one line per group), `roofline` (achieved
/// FLOP/s against arithmetic intensity, log-log, with each distinct
/// (peak FLOP/s, HBM bandwidth) ceiling of the reports) and `pareto` (all
/// points, and the front of those no other point beats in both x and y,
/// both minimised).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep/store.hpp"

namespace kernbench::app {

struct PlotRequest {
  std::string kind = "line";  ///< line, roofline, pareto
  std::string x, y;           ///< names (see above); set by the kind for roofline
  std::string group;          ///< comma-separated names; empty: one series
  std::string kernel;         ///< only this kernel's points (empty: all)
  std::string where;  ///< a condition (sweep/condition.hpp); rows lacking a name are left out
  std::string out;    ///< .svg, .png or .pdf
  std::string title;
};

/// The value of `name` on a finished row as a number (nullopt: absent or
/// not numeric) or as text (for groups).
std::optional<double> plot_number(const sweep::Row& row, const std::string& name);
std::string plot_text(const sweep::Row& row, const std::string& name);

/// Indices of the points on the Pareto front (both coordinates minimised;
/// ties in both count once), in increasing x.
std::vector<std::size_t> pareto_front(const std::vector<std::pair<double, double>>& points);

/// The document handed to the script (kind, labels, series, ceilings).
/// Throws std::runtime_error when a name is unknown or nothing is left to
/// plot.
nlohmann::json plot_data(const std::vector<sweep::Row>& rows, const PlotRequest& req);

/// Draws with `python` (default: $KERNBENCH_PYTHON, else /usr/bin/python3).
/// Throws std::runtime_error when Python or matplotlib is missing or the
/// script fails.
void draw_plot(const nlohmann::json& data);

}  // namespace kernbench::app
