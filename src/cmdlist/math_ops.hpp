#pragma once
/// @file math_ops.hpp
/// The math ops a command list may name, with their data-layer op and their
/// math-engine cost class:
///   unary   neg abs exp exp2 log log2 sqrt rsqrt sigmoid cos sin tanh
///   binary  add sub mul div (true division) min max
///   reduce  sum max min (one input; `axis` optional)
/// `max` and `min` are binary with two inputs and reductions with one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "cmdlist/command_list.hpp"
#include "data/elementwise.hpp"
#include "data/reduce.hpp"
#include "hw/models/math_cost.hpp"

namespace kernbench::cmdlist {

struct MathOpInfo {
  MathKind kind = MathKind::unary;
  data::UnOp unary = data::UnOp::neg;
  data::BinOp binary = data::BinOp::add;
  data::RedOp reduce = data::RedOp::sum;
  hw::MathOp engine_op = hw::MathOp::add;          ///< unary and binary
  hw::ReduceOp engine_reduce = hw::ReduceOp::sum;  ///< reductions
};

/// The op called `name` with `inputs` operands, or nullopt.
std::optional<MathOpInfo> math_op_info(std::string_view name, std::size_t inputs);
/// Its kind, or nullopt.
std::optional<MathKind> math_kind(std::string_view name, std::size_t inputs);
/// "`xyz` with N inputs is not a math op; expected ..." listing the valid ops.
std::string unknown_math_op_message(std::string_view name, std::size_t inputs);

}  // namespace kernbench::cmdlist
