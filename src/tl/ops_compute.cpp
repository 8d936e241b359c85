// Elementwise, reduction and matrix operations of the kernel language.

#include <fmt/format.h>

#include "data/dot.hpp"
#include "data/layout.hpp"
#include "tl/errors.hpp"
#include "tl/program.hpp"
#include "tl/runner.hpp"
#include "tl/tile_limit.hpp"

namespace kernbench::tl {

using data::BinOp;
using data::DType;
using data::Shape;
using data::UnOp;

namespace {

hw::MathOp math_op_of(BinOp op) {
  switch (op) {
    case BinOp::add:
      return hw::MathOp::add;
    case BinOp::sub:
      return hw::MathOp::sub;
    case BinOp::mul:
      return hw::MathOp::mul;
    case BinOp::div:
    case BinOp::truediv:
    case BinOp::floordiv:
    case BinOp::mod:
      return hw::MathOp::div;
    case BinOp::min:
    case BinOp::min_nan:
      return hw::MathOp::min;
    case BinOp::max:
    case BinOp::max_nan:
      return hw::MathOp::max;
    case BinOp::eq:
    case BinOp::ne:
    case BinOp::lt:
    case BinOp::le:
    case BinOp::gt:
    case BinOp::ge:
      return hw::MathOp::compare;
    default:
      return hw::MathOp::add;  // bitwise, logical and shifts: one simple pass
  }
}

hw::MathOp math_op_of(UnOp op) {
  switch (op) {
    case UnOp::neg:
    case UnOp::bit_not:
    case UnOp::logical_not:
      return hw::MathOp::neg;
    case UnOp::abs:
      return hw::MathOp::abs;
    case UnOp::exp:
      return hw::MathOp::exp;
    case UnOp::exp2:
      return hw::MathOp::exp2;
    case UnOp::log:
      return hw::MathOp::log;
    case UnOp::log2:
      return hw::MathOp::log2;
    case UnOp::sqrt:
      return hw::MathOp::sqrt;
    case UnOp::rsqrt:
      return hw::MathOp::rsqrt;
    case UnOp::sigmoid:
      return hw::MathOp::sigmoid;
    case UnOp::cos:
      return hw::MathOp::cos;
    case UnOp::sin:
      return hw::MathOp::sin;
    case UnOp::tanh:
    case UnOp::erf:
      return hw::MathOp::tanh;
    default:
      return hw::MathOp::convert;
  }
}

std::uint64_t bytes_of(const Tensor& t) {
  return static_cast<std::uint64_t>(t.numel()) * data::size_of(t.dtype());
}

}  // namespace

void Program::check_pointer_arith(BinOp op, bool a_is_pointer, const HostArg& offsets) const {
  if ((op != BinOp::add && !(op == BinOp::sub && a_is_pointer)) || offsets.pointer ||
      !data::is_integral(offsets.dtype)) {
    throw KernelError(fmt::format(
        "{}, tl.{}: pointers support only pointer + integer offsets and pointer - offsets", where(),
        data::name(op)));
  }
}

Tensor Program::host_binary(BinOp op, const HostArg& a, const HostArg& b) {
  op_ = data::name(op).data();
  const Shape shape = data::broadcast_shapes(a.value.shape(), b.value.shape(), data::name(op));
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  if (a.pointer || b.pointer) {
    const HostArg& p = a.pointer ? a : b;
    const HostArg& o = a.pointer ? b : a;
    check_pointer_arith(op, a.pointer, o);
    const auto esize = static_cast<std::int64_t>(data::size_of(p.pointee));
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    HostValue off = tl::cast(o.value, DType::i64);
    off = tl::binary(BinOp::mul, off, HostValue::splat_int(Shape{}, esize, DType::i64));
    return make_host(tl::binary(op, p.value, off), true, p.pointee);
  }
  cpu(runner_->config().pe.cpu.scalar_op_cycles);
  return make_host(tl::binary(op, a.value, b.value));
}

Tensor Program::binary_scalar(BinOp op, const Tensor& t, double v, bool is_int, bool scalar_first) {
  if (t.on_device()) {
    const Tensor s = weak_scalar(v, is_int, t);
    return scalar_first ? binary(op, s, t) : binary(op, t, s);
  }
  const HostValue sv = weak_scalar_value(v, is_int, t);
  const HostArg s{sv, false, DType::f32, sv.dtype()};
  const HostArg h = host_arg(t);
  return scalar_first ? host_binary(op, s, h) : host_binary(op, h, s);
}

Tensor Program::binary(BinOp op, const Tensor& a, const Tensor& b) {
  if (!a.on_device() && !b.on_device()) return host_binary(op, host_arg(a), host_arg(b));
  op_ = data::name(op).data();
  const Shape shape = data::broadcast_shapes(a.shape(), b.shape(), data::name(op));
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  // Pointer arithmetic with offsets computed on the engines (a gather).
  if (a.is_pointer() || b.is_pointer()) {
    const Tensor& p = a.is_pointer() ? a : b;
    const Tensor& o = a.is_pointer() ? b : a;
    check_pointer_arith(op, a.is_pointer(), host_arg(o));
    const auto esize = static_cast<std::int64_t>(data::size_of(p.state().pointee));
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    HostValue off = tl::cast(host_of(o, op_), DType::i64);
    off = tl::binary(BinOp::mul, off, HostValue::splat_int(Shape{}, esize, DType::i64));
    return make_host(tl::binary(op, host_of(p, op_), off), true, p.state().pointee);
  }
  const DType rt = data::binary_result_dtype(op, a.dtype(), b.dtype());
  auto cmd = command(hw::CommandKind::math, op_);
  cmd->math_op = math_op_of(op);
  cmd->precision = runner_->precision_of(data::promote(a.dtype(), b.dtype()));
  cmd->elements = static_cast<std::uint64_t>(shape.numel());
  cmd->bytes = bytes_of(a) + bytes_of(b) + cmd->elements * data::size_of(rt);
  cmd->flops = cmd->elements;
  return issue(
      std::move(cmd), &shape, rt, {&a, &b},
      [op, x = a.shared(), y = b.shared()](DataEnv& env) {
        return data::binary(op, *env.value(*x), *env.value(*y));
      },
      describing()
          ? EffectDesc{.op = "binary", .in = {a.shared(), b.shared()}, .code = static_cast<int>(op)}
          : EffectDesc{});
}

Tensor Program::unary(UnOp op, const Tensor& a) {
  op_ = data::name(op).data();
  if (!a.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(tl::unary(op, a.state().host));
  }
  const DType rt = data::unary_result_dtype(op, a.dtype());
  auto cmd = command(hw::CommandKind::math, op_);
  cmd->math_op = math_op_of(op);
  cmd->precision = runner_->precision_of(a.dtype());
  cmd->elements = static_cast<std::uint64_t>(a.numel());
  cmd->bytes = bytes_of(a) + cmd->elements * data::size_of(rt);
  cmd->flops = cmd->elements;
  const Shape shape = a.shape();
  return issue(
      std::move(cmd), &shape, rt, {&a},
      [op, x = a.shared()](DataEnv& env) { return data::unary(op, *env.value(*x)); },
      describing() ? EffectDesc{.op = "unary", .in = {a.shared()}, .code = static_cast<int>(op)}
                   : EffectDesc{});
}

Tensor Program::where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  op_ = "where";
  const Shape shape = data::broadcast_shapes(
      cond.shape(), data::broadcast_shapes(a.shape(), b.shape(), "where"), "where");
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  if (!cond.on_device() && !a.on_device() && !b.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(tl::where(cond.state().host, a.state().host, b.state().host));
  }
  const DType rt = data::promote(a.dtype(), b.dtype());
  auto cmd = command(hw::CommandKind::math, "where");
  cmd->math_op = hw::MathOp::select;
  cmd->precision = runner_->precision_of(rt);
  cmd->elements = static_cast<std::uint64_t>(shape.numel());
  cmd->bytes = bytes_of(cond) + bytes_of(a) + bytes_of(b) + cmd->elements * data::size_of(rt);
  return issue(
      std::move(cmd), &shape, rt, {&cond, &a, &b},
      [c = cond.shared(), x = a.shared(), y = b.shared()](DataEnv& env) {
        return data::where(*env.value(*c), *env.value(*x), *env.value(*y));
      },
      describing() ? EffectDesc{.op = "where", .in = {cond.shared(), a.shared(), b.shared()}}
                   : EffectDesc{});
}

