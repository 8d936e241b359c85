#include "hw/models/math_cost.hpp"

#include <array>
#include <stdexcept>

#include "hw/models/systolic.hpp"

namespace kernbench::hw {
namespace {

constexpr std::array kSimple{OpClass::simple};
constexpr std::array kTrans{OpClass::transcendental};
constexpr std::array kDivSqrt{OpClass::div_sqrt};
// tanh(x) = 1 - 2 / (1 + e^2x) and sigmoid(x) = 1 / (1 + e^-x): an exponential
// then a reciprocal; the add folds into the reciprocal's pipeline.
constexpr std::array kExpThenRcp{OpClass::transcendental, OpClass::div_sqrt};

const MathOpClass& unit(const MathConfig& m, OpClass c) {
  switch (c) {
    case OpClass::simple:
      return m.simple;
    case OpClass::transcendental:
      return m.transcendental;
    case OpClass::div_sqrt:
      return m.divsqrt;
  }
  return m.simple;
}

}  // namespace

std::span<const OpClass> op_passes(MathOp op) {
  switch (op) {
    case MathOp::exp:
    case MathOp::exp2:
    case MathOp::log:
    case MathOp::log2:
    case MathOp::sin:
    case MathOp::cos:
      return kTrans;
    case MathOp::tanh:
    case MathOp::sigmoid:
      return kExpThenRcp;
    case MathOp::div:
    case MathOp::sqrt:
    case MathOp::rsqrt:
    case MathOp::reciprocal:
      return kDivSqrt;
    default:
      return kSimple;
  }
}

std::string_view to_string(MathOp op) {
  constexpr std::string_view kNames[] = {
      "add",     "sub",  "mul",     "fma", "min",  "max",   "compare",   "select",
      "convert", "abs",  "neg",     "exp", "exp2", "log",   "log2",      "sin",
      "cos",     "tanh", "sigmoid", "div", "sqrt", "rsqrt", "reciprocal"};
  return kNames[static_cast<std::size_t>(op)];
}

std::string_view to_string(OpClass c) {
  constexpr std::string_view kNames[] = {"simple", "transcendental", "divsqrt"};
  return kNames[static_cast<std::size_t>(c)];
}

std::uint64_t ceil_log2(std::uint64_t v) {
  if (v == 0) throw std::invalid_argument("ceil_log2(0)");
  std::uint64_t r = 0;
  while ((std::uint64_t{1} << r) < v) ++r;
  return r;
}

std::uint64_t pack_factor(const MathConfig& m, Precision p) {
  return m.pack_subword ? 32 / storage_bits(p) : 1;
}

std::uint64_t pass_cycles(const MathConfig& m, OpClass c, Precision p, std::uint64_t elements) {
  if (elements == 0) return 0;
  if (m.lanes == 0) throw std::invalid_argument("pass_cycles: zero lanes");
  const MathOpClass& u = unit(m, c);
  // lanes * pack * rate is exact in double for the dyadic rates hardware has
  // (1, 0.5, 0.125, ...); the division by it is then exact (ceil_div_rate).
  const double lane_rate = static_cast<double>(m.lanes * pack_factor(m, p)) * u.rate;
  std::uint64_t cycles = 0;
  if (__builtin_add_overflow(u.latency, ceil_div_rate(elements, lane_rate), &cycles))
    throw std::overflow_error("math cycle count overflows 64 bits; expected fewer elements");
  return cycles;
}

std::uint64_t math_cycles(const MathConfig& m, MathOp op, Precision p, std::uint64_t elements) {
  std::uint64_t total = 0;
  for (const OpClass c : op_passes(op))
    if (__builtin_add_overflow(total, pass_cycles(m, c, p, elements), &total))
      throw std::overflow_error("math cycle count overflows 64 bits; expected fewer elements");
  return total;
}

PipeWork math_pipe_work(const MathConfig& m, std::span<const MathOp> ops, Precision p,
                        std::uint64_t elements) {
  PipeWork w;
  if (elements == 0) return w;
  for (const MathOp op : ops) {
    for (const OpClass c : op_passes(op)) {
      const std::uint64_t latency = unit(m, c).latency;
      w.busy[static_cast<std::size_t>(c)] += pass_cycles(m, c, p, elements) - latency;
      w.latency += latency;
    }
  }
  return w;
}

PipeWork reduce_pipe_work(const MathConfig& m, Precision p, std::uint64_t elements) {
  PipeWork w;
  if (elements == 0) return w;
  const std::uint64_t steps = ceil_log2(m.lanes);
  w.busy[static_cast<std::size_t>(OpClass::simple)] =
      pass_cycles(m, OpClass::simple, p, elements) - m.simple.latency + steps;
  w.latency = m.simple.latency + m.reduction_step * steps;
  return w;
}

std::uint64_t reduce_cycles(const MathConfig& m, ReduceOp, Precision p, std::uint64_t elements) {
  if (elements == 0) return 0;
  std::uint64_t cycles = 0;
  if (__builtin_add_overflow(pass_cycles(m, OpClass::simple, p, elements),
                             m.reduction_step * ceil_log2(m.lanes), &cycles))
    throw std::overflow_error("reduction cycle count overflows 64 bits; expected fewer elements");
  return cycles;
}

}  // namespace kernbench::hw
