#pragma once
/// \file
/// `--atol` / `--rtol` on `kernbench run`: tolerance overrides, global
/// (`--atol 1e-3`) or per output (`--atol out=1e-3`), applied by comparing
/// the downloaded outputs with their references again.
///
/// Contract: a value is a finite number >= 0 (absolute: in the output's
/// units; relative: a fraction of |ref|). A per-output value wins over a
/// global one; a component not given keeps the tolerance the kernel chose
/// (its dtype default or its own). Errors are UsageError naming the option,
/// the text and what was expected; an output name the kernel does not have is
/// reported with the kernel's outputs.

#include <map>
#include <optional>
#include <span>
#include <string>

#include "kernels/registry.hpp"

namespace kernbench::app {

struct ToleranceOverrides {
  std::optional<double> atol;             ///< every output
  std::optional<double> rtol;             ///< every output
  std::map<std::string, double> atol_of;  ///< per output name
  std::map<std::string, double> rtol_of;  ///< per output name

  bool empty() const { return !atol && !rtol && atol_of.empty() && rtol_of.empty(); }
};

/// Parses the values of repeated `--atol` and `--rtol` options.
ToleranceOverrides parse_tolerances(std::span<const std::string> atol,
                                    std::span<const std::string> rtol);

/// Re-verifies the checks of `run` whose tolerance is overridden and updates
/// its verdict (kernels::finish). No-op when `o` is empty or nothing was
/// verified (timing-only mode).
void apply_tolerances(kernels::KernelRun& run, const ToleranceOverrides& o);

}  // namespace kernbench::app
