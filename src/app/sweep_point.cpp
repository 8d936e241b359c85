#include "app/sweep_point.hpp"

#include <fmt/format.h>

namespace kernbench::app {

RunRequest run_request_of(const sweep::Point& point) {
  RunRequest req;
  req.kernel = point.kernel;
  req.hw = point.hw_path.empty() ? point.hw : point.hw_path;
  for (const auto& [k, v] : point.sets) req.sets.push_back(k + "=" + v);
  for (const auto& [k, v] : point.params) req.params.push_back(k + "=" + v);
  req.mode = point.mode == "data" ? tl::Mode::data : tl::Mode::timing;
  req.sample = point.mode == "sampled";  // timing-only, large grids sampled (ADR 0090)
  req.seed = point.seed;
  return req;
}

sweep::Outcome run_sweep_point(const KernelCatalog& kernels, const sweep::Point& point) {
  const RunReport r = run_kernel(kernels, run_request_of(point));
  sweep::Outcome o;
  o.report_json = run_report_json(r).dump();
  o.ok = r.checks.empty() || r.verified;
  if (!o.ok)
    o.error = fmt::format("kernel '{}' computed wrong results: {}", r.kernel, r.verify_note);
  return o;
}

}  // namespace kernbench::app
