#pragma once
/// \file
/// Compute cycles of a GEMM on a PE's matrix unit (pure functions).
///
/// Systolic dataflows reproduce SCALE-Sim's "Total Cycles" (v2/v3 compute
/// model, scalesim/compute/systolic_compute_{os,ws,is}.py, reported by the
/// double-buffered scratchpad memory) for an idle array without memory stalls.
/// An M x N x K GEMM (A: M x K, B: K x N) is a SCALE-Sim GEMM layer with
/// M ofmap pixels, N filters and window size K; it maps to spatial rows S_R,
/// spatial columns S_C and temporal length T:
///   OS: S_R = M, S_C = N, T = K
///   WS: S_R = K, S_C = N, T = M
///   IS: S_R = K, S_C = M, T = N
/// On an R x C array there are F = ceil(S_R/R) * ceil(S_C/C) folds, run one
/// after the other. Every fold, partial ones included, is padded to the full
/// array and lasts P demand cycles:
///   OS:      P = R + C + T - 2   (T + C - 1 operand rows, skewed over R rows)
///   WS, IS:  P = 2R + C + T - 2  (R rows of stationary-operand load first)
/// Total Cycles is the index of the last demand cycle, counted from 0:
///   compute cycles = F * P - 1
/// (e.g. 32 x 32 at M = N = K = 64: OS 4 * 126 - 1 = 503, WS 4 * 158 - 1 = 631).
/// Throughput dataflow (pipelined MMA units, GPU tensor cores):
///   ceil(M*N*K / (R*C)).
/// Precision: a rate multiplier m (MACs per cell per cycle) packs m products
/// of adjacent k into one cell-cycle, so the GEMM is costed with
/// K_eff = ceil(K / m) (throughput: ceil(M*N*K / (R*C*m))). A GEMM with a
/// zero dimension costs 0 cycles. Rate division is exact (no float rounding);
/// all counts are exact integers, and a count beyond 64 bits throws
/// std::overflow_error.

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

struct GemmCycles {
  std::uint64_t cycles = 0;            ///< compute_cycles + pipeline_latency, in cycles
  std::uint64_t compute_cycles = 0;    ///< SCALE-Sim Total Cycles (os/ws/is), or MAC throughput
  std::uint64_t pipeline_latency = 0;  ///< gemm.pipeline_latency (gemm_cycles, non-empty GEMM)
  std::uint64_t row_folds = 0;         ///< ceil(S_R / R); 1 for throughput
  std::uint64_t col_folds = 0;         ///< ceil(S_C / C); 1 for throughput
  std::uint64_t fold_cycles = 0;       ///< P, demand cycles per fold; 0 for throughput
  std::uint64_t macs = 0;              ///< M * N * K_eff (cell-cycles of work)
  double utilization = 0;              ///< macs / (R * C * cycles); 0 when cycles is 0
};

/// SCALE-Sim's operand mapping; throws std::logic_error for throughput.
SystolicMapping map_gemm(Dataflow dataflow, GemmShape shape);

/// Compute cycles of one GEMM on an R x C array, without precision scaling
/// or pipeline latency (cycles == compute_cycles). Throws
/// std::invalid_argument for a zero-sized array.
GemmCycles systolic_cycles(ArrayDims array, Dataflow dataflow, GemmShape shape);

/// ceil(x / rate) computed exactly from the binary value of `rate` (> 0).
std::uint64_t ceil_div_rate(std::uint64_t x, double rate);

/// Full cost of one GEMM command on a PE's matrix unit: K scaled by the
/// precision's rate multiplier, then systolic_cycles, plus
/// gemm.pipeline_latency (not added for an empty GEMM).
GemmCycles gemm_cycles(const GemmConfig& gemm, GemmShape shape, Precision precision);

}  // namespace kernbench::hw
