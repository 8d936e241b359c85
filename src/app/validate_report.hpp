#pragma once
/// \file
/// The report of `kernbench validate`: per case the measured median, the
/// model's prediction and the roofline's, each with its signed error, then
/// the MAPE and worst case of both, side by side.
///
/// Text (for people): times in microseconds with three decimals, errors in
/// percent with a sign; a failed case shows "failed" and its message on the
/// next line; the summary ends with "failed: N of M".
/// JSON (for scripts; schema "kernbench.validate/1", keys in a fixed order,
/// ADR 0042): times in ps (measured and roofline as numbers with fractions,
/// predicted as an integer), errors as signed percentages in keys ending in
/// `_percent`, null where a value does not exist (a failed case).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/validate_run.hpp"

namespace kernbench::app {

struct ValidateReport {
  std::string file;                    ///< the measurement file as given
  std::string hw;                      ///< preset name or file as given
  std::vector<std::string> overrides;  ///< --set, in order
  std::vector<std::string> skipped;    ///< records that are not cases ("FILE:LINE: `_done` record")
  std::vector<CaseResult> results;     ///< in file order
  ValidateSummary summary;
  double wall_seconds = 0;  ///< host time of all cases
};

/// "n=4096 f32 BLOCK=1024 nw=4": the file's shape, dtype and config in file
/// order (num_warps shown as nw, num_stages as ns).
std::string case_summary(const Measurement& m);

/// The text report (ends with '\n').
std::string validate_report_text(const ValidateReport& r);

/// The JSON report (schema "kernbench.validate/1").
nlohmann::ordered_json validate_report_json(const ValidateReport& r);

}  // namespace kernbench::app
