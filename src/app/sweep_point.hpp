#pragma once
/// \file
/// How `kernbench sweep` runs one point: exactly as `kernbench run` would
/// (run_session.hpp) with the point's kernel, `--param`s, `--hw`, `--set`s,
/// mode and seed, no trace and no op log file. The outcome carries the JSON
/// run report (kernbench.run/1). A point is ok when the run completed and,
/// in data mode, its outputs verified; a wrong result keeps its report and
/// gets the same error text as `kernbench run`. Errors the run throws (a
/// tile that does not fit, a deadlock, a cross-check) propagate: the
/// caller records them as the point's failure.

#include "app/kernel_catalog.hpp"
#include "app/run_session.hpp"
#include "sweep/outcome.hpp"
#include "sweep/point.hpp"

namespace kernbench::app {

/// The `kernbench run` request equivalent to `point`.
RunRequest run_request_of(const sweep::Point& point);

/// Runs `point` in this process.
sweep::Outcome run_sweep_point(const KernelCatalog& kernels, const sweep::Point& point);

}  // namespace kernbench::app
