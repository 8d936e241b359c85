#pragma once
/// \file
/// Cycles of a vector/math-engine command (pure functions).
///
/// An op is one or more passes, each through one unit class (simple,
/// transcendental, divsqrt). Per pass of class c over E elements:
///   latency_c + ceil(E / (lanes * rate_c * pack(p)))
/// where pack(p) = 32 / storage_bits(p) when pe.math.pack_subword (f16/bf16
/// two per 32-bit lane, fp8/int8 four) and 1 otherwise; an op's cycles are the
/// sum over its passes. Reductions (sum, max, min) run one simple pass and
/// then a cross-lane tree: + reduction_step * ceil(log2(lanes)).
/// Zero elements cost 0 cycles. Throughput division is exact.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

enum class MathOp {
  add,
  sub,
  mul,
  fma,
  min,
  max,
  compare,
  select,
  convert,
  abs,
  neg,
  exp,
  exp2,
  log,
  log2,
  sin,
  cos,
  tanh,
  sigmoid,
  div,
  sqrt,
  rsqrt,
  reciprocal,
};

enum class ReduceOp { sum, max, min };

enum class OpClass { simple, transcendental, div_sqrt };

/// The passes an op takes, in order (sigmoid: exp then reciprocal).
std::span<const OpClass> op_passes(MathOp op);
std::string_view to_string(MathOp op);
std::string_view to_string(OpClass c);

/// Elements one 32-bit lane handles per pass: 32 / bits when packing, else 1.
std::uint64_t pack_factor(const MathConfig& math, Precision p);

/// Cycles of one pass of class `c` over `elements`.
std::uint64_t pass_cycles(const MathConfig& math, OpClass c, Precision p, std::uint64_t elements);

/// Cycles of an elementwise op over `elements`.
std::uint64_t math_cycles(const MathConfig& math, MathOp op, Precision p, std::uint64_t elements);

/// Cycles of a reduction of `elements` inputs (to one or more outputs whose
/// lane trees pipeline behind each other).
std::uint64_t reduce_cycles(const MathConfig& math, ReduceOp op, Precision p,
                            std::uint64_t elements);

/// A command's work on pipelined math units (pe.math.pipelined): the cycles
/// each op class's pipe is busy (throughput only) and the latency after the
/// last pipe frees until the result is ready (the latencies of its passes in
/// turn; a reduction adds its cross-lane tree: reduction_step per step, each
/// step one issue cycle of the simple pipe).
struct PipeWork {
  std::array<std::uint64_t, 3> busy{};  ///< by OpClass
  std::uint64_t latency = 0;
};
PipeWork math_pipe_work(const MathConfig& math, std::span<const MathOp> ops, Precision p,
                        std::uint64_t elements);
PipeWork reduce_pipe_work(const MathConfig& math, Precision p, std::uint64_t elements);

/// ceil(log2(v)) for v >= 1 (0 for v = 1).
std::uint64_t ceil_log2(std::uint64_t v);

}  // namespace kernbench::hw
