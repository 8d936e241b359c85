#include "app/run_tolerance.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string_view>

#include "app/errors.hpp"
#include "kernels/support.hpp"

namespace kernbench::app {
namespace {

double parse_value(std::string_view option, std::string_view whole, std::string_view text) {
  const std::string s(text);
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size() || !std::isfinite(v) || v < 0.0) {
    throw UsageError(
        fmt::format("{}: `{}` is not a tolerance; expected a finite number >= 0 (e.g. 1e-3) or "
                    "OUTPUT=NUMBER (e.g. out=1e-3)",
                    option, whole));
  }
  return v;
}

void parse_into(std::string_view option, std::span<const std::string> values,
                std::optional<double>& global, std::map<std::string, double>& per_output) {
  for (const std::string& v : values) {
    const std::size_t eq = v.find('=');
    if (eq == std::string::npos) {
      global = parse_value(option, v, v);
      continue;
    }
    const std::string name = v.substr(0, eq);
    if (name.empty()) {
      throw UsageError(
          fmt::format("{}: `{}` has no output name before `=`; expected "
                      "OUTPUT=NUMBER (e.g. out=1e-3)",
                      option, v));
    }
    per_output[name] = parse_value(option, v, std::string_view(v).substr(eq + 1));
  }
}

void check_names(std::string_view option, const std::map<std::string, double>& per_output,
                 const kernels::KernelRun& run) {
  for (const auto& [name, value] : per_output) {
    bool found = false;
    std::string outputs;
    for (const kernels::Check& c : run.checks) {
      found |= c.output == name;
      outputs += (outputs.empty() ? "" : ", ") + c.output;
    }
    if (!found) {
      throw UsageError(fmt::format("{}: the kernel has no output `{}`; its outputs are {}", option,
                                   name, outputs));
    }
  }
}

}  // namespace

ToleranceOverrides parse_tolerances(std::span<const std::string> atol,
                                    std::span<const std::string> rtol) {
  ToleranceOverrides o;
  parse_into("--atol", atol, o.atol, o.atol_of);
  parse_into("--rtol", rtol, o.rtol, o.rtol_of);
  return o;
}

void apply_tolerances(kernels::KernelRun& run, const ToleranceOverrides& o) {
  if (o.empty() || run.checks.empty()) return;
  check_names("--atol", o.atol_of, run);
  check_names("--rtol", o.rtol_of, run);
  for (kernels::Check& c : run.checks) {
    data::Tolerance t = c.result.tolerance;
    bool changed = false;
    const auto pick = [&](const std::optional<double>& global,
                          const std::map<std::string, double>& per, double& field) {
      if (const auto it = per.find(c.output); it != per.end()) {
        field = it->second;
        changed = true;
      } else if (global) {
        field = *global;
        changed = true;
      }
    };
    pick(o.atol, o.atol_of, t.atol);
    pick(o.rtol, o.rtol_of, t.rtol);
    if (changed) c.reverify(t);
  }
  kernels::finish(run, true);
}

}  // namespace kernbench::app
