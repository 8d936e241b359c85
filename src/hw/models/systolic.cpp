#include "hw/models/systolic.hpp"

#include <cmath>
#include <stdexcept>

namespace kernbench::hw {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin, exact 128-bit math

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0);
}

std::uint64_t to_u64(u128 v) {
  if (v > static_cast<u128>(UINT64_MAX))
    throw std::overflow_error("GEMM cycle count overflows 64 bits");
  return static_cast<std::uint64_t>(v);
}

u128 mul(u128 a, u128 b) {
  u128 r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("GEMM cycle count overflows");
  return r;
}

// SCALE-Sim's demand cycles of one fold, padded to the full R x C array.
// OS: the streamed operands occupy T + C - 1 rows (T values, then C - 1 idle
// rows while the outputs drain), skewed over the R array rows: + R - 1.
// WS, IS: R rows load the stationary operand, then T + C - 1 as for OS,
// skewed over the R rows: + R - 1.
u128 fold_demand_cycles(ArrayDims a, Dataflow d, std::uint64_t t) {
  const u128 stream = static_cast<u128>(t) + a.cols - 1 + a.rows - 1;
  return d == Dataflow::output_stationary ? stream : stream + a.rows;
}

double utilization(std::uint64_t macs, u128 cells, std::uint64_t cycles) {
  if (cycles == 0) return 0;
  return static_cast<double>(macs) / (static_cast<double>(cells) * static_cast<double>(cycles));
}

}  // namespace

SystolicMapping map_gemm(Dataflow d, GemmShape s) {
  switch (d) {
    case Dataflow::output_stationary:
      return {s.m, s.n, s.k};
    case Dataflow::weight_stationary:
      return {s.k, s.n, s.m};
    case Dataflow::input_stationary:
      return {s.k, s.m, s.n};
    case Dataflow::throughput:
      break;
  }
  throw std::logic_error("map_gemm: the throughput dataflow has no systolic mapping");
}

std::uint64_t ceil_div_rate(std::uint64_t x, double rate) {
  if (!(rate > 0) || !std::isfinite(rate))
    throw std::invalid_argument("ceil_div_rate: rate must be > 0");
  // rate = mantissa * 2^exp exactly, with an integer mantissa of <= 53 bits.
  int exp = 0;
  const double frac = std::frexp(rate, &exp);  // rate = frac * 2^exp, frac in [0.5, 1)
  auto mant = static_cast<std::uint64_t>(std::ldexp(frac, 53));
  exp -= 53;
  while ((mant & 1) == 0) mant >>= 1, ++exp;
  // x / rate = x * 2^-exp / mant
  u128 num = x;
  u128 den = mant;
  if (exp <= 0) {
    if (-exp > 63) throw std::overflow_error("ceil_div_rate: rate too small");
    num <<= -exp;
  } else {
    if (exp > 63) return 0 + (x != 0);  // rate >= 2^64: anything finishes in one step
    den <<= exp;
  }
  return to_u64(num / den + (num % den != 0));
}

GemmCycles systolic_cycles(ArrayDims a, Dataflow d, GemmShape s) {
  if (a.rows == 0 || a.cols == 0) throw std::invalid_argument("systolic_cycles: zero-sized array");
  GemmCycles out;
  if (s.m == 0 || s.n == 0 || s.k == 0) return out;
  out.macs = to_u64(mul(mul(s.m, s.n), s.k));
  const u128 cells = mul(a.rows, a.cols);
  if (d == Dataflow::throughput) {
    out.row_folds = out.col_folds = 1;
    out.compute_cycles = to_u64((static_cast<u128>(out.macs) + cells - 1) / cells);
  } else {
    const SystolicMapping m = map_gemm(d, s);
    out.row_folds = ceil_div(m.s_r, a.rows);
    out.col_folds = ceil_div(m.s_c, a.cols);
    out.fold_cycles = to_u64(fold_demand_cycles(a, d, m.t));
    // F * P >= 1 since P >= T >= 1.
    out.compute_cycles = to_u64(mul(mul(out.row_folds, out.col_folds), out.fold_cycles) - 1);
  }
  out.cycles = out.compute_cycles;
  out.utilization = utilization(out.macs, cells, out.cycles);
  return out;
}

GemmCycles gemm_cycles(const GemmConfig& g, GemmShape s, Precision p) {
  const double rate = gemm_rate(g.rate, p);
  GemmCycles out;
  if (g.dataflow == Dataflow::throughput && s.m != 0 && s.n != 0 && s.k != 0) {
    // Rate applies to the whole MAC count, not per k step: 3 x 3 x 3 at 2x
    // is 14 cell-cycles, not 3 x 3 x 2.
    const std::uint64_t cell_cycles = ceil_div_rate(to_u64(mul(mul(s.m, s.n), s.k)), rate);
    const u128 cells = mul(g.rows, g.cols);
    out.row_folds = out.col_folds = 1;
    out.macs = cell_cycles;
    out.compute_cycles = to_u64((static_cast<u128>(cell_cycles) + cells - 1) / cells);
  } else {
    GemmShape eff = s;
    eff.k = s.k == 0 ? 0 : ceil_div_rate(s.k, rate);
    out = systolic_cycles({g.rows, g.cols}, g.dataflow, eff);
  }
  if (out.macs != 0) out.pipeline_latency = g.pipeline_latency;
  out.cycles = to_u64(static_cast<u128>(out.compute_cycles) + out.pipeline_latency);
  out.utilization = utilization(out.macs, mul(g.rows, g.cols), out.cycles);
  return out;
}

}  // namespace kernbench::hw