Tensor Program::fma(const Tensor& a, const Tensor& b, const Tensor& c) {
  op_ = "fma";
  const Shape shape =
      data::broadcast_shapes(a.shape(), data::broadcast_shapes(b.shape(), c.shape(), "fma"), "fma");
  if (!a.on_device() && !b.on_device() && !c.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(HostValue::dense(data::fma(
        a.state().host.materialize(), b.state().host.materialize(), c.state().host.materialize())));
  }
  const DType rt = data::promote(data::promote(a.dtype(), b.dtype()), c.dtype());
  auto cmd = command(hw::CommandKind::math, "fma");
  cmd->math_op = hw::MathOp::fma;
  cmd->precision = runner_->precision_of(rt);
  cmd->elements = static_cast<std::uint64_t>(shape.numel());
  cmd->bytes = bytes_of(a) + bytes_of(b) + bytes_of(c) + cmd->elements * data::size_of(rt);
  cmd->flops = 2 * cmd->elements;
  return issue(
      std::move(cmd), &shape, rt, {&a, &b, &c},
      [x = a.shared(), y = b.shared(), z = c.shared()](DataEnv& env) {
        return data::fma(*env.value(*x), *env.value(*y), *env.value(*z));
      },
      describing() ? EffectDesc{.op = "fma", .in = {a.shared(), b.shared(), c.shared()}}
                   : EffectDesc{});
}

