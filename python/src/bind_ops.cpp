// Kernel-language functions that compute (triton.language's program ids,
// creation, elementwise math, reductions and dot), acting on the running
// program.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"
#include "convert.hpp"
#include "program_thread.hpp"

namespace kernbench::py {
namespace {

using data::UnOp;
using pb::arg;
using tl::Tensor;

Tensor unary(UnOp op, pb::handle x, const char* name) {
  tl::Program& p = active(name);
  return p.unary(op, tensor_arg(p, x, nullptr, "x"));
}

// A pair of operands where either may be a Python number typed by the other.
std::pair<Tensor, Tensor> pair_args(tl::Program& p, pb::handle a, pb::handle b, const char* an,
                                    const char* bn) {
  Tensor x = operand(p, a, nullptr);
  if (x.valid() && (PyLong_Check(a.ptr()) || PyFloat_Check(a.ptr()))) x = Tensor();
  if (x.valid()) return {x, tensor_arg(p, b, &x, bn)};
  Tensor y = tensor_arg(p, b, nullptr, bn);
  return {tensor_arg(p, a, &y, an), y};
}

std::optional<int> axis_arg(pb::handle h) {
  if (h.is_none()) return std::nullopt;
  return h.cast<int>();
}

pb::object reduce(data::RedOp op, data::RedOp index_op, pb::handle input, pb::handle axis,
                  bool return_indices, bool keep_dims, const char* name) {
  tl::Program& p = active(name);
  const Tensor x = tensor_arg(p, input, nullptr, "input");
  Tensor r = p.reduce(op, x, axis_arg(axis), keep_dims);
  if (!return_indices) return pb::cast(r);
  return pb::make_tuple(r, p.reduce(index_op, x, axis_arg(axis), keep_dims));
}

void def_program(pb::module_& m) {
  m.def(
      "program_id", [](int axis) { return active("program_id").program_id(axis); },
      arg("axis") = 0);
  m.def(
      "num_programs", [](int axis) { return active("num_programs").num_programs(axis); },
      arg("axis") = 0);
  m.def("in_kernel", [] { return active_program() != nullptr; });
  m.def("has_values", [] { return active("has_values").has_values(); });
  m.def("debug_barrier", [] { active("debug_barrier").debug_barrier(); });
  m.def("where_am_i", [] { return active("device_print").where(); });
}

void def_create(pb::module_& m) {
  m.def(
      "arange",
      [](std::int64_t start, std::int64_t end) { return active("arange").arange(start, end); },
      arg("start"), arg("end"));
  m.def(
      "full",
      [](pb::handle shape, double value, pb::handle dtype) {
        return active("full").full(to_shape(shape, "shape"), value, to_dtype(dtype, "dtype"));
      },
      arg("shape"), arg("value"), arg("dtype"));
  m.def(
      "zeros",
      [](pb::handle shape, pb::handle dtype) {
        return active("zeros").zeros(to_shape(shape, "shape"), to_dtype(dtype, "dtype"));
      },
      arg("shape"), arg("dtype"));
  m.def("zeros_like", [](const Tensor& t) { return active("zeros_like").zeros_like(t); });
  m.def(
      "cast",
      [](pb::handle x, pb::handle dtype) {
        tl::Program& p = active("cast");
        return p.cast(tensor_arg(p, x, nullptr, "input"), to_dtype(dtype, "dtype"));
      },
      arg("input"), arg("dtype"));
  m.def("broadcast_to", [](const Tensor& t, pb::handle shape) {
    return active("broadcast_to").broadcast_to(t, to_shape(shape, "shape"));
  });
  m.def("reshape", [](const Tensor& t, pb::handle shape) {
    return active("reshape").reshape(t, to_shape(shape, "shape"));
  });
  m.def("trans", [](const Tensor& t) { return active("trans").trans(t); });
  m.def("expand_dims",
        [](const Tensor& t, int axis) { return active("expand_dims").expand_dims(t, axis); });
}

void def_math(pb::module_& m) {
  const std::pair<const char*, UnOp> ops[] = {
      {"exp", UnOp::exp},     {"exp2", UnOp::exp2},   {"log", UnOp::log},
      {"log2", UnOp::log2},   {"sqrt", UnOp::sqrt},   {"sqrt_rn", UnOp::sqrt},
      {"rsqrt", UnOp::rsqrt}, {"abs", UnOp::abs},     {"sigmoid", UnOp::sigmoid},
      {"cos", UnOp::cos},     {"sin", UnOp::sin},     {"tanh", UnOp::tanh},
      {"erf", UnOp::erf},     {"floor", UnOp::floor}, {"ceil", UnOp::ceil}};
  for (const auto& [name, op] : ops) {
    m.def(
        name, [op, name](pb::handle x) { return unary(op, x, name); }, arg("x"));
  }
  m.def(
      "where",
      [](pb::handle cond, pb::handle x, pb::handle y) {
        tl::Program& p = active("where");
        const Tensor c = tensor_arg(p, cond, nullptr, "condition");
        auto [a, b] = pair_args(p, x, y, "x", "y");
        return p.where(c, a, b);
      },
      arg("condition"), arg("x"), arg("y"));
  const auto minmax = [](data::BinOp plain, data::BinOp nan, const char* name) {
    return [plain, nan, name](pb::handle x, pb::handle y, pb::handle propagate_nan) {
      tl::Program& p = active(name);
      auto [a, b] = pair_args(p, x, y, "x", "y");
      const bool all = !propagate_nan.is_none() &&
                       pb::str(propagate_nan).cast<std::string>().find("ALL") != std::string::npos;
      return p.binary(all ? nan : plain, a, b);
    };
  };
  m.def("maximum", minmax(data::BinOp::max, data::BinOp::max_nan, "maximum"), arg("x"), arg("y"),
        arg("propagate_nan") = pb::none());
  m.def("minimum", minmax(data::BinOp::min, data::BinOp::min_nan, "minimum"), arg("x"), arg("y"),
        arg("propagate_nan") = pb::none());
  m.def("fma", [](pb::handle x, pb::handle y, pb::handle z) {
    tl::Program& p = active("fma");
    const Tensor a = tensor_arg(p, x, nullptr, "x");
    return p.fma(a, tensor_arg(p, y, &a, "y"), tensor_arg(p, z, &a, "z"));
  });
  m.def(
      "clamp",
      [](pb::handle x, pb::handle lo, pb::handle hi) {
        tl::Program& p = active("clamp");
        const Tensor a = tensor_arg(p, x, nullptr, "x");
        return p.clamp(a, tensor_arg(p, lo, &a, "min"), tensor_arg(p, hi, &a, "max"));
      },
      arg("x"), arg("min"), arg("max"));
}

void def_reduce(pb::module_& m) {
  using data::RedOp;
  m.def(
      "sum",
      [](pb::handle x, pb::handle axis, bool keep_dims, pb::handle) {
        return reduce(RedOp::sum, RedOp::sum, x, axis, false, keep_dims, "sum");
      },
      arg("input"), arg("axis") = pb::none(), arg("keep_dims") = false, arg("dtype") = pb::none());
  m.def(
      "max",
      [](pb::handle x, pb::handle axis, bool ri, bool, bool keep_dims) {
        return reduce(RedOp::max, RedOp::argmax, x, axis, ri, keep_dims, "max");
      },
      arg("input"), arg("axis") = pb::none(), arg("return_indices") = false,
      arg("return_indices_tie_break_left") = true, arg("keep_dims") = false);
  m.def(
      "min",
      [](pb::handle x, pb::handle axis, bool ri, bool, bool keep_dims) {
        return reduce(RedOp::min, RedOp::argmin, x, axis, ri, keep_dims, "min");
      },
      arg("input"), arg("axis") = pb::none(), arg("return_indices") = false,
      arg("return_indices_tie_break_left") = true, arg("keep_dims") = false);
  m.def(
      "argmax",
      [](pb::handle x, int axis, bool, bool keep_dims) {
        tl::Program& p = active("argmax");
        return p.argmax(tensor_arg(p, x, nullptr, "input"), axis, keep_dims);
      },
      arg("input"), arg("axis"), arg("tie_break_left") = true, arg("keep_dims") = false);
  m.def(
      "argmin",
      [](pb::handle x, int axis, bool, bool keep_dims) {
        tl::Program& p = active("argmin");
        return p.argmin(tensor_arg(p, x, nullptr, "input"), axis, keep_dims);
      },
      arg("input"), arg("axis"), arg("tie_break_left") = true, arg("keep_dims") = false);
}

data::DotPrecision precision(pb::handle input_precision, pb::handle allow_tf32) {
  if (!input_precision.is_none()) {
    const auto s = pb::str(input_precision).cast<std::string>();
    if (s == "tf32") return data::DotPrecision::tf32;
    if (s == "tf32x3") return data::DotPrecision::tf32x3;
    if (s == "ieee") return data::DotPrecision::ieee;
    throw pb::value_error(fmt::format(
        "argument 'input_precision': expected \"tf32\", \"tf32x3\" or \"ieee\", got \"{}\"", s));
  }
  if (!allow_tf32.is_none() && allow_tf32.cast<bool>()) return data::DotPrecision::tf32;
  return data::DotPrecision::ieee;
}

void def_dot(pb::module_& m) {
  m.def(
      "dot",
      [](const Tensor& a, const Tensor& b, pb::handle acc, pb::handle input_precision,
         pb::handle allow_tf32, pb::handle, pb::handle out_dtype) {
        tl::Program& p = active("dot");
        std::optional<data::DType> od;
        if (!out_dtype.is_none()) od = to_dtype(out_dtype, "out_dtype");
        return p.dot(a, b, optional_arg(p, acc, nullptr, "acc"), od,
                     precision(input_precision, allow_tf32));
      },
      arg("input"), arg("other"), arg("acc") = pb::none(), arg("input_precision") = pb::none(),
      arg("allow_tf32") = pb::none(), arg("max_num_imprecise_acc") = pb::none(),
      arg("out_dtype") = pb::none());
}

// A counted loop of the running program (tl.range): its pipelined window
// opens with the loop, advances per iteration and closes with it.
class Loop {
 public:
  Loop(tl::Program& p, std::int64_t a, std::int64_t b, std::int64_t step, int stages)
      : prog_(&p), range_(new tl::Range(p.range(a, b, step, stages))) {}
  void next() {
    if (range_) prog_->loop_next_iteration();
  }
  void close() { range_.reset(); }

 private:
  tl::Program* prog_;
  std::unique_ptr<tl::Range> range_;
};

void def_loop(pb::module_& m) {
  pb::class_<Loop>(m, "Loop").def("next", &Loop::next).def("close", &Loop::close);
  m.def("open_loop", [](std::int64_t a, std::int64_t b, std::int64_t step, int stages) {
    return std::make_unique<Loop>(active("range"), a, b, step, stages);
  });
}

}  // namespace

void bind_ops(pb::module_& m) {
  def_program(m);
  def_create(m);
  def_math(m);
  def_reduce(m);
  def_dot(m);
  def_loop(m);
}

}  // namespace kernbench::py
