#pragma once
/// \file
/// Compute cycles of a GEMM on a PE's matrix unit (pure functions).
///
/// Systolic dataflows follow SCALE-Sim (Samajdar et al., "A Systematic
/// Methodology for Characterizing Scalability of DNN Accelerators using
/// SCALE-Sim", ISPASS 2020): an M x N x K GEMM (A: M x K, B: K x N) maps to
/// spatial rows S_R, spatial columns S_C and temporal length T:
///   OS: S_R = M, S_C = N, T = K
///   WS: S_R = K, S_C = N, T = M
///   IS: S_R = K, S_C = M, T = N
/// On an R x C array one fold takes 2*S_R + S_C + T - 2 cycles (fill, stream,
/// drain). Published model (Eq. 1 and its scale-up form):
///   S_R <= R and S_C <= C :  2*S_R + S_C + T - 2
///   otherwise             :  (2R + C + T - 2) * ceil(S_R/R) * ceil(S_C/C)
/// kExactPartial instead charges each fold by the rows r and columns c it
/// occupies, sum(2r + c + T - 2) = 2*F_C*S_R + F_R*S_C + F_R*F_C*(T - 2); it
/// equals the published model whenever R | S_R and C | S_C or one fold
/// suffices, and is never larger.
/// Throughput dataflow (pipelined MMA units, GPU tensor cores):
///   ceil(M*N*K / (R*C)).
/// Precision: a rate multiplier m (MACs per cell per cycle) packs m products
/// of adjacent k into one cell-cycle, so the GEMM is costed with
/// K_eff = ceil(K / m) (throughput: ceil(M*N*K / (R*C*m))). A GEMM with a
/// zero dimension costs 0 cycles. Rate division is exact (no float rounding).

#include <cstdint>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

struct GemmShape {
  std::uint64_t m;
  std::uint64_t n;
  std::uint64_t k;
};

struct ArrayDims {
  std::uint64_t rows;
  std::uint64_t cols;
};

struct SystolicMapping {
  std::uint64_t s_r;  ///< spatial extent along array rows
  std::uint64_t s_c;  ///< spatial extent along array columns
  std::uint64_t t;    ///< temporal extent
};

enum class FoldModel { kPublished, kExactPartial };

struct GemmCycles {
  std::uint64_t cycles = 0;     ///< compute cycles (plus pipeline latency in gemm_cycles)
  std::uint64_t row_folds = 0;  ///< ceil(S_R / R); 1 for throughput
  std::uint64_t col_folds = 0;  ///< ceil(S_C / C); 1 for throughput
  std::uint64_t macs = 0;       ///< M * N * K_eff
  double utilization = 0;       ///< macs / (R * C * cycles)
};

/// SCALE-Sim's operand mapping; throws std::logic_error for kThroughput.
SystolicMapping map_gemm(Dataflow dataflow, GemmShape shape);

/// Compute cycles of one GEMM on an R x C array, without precision scaling
/// or pipeline latency. Throws std::invalid_argument for a zero-sized array.
GemmCycles systolic_cycles(ArrayDims array, Dataflow dataflow, GemmShape shape,
                           FoldModel model = FoldModel::kPublished);

/// ceil(x / rate) computed exactly from the binary value of `rate` (> 0).
std::uint64_t ceil_div_rate(std::uint64_t x, double rate);

/// Full cost of one GEMM command on a PE's matrix unit: K scaled by the
/// precision's rate multiplier, then systolic_cycles, plus
/// gemm.pipeline_latency (not added for an empty GEMM).
GemmCycles gemm_cycles(const GemmConfig& gemm, GemmShape shape, Precision precision,
                       FoldModel model = FoldModel::kPublished);

}  // namespace kernbench::hw
