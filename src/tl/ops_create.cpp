// Creation and shape operations of the kernel language.

#include <bit>

#include <fmt/format.h>

#include "data/layout.hpp"
#include "tl/errors.hpp"
#include "tl/program.hpp"
#include "tl/runner.hpp"
#include "tl/tile_limit.hpp"

namespace kernbench::tl {

using data::DType;
using data::Shape;

Tensor Program::arange(std::int64_t start, std::int64_t end) {
  op_ = "arange";
  const std::int64_t n = end - start;
  if (n <= 0 || !std::has_single_bit(static_cast<std::uint64_t>(n))) {
    throw KernelError(
        fmt::format("{}, tl.arange({}, {}): the length {} must be a power of two (tile sizes are "
                    "compile-time powers of two, as in Triton)",
                    where(), start, end, n));
  }
  check_tile(
      runner_->config(), n, nullptr, [this] { return where(); }, op_);
  cpu(runner_->config().pe.cpu.scalar_op_cycles);
  return make_host(HostValue::arange(start, end));
}

Tensor Program::full(const Shape& shape, double value, DType dtype) {
  op_ = "full";
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  cpu(runner_->config().pe.cpu.scalar_op_cycles);
  if (data::is_float(dtype)) return make_host(HostValue::splat_float(shape, value, dtype));
  if (dtype == DType::boolean) return make_host(HostValue::splat_bool(shape, value != 0.0));
  return make_host(HostValue::splat_int(shape, static_cast<std::int64_t>(value), dtype));
}

Tensor Program::zeros(const Shape& shape, DType dtype) {
  return full(shape, 0.0, dtype);
}

Tensor Program::zeros_like(const Tensor& t) {
  return full(t.shape(), 0.0, t.dtype());
}

Tensor Program::scalar(double v, DType dtype) {
  return full(Shape{}, v, dtype);
}

Tensor Program::cast(const Tensor& t, DType dtype) {
  op_ = "cast";
  if (t.dtype() == dtype) return t;
  if (!t.on_device()) {
    cpu(runner_->config().pe.cpu.scalar_op_cycles);
    return make_host(tl::cast(t.state().host, dtype));
  }
  auto cmd = command(hw::CommandKind::math, "cast");
  cmd->math_op = hw::MathOp::convert;
  cmd->precision = runner_->precision_of(t.dtype());
  cmd->elements = static_cast<std::uint64_t>(t.numel());
  cmd->bytes =
      static_cast<std::uint64_t>(t.numel()) * (data::size_of(t.dtype()) + data::size_of(dtype));
  const Shape shape = t.shape();
  return issue(
      std::move(cmd), &shape, dtype, {&t},
      [a = t.shared(), dtype](DataEnv& env) { return data::cast(*env.value(*a), dtype); },
      describing() ? EffectDesc{.op = "cast", .in = {t.shared()}, .dtype = dtype} : EffectDesc{});
}

Tensor Program::expand_dims(const Tensor& t, int axis) {
  op_ = "expand_dims";
  if (!t.on_device()) {
    Tensor r = make_host(tl::expand_dims(t.state().host, axis), t.is_pointer(), t.state().pointee);
    return r;
  }
  const int r = t.shape().rank();
  const int ax = axis < 0 ? axis + r + 1 : axis;
  if (ax < 0 || ax > r) {
    throw KernelError(fmt::format("{}, tl.expand_dims: axis {} is out of range for shape {}",
                                  where(), axis, t.shape().to_string()));
  }
  return view(
      t, t.shape().inserted(ax, 1), [axis](data::Array a) { return data::expand_dims(a, axis); },
      ViewStep{ViewStep::Kind::expand_dims, axis, {}});
}

Tensor Program::broadcast_to(const Tensor& t, const Shape& shape) {
  op_ = "broadcast_to";
  check_tile(
      runner_->config(), shape.numel(), &shape, [this] { return where(); }, op_);
  if (!t.on_device()) {
    return make_host(tl::broadcast_to(t.state().host, shape), t.is_pointer(), t.state().pointee);
  }
  (void)data::broadcast_shapes(t.shape(), shape, "broadcast_to");
  return view(
      t, shape, [shape](data::Array a) { return data::broadcast_to(a, shape); },
      ViewStep{ViewStep::Kind::broadcast_to, 0, shape});
}

Tensor Program::trans(const Tensor& t) {
  op_ = "trans";
  if (t.shape().rank() != 2) {
    throw KernelError(fmt::format("{}, tl.trans: expects a 2-D tile, got shape {}", where(),
                                  t.shape().to_string()));
  }
  if (!t.on_device())
    return make_host(tl::trans(t.state().host), t.is_pointer(), t.state().pointee);
  return view(
      t, Shape{t.shape()[1], t.shape()[0]}, [](data::Array a) { return data::trans(a); },
      ViewStep{ViewStep::Kind::trans, 0, {}});
}

Tensor Program::reshape(const Tensor& t, const Shape& shape) {
  op_ = "reshape";
  if (shape.numel() != t.numel()) {
    throw KernelError(fmt::format("{}, tl.reshape: cannot reshape {} ({} elements) to {}", where(),
                                  t.shape().to_string(), t.numel(), shape.to_string()));
  }
  if (!t.on_device()) {
    return make_host(tl::reshape(t.state().host, shape), t.is_pointer(), t.state().pointee);
  }
  return view(
      t, shape, [shape](data::Array a) { return data::reshape(a, shape); },
      ViewStep{ViewStep::Kind::reshape, 0, shape});
}

}  // namespace kernbench::tl
