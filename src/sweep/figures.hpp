#pragma once
/// \file
/// The figures a sweep stores per point, each taken from the point's run
/// report (schema kernbench.run/1, docs/report-schema.md) so that they are
/// columns one can sort and plot without parsing the JSON. Units are the
/// report's base units (ps, seconds, FLOP, bytes, FLOP/s, bytes/s;
/// utilisations are fractions in [0, 1]).

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kernbench::sweep {

enum class FigureType { integer, real, text, boolean };

struct Figure {
  std::string_view column;   ///< column name in the results and exports
  std::string_view pointer;  ///< JSON pointer into the run report
  FigureType type;
};

/// Every figure, in column order.
std::span<const Figure> figures();

/// The figure's value in `report`, or null when absent (an older report, a
/// failed run without report).
nlohmann::json figure_value(const nlohmann::json& report, const Figure& f);

}  // namespace kernbench::sweep
