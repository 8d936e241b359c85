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

}  // namespace

SystolicMapping map_gemm(Dataflow d, GemmShape s) {
  switch (d) {
    case Dataflow::kOutputStationary:
      return {s.m, s.n, s.k};
    case Dataflow::kWeightStationary:
      return {s.k, s.n, s.m};
    case Dataflow::kInputStationary:
      return {s.k, s.m, s.n};
    case Dataflow::kThroughput:
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

GemmCycles systolic_cycles(ArrayDims a, Dataflow d, GemmShape s, FoldModel model) {
  if (a.rows == 0 || a.cols == 0) throw std::invalid_argument("systolic_cycles: zero-sized array");
  GemmCycles out;
  if (s.m == 0 || s.n == 0 || s.k == 0) return out;
  out.macs = to_u64(static_cast<u128>(s.m) * s.n * s.k);
  const u128 cells = static_cast<u128>(a.rows) * a.cols;
  if (d == Dataflow::kThroughput) {
    out.row_folds = out.col_folds = 1;
    out.cycles = to_u64((static_cast<u128>(out.macs) + cells - 1) / cells);
  } else {
    const SystolicMapping m = map_gemm(d, s);
    out.row_folds = ceil_div(m.s_r, a.rows);
    out.col_folds = ceil_div(m.s_c, a.cols);
    const u128 folds = static_cast<u128>(out.row_folds) * out.col_folds;
    if (folds == 1) {
      out.cycles = 2 * m.s_r + m.s_c + m.t - 2;
    } else if (model == FoldModel::kPublished) {
      out.cycles = to_u64((2 * static_cast<u128>(a.rows) + a.cols + m.t - 2) * folds);
    } else {
      // Sum over folds of (2r + c + T - 2); T >= 1 so T - 2 >= -1 per fold.
      const u128 pos = 2 * static_cast<u128>(out.col_folds) * m.s_r +
                       static_cast<u128>(out.row_folds) * m.s_c + folds * m.t;
      out.cycles = to_u64(pos - 2 * folds);
    }
  }
  out.utilization = static_cast<double>(out.macs) /
                    (static_cast<double>(cells) * static_cast<double>(out.cycles));
  return out;
}

GemmCycles gemm_cycles(const GemmConfig& g, GemmShape s, Precision p, FoldModel model) {
  const double rate = gemm_rate(g.rate, p);
  GemmShape eff = s;
  eff.k = s.k == 0 ? 0 : ceil_div_rate(s.k, rate);
  GemmCycles out;
  if (g.dataflow == Dataflow::kThroughput && s.m != 0 && s.n != 0 && s.k != 0) {
    // Rate applies to the whole MAC count, not per k step: 3 x 3 x 3 at 2x
    // is 14 cell-cycles, not 3 x 3 x 2.
    const std::uint64_t macs = to_u64(static_cast<u128>(s.m) * s.n * s.k);
    const std::uint64_t cell_cycles = ceil_div_rate(macs, rate);
    const u128 cells = static_cast<u128>(g.rows) * g.cols;
    out.row_folds = out.col_folds = 1;
    out.macs = cell_cycles;
    out.cycles = to_u64((static_cast<u128>(cell_cycles) + cells - 1) / cells);
    out.utilization = static_cast<double>(cell_cycles) /
                      (static_cast<double>(cells) * static_cast<double>(out.cycles));
  } else {
    out = systolic_cycles({g.rows, g.cols}, g.dataflow, eff, model);
  }
  if (out.cycles != 0) {
    const double busy = out.utilization * static_cast<double>(out.cycles);
    out.cycles += g.pipeline_latency;
    out.utilization = busy / static_cast<double>(out.cycles);
  }
  return out;
}

}  // namespace kernbench::hw