Tensor Program::clamp(const Tensor& x, const Tensor& lo, const Tensor& hi) {
  op_ = "clamp";
  const Shape shape = data::broadcast_shapes(
      x.shape(), data::broadcast_shapes(lo.shape(), hi.shape(), "clamp"), "clamp");
  if (!x.on_device() && !lo.on_device() && !hi.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(
        HostValue::dense(data::clamp(x.state().host.materialize(), lo.state().host.materialize(),
                                     hi.state().host.materialize())));
  }
  const DType rt = x.dtype();
  auto cmd = command(hw::CommandKind::composite, "clamp");
  cmd->parts = {hw::MathOp::max, hw::MathOp::min};
  cmd->precision = runner_->precision_of(rt);
  cmd->elements = static_cast<std::uint64_t>(shape.numel());
  cmd->bytes = bytes_of(x) + bytes_of(lo) + bytes_of(hi) + cmd->elements * data::size_of(rt);
  return issue(
      std::move(cmd), &shape, rt, {&x, &lo, &hi},
      [a = x.shared(), l = lo.shared(), h = hi.shared()](DataEnv& env) {
        return data::clamp(*env.value(*a), *env.value(*l), *env.value(*h));
      },
      describing() ? EffectDesc{.op = "clamp", .in = {x.shared(), lo.shared(), hi.shared()}}
                   : EffectDesc{});
}

