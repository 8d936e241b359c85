#pragma once
/// \file
/// Fills the performance part of a RunReport from a finished runner:
/// achieved rates and the peak they are compared with, utilisation of every
/// kind of unit, and the bound (run_bound.hpp). The report layer only reads
/// statistics the hardware model registered; it computes no timing itself.
///
/// Peak: the engine that did most of the FLOPs (GEMM or vector, from the
/// pe*.gemm.flops / pe*.math.flops counters) at the precision of the
/// kernel's `dtype` parameter, or f32 for kernels without one (the built-in
/// kernels without a dtype parameter compute in f32).

#include <cstdint>

#include "app/run_report.hpp"
#include "app/run_tcm.hpp"
#include "kernels/registry.hpp"
#include "tl/runner.hpp"

namespace kernbench::app {

/// Sets simulated time, counts, flops/bytes, rates, peaks, utilisation and
/// bound of `report` from `run` on `runner`; `tcm` must be finish()ed.
void fill_performance(RunReport& report, tl::Runner& runner, const kernels::KernelRun& run,
                      const TcmRecorder& tcm);

}  // namespace kernbench::app
