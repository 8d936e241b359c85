#include "app/run_bound.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "app/format.hpp"

namespace kernbench::app {

std::string_view to_string(BoundKind k) {
  switch (k) {
    case BoundKind::compute:
      return "compute";
    case BoundKind::hbm:
      return "hbm";
    case BoundKind::fabric:
      return "fabric";
    case BoundKind::dma:
      return "dma";
    case BoundKind::issue:
      return "issue";
    case BoundKind::launch:
      return "launch";
    case BoundKind::tcm:
      return "tcm";
    case BoundKind::latency:
      return "latency";
  }
  return "latency";
}

Bound classify_bound(const BoundInputs& in) {
  const bool gemm_leads = in.gemm >= in.math;
  struct Candidate {
    BoundKind kind;
    double share;
    std::string_view what;
  };
  // Tie order: the resource a kernel author would look at first.
  const std::array<Candidate, 5> resources{{
      {BoundKind::compute, gemm_leads ? in.gemm : in.math,
       gemm_leads ? "the GEMM engines" : "the math engines"},
      {BoundKind::hbm, in.hbm, "the HBM channels"},
      {BoundKind::fabric, in.fabric, "the fabric links (mean over links)"},
      {BoundKind::dma, in.dma, "the DMA engines"},
      {BoundKind::issue, in.issue, "the control CPUs issuing commands"},
  }};
  const Candidate* top = &resources[0];
  for (const Candidate& c : resources)
    if (c.share > top->share) top = &c;

  if (top->share >= kSaturated)
    return {top->kind, top->share,
            fmt::format("{} are busy {} of the run, more than any other resource", top->what,
                        percent(top->share))};
  if (in.programs < in.pes)
    return {BoundKind::launch,
            in.pes == 0 ? 0.0 : static_cast<double>(in.programs) / static_cast<double>(in.pes),
            fmt::format("only {} program(s) for {} PEs: {} PEs never run anything; no resource is "
                        "busy {} of the run",
                        in.programs, in.pes, in.pes - in.programs, percent(kSaturated))};
  if (in.launch_share >= kLaunchShare)
    return {BoundKind::launch, in.launch_share,
            fmt::format("the launch latency is {} of the run and no resource is busy {} of it: "
                        "the run is too short to amortise the launch",
                        percent(in.launch_share), percent(kSaturated))};
  if (in.tcm_peak_fraction >= kTcmFull && (in.occupancy.empty() || in.tcm_waits))
    return {BoundKind::tcm, in.tcm_peak_fraction,
            fmt::format("a TCM filled to {} of its size while no engine was busy {} of the run: "
                        "programs waited for scratchpad space",
                        percent(in.tcm_peak_fraction), percent(kSaturated))};
  return {BoundKind::latency, top->share,
          fmt::format("no resource is busy {} of the run (the busiest, {}, {}): time goes to "
                      "memory latency and dependency chains{}",
                      percent(kSaturated), top->what, percent(top->share),
                      in.occupancy.empty() ? "" : "; " + in.occupancy)};
}

}  // namespace kernbench::app
