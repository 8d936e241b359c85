#include "cmdlist/math_ops.hpp"

#include <fmt/format.h>

#include <array>

namespace kernbench::cmdlist {
namespace {

using data::BinOp;
using data::RedOp;
using data::UnOp;
using hw::MathOp;
using hw::ReduceOp;

struct Named {
  std::string_view name;
  MathOpInfo info;
};

MathOpInfo un(UnOp op, MathOp e) {
  MathOpInfo i;
  i.kind = MathKind::unary;
  i.unary = op;
  i.engine_op = e;
  return i;
}
MathOpInfo bin(BinOp op, MathOp e) {
  MathOpInfo i;
  i.kind = MathKind::binary;
  i.binary = op;
  i.engine_op = e;
  return i;
}
MathOpInfo red(RedOp op, ReduceOp e) {
  MathOpInfo i;
  i.kind = MathKind::reduce;
  i.reduce = op;
  i.engine_reduce = e;
  return i;
}

const std::array<Named, 21>& table() {
  static const std::array<Named, 21> t = {{
      {"neg", un(UnOp::neg, MathOp::neg)},
      {"abs", un(UnOp::abs, MathOp::abs)},
      {"exp", un(UnOp::exp, MathOp::exp)},
      {"exp2", un(UnOp::exp2, MathOp::exp2)},
      {"log", un(UnOp::log, MathOp::log)},
      {"log2", un(UnOp::log2, MathOp::log2)},
      {"sqrt", un(UnOp::sqrt, MathOp::sqrt)},
      {"rsqrt", un(UnOp::rsqrt, MathOp::rsqrt)},
      {"sigmoid", un(UnOp::sigmoid, MathOp::sigmoid)},
      {"cos", un(UnOp::cos, MathOp::cos)},
      {"sin", un(UnOp::sin, MathOp::sin)},
      {"tanh", un(UnOp::tanh, MathOp::tanh)},
      {"add", bin(BinOp::add, MathOp::add)},
      {"sub", bin(BinOp::sub, MathOp::sub)},
      {"mul", bin(BinOp::mul, MathOp::mul)},
      {"div", bin(BinOp::truediv, MathOp::div)},
      {"min", bin(BinOp::min, MathOp::min)},
      {"max", bin(BinOp::max, MathOp::max)},
      {"sum", red(RedOp::sum, ReduceOp::sum)},
      {"max", red(RedOp::max, ReduceOp::max)},
      {"min", red(RedOp::min, ReduceOp::min)},
  }};
  return t;
}

std::size_t inputs_of(MathKind k) {
  return k == MathKind::binary ? 2 : 1;
}

}  // namespace

std::optional<MathOpInfo> math_op_info(std::string_view name, std::size_t inputs) {
  for (const Named& n : table()) {
    if (n.name == name && inputs_of(n.info.kind) == inputs) return n.info;
  }
  return std::nullopt;
}

std::optional<MathKind> math_kind(std::string_view name, std::size_t inputs) {
  const auto i = math_op_info(name, inputs);
  return i ? std::optional<MathKind>(i->kind) : std::nullopt;
}

std::string unknown_math_op_message(std::string_view name, std::size_t inputs) {
  return fmt::format(
      "`{}` with {} input(s) is not a math op; expected one input: neg, abs, exp, exp2, log, "
      "log2, sqrt, rsqrt, sigmoid, cos, sin, tanh, or the reductions sum, max, min; two inputs: "
      "add, sub, mul, div, min, max",
      name, inputs);
}

}  // namespace kernbench::cmdlist