Tensor Program::reduce(data::RedOp op, const Tensor& a, std::optional<int> axis, bool keep_dims) {
  op_ = data::name(op).data();
  const Shape shape = data::reduce_result_shape(a.shape(), axis, keep_dims);
  const DType rt = data::reduce_result_dtype(op, a.dtype());
  if (!a.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(
        HostValue::dense(data::reduce(op, a.state().host.materialize(), axis, keep_dims)));
  }
  auto cmd = command(hw::CommandKind::reduce, op_);
  cmd->reduce_op = op == data::RedOp::sum
                       ? hw::ReduceOp::sum
                       : (op == data::RedOp::max || op == data::RedOp::argmax ? hw::ReduceOp::max
                                                                              : hw::ReduceOp::min);
  cmd->precision = runner_->precision_of(a.dtype());
  cmd->elements = static_cast<std::uint64_t>(a.numel());
  cmd->bytes = bytes_of(a) + static_cast<std::uint64_t>(shape.numel()) * data::size_of(rt);
  cmd->flops = cmd->elements;
  if (axis) cmd->axis = static_cast<std::int8_t>(*axis < 0 ? *axis + a.shape().rank() : *axis);
  cmd->keep_dims = keep_dims;
  return issue(
      std::move(cmd), &shape, rt, {&a},
      [op, x = a.shared(), axis, keep_dims](DataEnv& env) {
        return data::reduce(op, *env.value(*x), axis, keep_dims);
      },
      describing() ? EffectDesc{.op = "reduce",
                                .in = {a.shared()},
                                .code = static_cast<int>(op),
                                .axis = axis,
                                .keep_dims = keep_dims}
                   : EffectDesc{});
}

Tensor Program::dot(const Tensor& a, const Tensor& b, const std::optional<Tensor>& acc,
                    std::optional<DType> out_dtype, data::DotPrecision input_precision) {
  op_ = "dot";
  const Shape shape = data::dot_result_shape(a.shape(), b.shape());
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  const DType rt = data::dot_result_dtype(
      a.dtype(), b.dtype(), acc ? std::optional<DType>(acc->dtype()) : std::nullopt, out_dtype);
  if (acc && !(acc->shape() == shape)) {
    throw KernelError(fmt::format("{}, tl.dot: the accumulator has shape {}, expected {}", where(),
                                  acc->shape().to_string(), shape.to_string()));
  }
  const int r = a.shape().rank();
  const std::int64_t batch = r == 3 ? a.shape()[0] : 1;
  const std::int64_t m = a.shape()[r - 2];
  const std::int64_t k = a.shape()[r - 1];
  const std::int64_t n = b.shape()[r - 1];
  auto cmd = command(hw::CommandKind::gemm, "dot");
  cmd->gemm = {static_cast<std::uint64_t>(batch * m), static_cast<std::uint64_t>(n),
               static_cast<std::uint64_t>(k)};
  hw::Precision prec = runner_->precision_of(a.dtype());
  if (a.dtype() == DType::f32 && input_precision != data::DotPrecision::ieee) {
    prec = hw::Precision::tf32;
  }
  cmd->precision = prec;
  cmd->flops = static_cast<std::uint64_t>(2 * batch * m * n * k);
  cmd->bytes = bytes_of(a) + bytes_of(b) +
               static_cast<std::uint64_t>(shape.numel()) * data::size_of(rt) * (acc ? 2 : 1);
  cmd->tcm_bytes = bytes_of(a) + bytes_of(b);  // the accumulator stays in the array
  // The array accumulates in the result dtype.
  cmd->acc_dtype = static_cast<std::uint8_t>(rt);
  return issue(
      std::move(cmd), &shape, rt, {&a, &b, acc ? &*acc : nullptr},
      [x = a.shared(), y = b.shared(), c = acc ? acc->shared() : nullptr, rt,
       input_precision](DataEnv& env) {
        if (c) {
          const auto cv = env.value(*c);
          return data::dot(*env.value(*x), *env.value(*y), cv.get(), rt, input_precision);
        }
        return data::dot(*env.value(*x), *env.value(*y), nullptr, rt, input_precision);
      },
      describing() ? EffectDesc{.op = "dot",
                                .in = {a.shared(), b.shared(), acc ? acc->shared() : nullptr},
                                .dtype = rt,
                                .precision = input_precision}
                   : EffectDesc{});
}

}  // namespace kernbench::tl
