// Tensor handles, their operators and Triton's weak scalar typing.

#include "tl/tensor.hpp"

#include <fmt/format.h>

#include "tl/errors.hpp"
#include "tl/program.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl {

using data::BinOp;
using data::DType;
using data::Shape;

Tensor Tensor::col() const {
  return program().expand_dims(*this, 1);
}
Tensor Tensor::row() const {
  return program().expand_dims(*this, 0);
}
Tensor Tensor::to(DType t) const {
  return program().cast(*this, t);
}
Tensor Tensor::T() const {
  return program().trans(*this);
}

const data::Array& Tensor::values() const {
  Program& p = program();
  if (!s_->device) {
    if (!s_->value) s_->value = std::make_shared<const data::Array>(s_->host.materialize());
    return *s_->value;
  }
  if (!p.has_values()) {
    throw ValueUnavailableError(fmt::format(
        "{}: the kernel reads the values of a {} tile computed on the engines, which do not "
        "exist in timing-only mode (it branches on data); run it in data mode",
        p.where(), s_->shape.to_string()));
  }
  p.wait_ready(*s_);
  if (!s_->value) s_->value = p.runner().live_env().value(*s_);
  return *s_->value;
}

double Tensor::item() const {
  const data::Array& v = values();
  if (v.numel() != 1) {
    throw KernelError(fmt::format("{}: item() needs a one-element tensor, got shape {}",
                                  program().where(), s_->shape.to_string()));
  }
  return v.get_double(0);
}

std::int64_t Tensor::item_int() const {
  const data::Array& v = values();
  if (v.numel() != 1) {
    throw KernelError(fmt::format("{}: item_int() needs a one-element tensor, got shape {}",
                                  program().where(), s_->shape.to_string()));
  }
  return data::is_float(v.dtype()) ? static_cast<std::int64_t>(v.get_double(0)) : v.i64()[0];
}

HostValue Program::weak_scalar_value(double v, bool is_int, const Tensor& like) const {
  // Triton types Python scalars weakly: they take the tensor's type when it
  // can hold them (an int with an int tile, any number with a float tile).
  const DType t = like.is_pointer() ? DType::i64 : like.dtype();
  DType st;
  if (is_int) {
    if (data::is_float(t)) {
      st = t;
    } else if (data::is_int(t) && v >= -2147483648.0 && v <= 2147483647.0) {
      st = t;
    } else if (data::is_int(t)) {
      st = DType::i64;
    } else {
      st = (v >= -2147483648.0 && v <= 2147483647.0) ? DType::i32 : DType::i64;
    }
  } else {
    st = data::is_float(t) ? t : DType::f32;
  }
  if (data::is_float(st)) return HostValue::splat_float(Shape{}, v, st);
  return HostValue::splat_int(Shape{}, static_cast<std::int64_t>(v), st);
}

Tensor Program::weak_scalar(double v, bool is_int, const Tensor& like) {
  return make_host(weak_scalar_value(v, is_int, like));
}

#define KERNBENCH_TL_BINOP(OP, BIN)                                                       \
  Tensor operator OP(const Tensor& a, const Tensor& b) {                                  \
    return a.program().binary(BinOp::BIN, a, b);                                          \
  }                                                                                       \
  Tensor operator OP(const Tensor& a, std::int64_t b) {                                   \
    return a.program().binary_scalar(BinOp::BIN, a, static_cast<double>(b), true, false); \
  }                                                                                       \
  Tensor operator OP(std::int64_t a, const Tensor& b) {                                   \
    return b.program().binary_scalar(BinOp::BIN, b, static_cast<double>(a), true, true);  \
  }                                                                                       \
  Tensor operator OP(const Tensor& a, int b) {                                            \
    return a OP static_cast<std::int64_t>(b);                                             \
  }                                                                                       \
  Tensor operator OP(int a, const Tensor& b) {                                            \
    return static_cast<std::int64_t>(a) OP b;                                             \
  }                                                                                       \
  Tensor operator OP(const Tensor& a, double b) {                                         \
    return a.program().binary_scalar(BinOp::BIN, a, b, false, false);                     \
  }                                                                                       \
  Tensor operator OP(double a, const Tensor& b) {                                         \
    return b.program().binary_scalar(BinOp::BIN, b, a, false, true);                      \
  }

KERNBENCH_TL_BINOP(+, add)
KERNBENCH_TL_BINOP(-, sub)
KERNBENCH_TL_BINOP(*, mul)
KERNBENCH_TL_BINOP(%, mod)
KERNBENCH_TL_BINOP(<, lt)
KERNBENCH_TL_BINOP(<=, le)
KERNBENCH_TL_BINOP(>, gt)
KERNBENCH_TL_BINOP(>=, ge)
KERNBENCH_TL_BINOP(==, eq)
KERNBENCH_TL_BINOP(!=, ne)
KERNBENCH_TL_BINOP(&, bit_and)
KERNBENCH_TL_BINOP(|, bit_or)
#undef KERNBENCH_TL_BINOP

// `/` is C division for integer tiles (truncating, as Triton) and true
// division for floating tiles.
namespace {
BinOp div_op(DType a, DType b) {
  return data::is_float(a) || data::is_float(b) ? BinOp::truediv : BinOp::div;
}
}  // namespace
Tensor operator/(const Tensor& a, const Tensor& b) {
  return a.program().binary(div_op(a.dtype(), b.dtype()), a, b);
}
Tensor operator/(const Tensor& a, std::int64_t b) {
  return a / a.program().weak_scalar(static_cast<double>(b), true, a);
}
Tensor operator/(std::int64_t a, const Tensor& b) {
  return b.program().weak_scalar(static_cast<double>(a), true, b) / b;
}
Tensor operator/(const Tensor& a, int b) {
  return a / static_cast<std::int64_t>(b);
}
Tensor operator/(int a, const Tensor& b) {
  return static_cast<std::int64_t>(a) / b;
}
Tensor operator/(const Tensor& a, double b) {
  return a / a.program().weak_scalar(b, false, a);
}
Tensor operator/(double a, const Tensor& b) {
  return b.program().weak_scalar(a, false, b) / b;
}

Tensor operator^(const Tensor& a, const Tensor& b) {
  return a.program().binary(BinOp::bit_xor, a, b);
}
Tensor operator<<(const Tensor& a, const Tensor& b) {
  return a.program().binary(BinOp::shl, a, b);
}
Tensor operator>>(const Tensor& a, const Tensor& b) {
  return a.program().binary(BinOp::shr, a, b);
}
Tensor operator&&(const Tensor& a, const Tensor& b) {
  return a.program().binary(BinOp::logical_and, a, b);
}
Tensor operator||(const Tensor& a, const Tensor& b) {
  return a.program().binary(BinOp::logical_or, a, b);
}
Tensor operator-(const Tensor& a) {
  return a.program().unary(data::UnOp::neg, a);
}
Tensor operator~(const Tensor& a) {
  return a.program().unary(data::UnOp::bit_not, a);
}
Tensor operator!(const Tensor& a) {
  return a.program().unary(data::UnOp::logical_not, a);
}

Tensor operator+(Ptr p, const Tensor& offsets) {
  Program& prog = offsets.program();
  const Tensor base = prog.make_host(
      HostValue::splat_int(Shape{}, static_cast<std::int64_t>(p.addr), DType::i64), true, p.dtype);
  return prog.binary(BinOp::add, base, offsets);
}
Tensor operator+(const Tensor& offsets, Ptr p) {
  return p + offsets;
}

}  // namespace kernbench::tl
