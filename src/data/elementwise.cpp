#include "data/elementwise.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "data/convert.hpp"
#include "data/detail/loops.hpp"

namespace kernbench::data {
namespace {

using detail::loop2;
using detail::loop3;
using detail::make_plan;
using detail::Plan;

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

// Wraps every element to integral dtype t; one switch, then a tight loop.
void wrap_inplace(DType t, std::span<std::int64_t> v) {
  switch (t) {
    case DType::i8:
      for (auto& x : v) x = static_cast<std::int8_t>(static_cast<std::uint8_t>(x));
      return;
    case DType::i16:
      for (auto& x : v) x = static_cast<std::int16_t>(static_cast<std::uint16_t>(x));
      return;
    case DType::i32:
      for (auto& x : v) x = static_cast<std::int32_t>(static_cast<std::uint32_t>(x));
      return;
    case DType::i64:
      return;
    case DType::u8:
      for (auto& x : v) x = static_cast<std::uint8_t>(x);
      return;
    case DType::u32:
      for (auto& x : v) x = static_cast<std::uint32_t>(x);
      return;
    case DType::boolean:
      for (auto& x : v) x &= 1;
      return;
    default:
      throw std::logic_error("wrap_inplace on a float dtype");
  }
}

// Float storage of `a` as dtype t (t float). Uses a's own storage when every
// value of a is already a value of t; otherwise casts into `tmp`.
std::span<const float> float_view(const Array& a, DType t, Array& tmp) {
  if (a.has_float_storage() && is_exact_subset(a.dtype(), t)) return a.f32();
  tmp = cast(a, t);
  return tmp.f32();
}

std::span<const std::int64_t> int_view(const Array& a, DType t, Array& tmp) {
  if (!a.has_float_storage() && is_exact_subset(a.dtype(), t)) return a.i64();
  tmp = cast(a, t);
  return tmp.i64();
}

// 0/1 truth values of any array (non-zero is true, NaN is true).
std::vector<std::int64_t> truth(const Array& a) {
  std::vector<std::int64_t> t(static_cast<std::size_t>(a.numel()));
  if (a.has_float_storage()) {
    const auto f = a.f32();
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = f[i] != 0.0f ? 1 : 0;
  } else {
    const auto v = a.i64();
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = v[i] != 0 ? 1 : 0;
  }
  return t;
}

std::int64_t iadd(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t isub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t imul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();

std::int64_t idiv(std::int64_t a, std::int64_t b) {
  if (b == 0) return -1;
  if (b == -1) return isub(0, a);  // INT_MIN / -1 wraps
  return a / b;
}
std::int64_t ifloordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) return -1;
  if (b == -1) return isub(0, a);
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
std::int64_t imod(std::int64_t a, std::int64_t b) {
  if (b == 0) return a;
  if (b == -1) return 0;
  return a % b;
}

float fmin_num(float x, float y) {
  return (y < x || x != x) ? y : x;
}
float fmax_num(float x, float y) {
  return (y > x || x != x) ? y : x;
}
float fmin_nan(float x, float y) {
  if (x != x) return x;
  if (y != y) return y;
  return y < x ? y : x;
}
float fmax_nan(float x, float y) {
  if (x != x) return x;
  if (y != y) return y;
  return y > x ? y : x;
}

bool is_arith(BinOp op) {
  switch (op) {
    case BinOp::add:
    case BinOp::sub:
    case BinOp::mul:
    case BinOp::div:
    case BinOp::truediv:
    case BinOp::floordiv:
    case BinOp::mod:
    case BinOp::min:
    case BinOp::max:
    case BinOp::min_nan:
    case BinOp::max_nan:
      return true;
    default:
      return false;
  }
}

bool is_compare(BinOp op) {
  switch (op) {
    case BinOp::eq:
    case BinOp::ne:
    case BinOp::lt:
    case BinOp::le:
    case BinOp::gt:
    case BinOp::ge:
      return true;
    default:
      return false;
  }
}

Array float_arith(BinOp op, const Plan& p, const Shape& out_shape, DType t, const float* a,
                  const float* b) {
  std::vector<float> out(static_cast<std::size_t>(out_shape.numel()));
  float* o = out.data();
  const std::int64_t n = out_shape.numel();
  switch (op) {
    case BinOp::add:
      loop2(p, n, o, a, b, [](float x, float y) { return x + y; });
      break;
    case BinOp::sub:
      loop2(p, n, o, a, b, [](float x, float y) { return x - y; });
      break;
    case BinOp::mul:
      loop2(p, n, o, a, b, [](float x, float y) { return x * y; });
      break;
    case BinOp::div:
    case BinOp::truediv:
      loop2(p, n, o, a, b, [](float x, float y) { return x / y; });
      break;
    case BinOp::floordiv:
      loop2(p, n, o, a, b, [](float x, float y) {
        return static_cast<float>(std::floor(static_cast<double>(x) / static_cast<double>(y)));
      });
      break;
    case BinOp::mod:
      loop2(p, n, o, a, b, [](float x, float y) { return std::fmod(x, y); });
      break;
    case BinOp::min:
      loop2(p, n, o, a, b, fmin_num);
      break;
    case BinOp::max:
      loop2(p, n, o, a, b, fmax_num);
      break;
    case BinOp::min_nan:
      loop2(p, n, o, a, b, fmin_nan);
      break;
    case BinOp::max_nan:
      loop2(p, n, o, a, b, fmax_nan);
      break;
    default:
      throw std::logic_error("float_arith: not an arithmetic op");
  }
  round_inplace(t, out);
  return Array::from_float_storage(out_shape, t, std::move(out));
}

Array int_arith(BinOp op, const Plan& p, const Shape& out_shape, DType t, const std::int64_t* a,
                const std::int64_t* b) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(out_shape.numel()));
  std::int64_t* o = out.data();
  const std::int64_t n = out_shape.numel();
  const int width = bit_width(t);
  const bool sign = is_signed(t);
  using I = std::int64_t;
  switch (op) {
    case BinOp::add:
      loop2(p, n, o, a, b, iadd);
      break;
    case BinOp::sub:
      loop2(p, n, o, a, b, isub);
      break;
    case BinOp::mul:
      loop2(p, n, o, a, b, imul);
      break;
    case BinOp::div:
      loop2(p, n, o, a, b, idiv);
      break;
    case BinOp::floordiv:
      loop2(p, n, o, a, b, ifloordiv);
      break;
    case BinOp::mod:
      loop2(p, n, o, a, b, imod);
      break;
    case BinOp::min:
    case BinOp::min_nan:
      loop2(p, n, o, a, b, [](I x, I y) { return y < x ? y : x; });
      break;
    case BinOp::max:
    case BinOp::max_nan:
      loop2(p, n, o, a, b, [](I x, I y) { return y > x ? y : x; });
      break;
    case BinOp::bit_and:
      loop2(p, n, o, a, b, [](I x, I y) { return x & y; });
      break;
    case BinOp::bit_or:
      loop2(p, n, o, a, b, [](I x, I y) { return x | y; });
      break;
    case BinOp::bit_xor:
      loop2(p, n, o, a, b, [](I x, I y) { return x ^ y; });
      break;
    case BinOp::shl:
      loop2(p, n, o, a, b, [width](I x, I y) {
        return (y < 0 || y >= width) ? I{0} : static_cast<I>(static_cast<std::uint64_t>(x) << y);
      });
      break;
    case BinOp::shr:
      // Signed values are stored sign-extended, unsigned ones non-negative,
      // so >> on int64 is arithmetic resp. logical in the dtype's width.
      loop2(p, n, o, a, b, [width, sign](I x, I y) {
        if (y < 0 || y >= width) return (sign && x < 0) ? I{-1} : I{0};
        return x >> y;
      });
      break;
    default:
      throw std::logic_error("int_arith: not an integer op");
  }
  wrap_inplace(t, out);
  return Array::from_int_storage(out_shape, t, std::move(out));
}

template <class T>
Array compare(BinOp op, const Plan& p, const Shape& out_shape, const T* a, const T* b) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(out_shape.numel()));
  std::int64_t* o = out.data();
  const std::int64_t n = out_shape.numel();
  using I = std::int64_t;
  switch (op) {
    case BinOp::eq:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x == y}; });
      break;
    case BinOp::ne:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x != y}; });
      break;
    case BinOp::lt:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x < y}; });
      break;
    case BinOp::le:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x <= y}; });
      break;
    case BinOp::gt:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x > y}; });
      break;
    case BinOp::ge:
      loop2(p, n, o, a, b, [](T x, T y) { return I{x >= y}; });
      break;
    default:
      throw std::logic_error("compare: not a comparison");
  }
  return Array::from_int_storage(out_shape, DType::boolean, std::move(out));
}

[[noreturn]] void need_float(std::string_view op, const Array& a) {
  throw DTypeError(std::string(op) + ": expected a floating-point array, got " + describe(a) +
                   "; cast it to a float dtype first");
}

}  // namespace

std::string_view name(BinOp op) {
  switch (op) {
    case BinOp::add:
      return "add";
    case BinOp::sub:
      return "sub";
    case BinOp::mul:
      return "mul";
    case BinOp::div:
      return "div";
    case BinOp::truediv:
      return "truediv";
    case BinOp::floordiv:
      return "floordiv";
    case BinOp::mod:
      return "mod";
    case BinOp::min:
      return "min";
    case BinOp::max:
      return "max";
    case BinOp::min_nan:
      return "min_nan";
    case BinOp::max_nan:
      return "max_nan";
    case BinOp::bit_and:
      return "bit_and";
    case BinOp::bit_or:
      return "bit_or";
    case BinOp::bit_xor:
      return "bit_xor";
    case BinOp::shl:
      return "shl";
    case BinOp::shr:
      return "shr";
    case BinOp::eq:
      return "eq";
    case BinOp::ne:
      return "ne";
    case BinOp::lt:
      return "lt";
    case BinOp::le:
      return "le";
    case BinOp::gt:
      return "gt";
    case BinOp::ge:
      return "ge";
    case BinOp::logical_and:
      return "logical_and";
    case BinOp::logical_or:
      return "logical_or";
  }
  throw std::logic_error("unknown BinOp");
}

std::string_view name(UnOp op) {
  switch (op) {
    case UnOp::neg:
      return "neg";
    case UnOp::bit_not:
      return "bit_not";
    case UnOp::logical_not:
      return "logical_not";
    case UnOp::abs:
      return "abs";
    case UnOp::exp:
      return "exp";
    case UnOp::exp2:
      return "exp2";
    case UnOp::log:
      return "log";
    case UnOp::log2:
      return "log2";
    case UnOp::sqrt:
      return "sqrt";
    case UnOp::rsqrt:
      return "rsqrt";
    case UnOp::sigmoid:
      return "sigmoid";
    case UnOp::cos:
      return "cos";
    case UnOp::sin:
      return "sin";
    case UnOp::tanh:
      return "tanh";
    case UnOp::erf:
      return "erf";
    case UnOp::floor:
      return "floor";
    case UnOp::ceil:
      return "ceil";
  }
  throw std::logic_error("unknown UnOp");
}

DType binary_result_dtype(BinOp op, DType a, DType b) {
  switch (op) {
    case BinOp::div:
    case BinOp::floordiv:
    case BinOp::mod:
      return promote(a, b, PromoteMode::div_or_mod);
    case BinOp::truediv: {
      const DType t = promote(a, b, PromoteMode::div_or_mod);
      return is_float(t) ? t : DType::f32;
    }
    case BinOp::bit_and:
    case BinOp::bit_or:
    case BinOp::bit_xor:
    case BinOp::shl:
    case BinOp::shr:
      if (!is_integral(a) || !is_integral(b)) {
        throw DTypeError(std::string(name(op)) + ": needs integer or bool operands, got " +
                         std::string(name(a)) + " and " + std::string(name(b)));
      }
      return promote(a, b);
    case BinOp::eq:
    case BinOp::ne:
    case BinOp::lt:
    case BinOp::le:
    case BinOp::gt:
    case BinOp::ge:
      promote(a, b);  // validates the combination
      return DType::boolean;
    case BinOp::logical_and:
    case BinOp::logical_or:
      return DType::boolean;
    default:
      return promote(a, b);
  }
}

DType unary_result_dtype(UnOp op, DType a) {
  switch (op) {
    case UnOp::neg:
    case UnOp::abs:
      return a;
    case UnOp::logical_not:
      return DType::boolean;
    case UnOp::bit_not:
      if (!is_integral(a)) {
        throw DTypeError("bit_not: needs an integer or bool array, got " + std::string(name(a)));
      }
      return a;
    default:
      if (!is_float(a)) {
        throw DTypeError(std::string(name(op)) + ": expected a floating-point dtype, got " +
                         std::string(name(a)) + "; cast it to a float dtype first");
      }
      return a;
  }
}

Array cast(const Array& a, DType to) {
  const DType from = a.dtype();
  if (from == to) return a;
  const auto n = static_cast<std::size_t>(a.numel());
  if (is_float(from) && is_float(to)) {
    const auto src = a.f32();
    std::vector<float> v(src.begin(), src.end());
    if (!is_exact_subset(from, to)) round_inplace(to, v);
    return Array::from_float_storage(a.shape(), to, std::move(v));
  }
  if (is_float(from)) {
    const auto src = a.f32();
    std::vector<std::int64_t> v(n);
    if (to == DType::boolean) {
      for (std::size_t i = 0; i < n; ++i) v[i] = src[i] != 0.0f ? 1 : 0;
    } else {
      const std::int64_t lo = int_min(to);
      const std::int64_t hi = int_max(to);
      // (double)hi is 2^63 for int64, so ">=" also catches values that only
      // round to the maximum; converting them would be undefined behaviour.
      const auto lod = static_cast<double>(lo);
      const auto hid = static_cast<double>(hi);
      for (std::size_t i = 0; i < n; ++i) {
        const double t = std::trunc(static_cast<double>(src[i]));
        v[i] = t != t ? 0 : t <= lod ? lo : t >= hid ? hi : static_cast<std::int64_t>(t);
      }
    }
    return Array::from_int_storage(a.shape(), to, std::move(v));
  }
  const auto src = a.i64();
  if (is_float(to)) {
    std::vector<float> v(n);
    if (to == DType::f32 || is_exact_subset(from, to)) {
      for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(src[i]);
    } else {
      for (std::size_t i = 0; i < n; ++i) v[i] = int_to_float(to, src[i]);
    }
    return Array::from_float_storage(a.shape(), to, std::move(v));
  }
  std::vector<std::int64_t> v(src.begin(), src.end());
  if (to == DType::boolean) {
    for (auto& x : v) x = x != 0 ? 1 : 0;
  } else if (!is_exact_subset(from, to)) {
    wrap_inplace(to, v);
  }
  return Array::from_int_storage(a.shape(), to, std::move(v));
}

Array binary(BinOp op, const Array& a, const Array& b) {
  const std::string_view opname = name(op);
  const Shape out_shape = broadcast_shapes(a.shape(), b.shape(), opname);
  const Plan plan = make_plan(out_shape, {&a.shape(), &b.shape()});
  DType t;
  try {
    t = binary_result_dtype(op, a.dtype(), b.dtype());
  } catch (const DTypeError& e) {
    throw DTypeError(std::string(e.what()) + " (in " + std::string(opname) + " of " + describe(a) +
                     " and " + describe(b) + ")");
  }
  Array ta, tb;
  if (op == BinOp::logical_and || op == BinOp::logical_or) {
    const auto x = truth(a);
    const auto y = truth(b);
    std::vector<std::int64_t> out(static_cast<std::size_t>(out_shape.numel()));
    if (op == BinOp::logical_and) {
      loop2(plan, out_shape.numel(), out.data(), x.data(), y.data(),
            [](std::int64_t p, std::int64_t q) { return p & q; });
    } else {
      loop2(plan, out_shape.numel(), out.data(), x.data(), y.data(),
            [](std::int64_t p, std::int64_t q) { return p | q; });
    }
    return Array::from_int_storage(out_shape, DType::boolean, std::move(out));
  }
  if (is_compare(op)) {
    const DType ct = promote(a.dtype(), b.dtype());
    if (is_float(ct)) {
      return compare(op, plan, out_shape, float_view(a, ct, ta).data(),
                     float_view(b, ct, tb).data());
    }
    return compare(op, plan, out_shape, int_view(a, ct, ta).data(), int_view(b, ct, tb).data());
  }
  if (is_float(t)) {
    if (!is_arith(op)) throw std::logic_error("binary: float result for a non-arithmetic op");
    return float_arith(op, plan, out_shape, t, float_view(a, t, ta).data(),
                       float_view(b, t, tb).data());
  }
  return int_arith(op, plan, out_shape, t, int_view(a, t, ta).data(), int_view(b, t, tb).data());
}

Array unary(UnOp op, const Array& a) {
  const DType t = a.dtype();
  if (op == UnOp::logical_not) {
    std::vector<std::int64_t> v = truth(a);
    for (auto& x : v) x ^= 1;
    return Array::from_int_storage(a.shape(), DType::boolean, std::move(v));
  }
  if (!is_float(t)) {
    std::vector<std::int64_t> v(a.i64().begin(), a.i64().end());
    switch (op) {
      case UnOp::neg:
        for (auto& x : v) x = isub(0, x);
        break;
      case UnOp::abs:
        for (auto& x : v) x = x < 0 ? isub(0, x) : x;
        break;
      case UnOp::bit_not:
        for (auto& x : v) x = ~x;
        break;
      default:
        need_float(name(op), a);
    }
    wrap_inplace(t, v);
    return Array::from_int_storage(a.shape(), t, std::move(v));
  }
  std::vector<float> v(a.f32().begin(), a.f32().end());
  switch (op) {
    case UnOp::neg:
      for (auto& x : v) x = -x;
      break;
    case UnOp::abs:
      for (auto& x : v) x = std::fabs(x);
      break;
    case UnOp::bit_not:
      throw DTypeError("bit_not: needs an integer or bool array, got " + describe(a));
    case UnOp::exp:
      for (auto& x : v) x = std::exp(x);
      break;
    case UnOp::exp2:
      for (auto& x : v) x = std::exp2(x);
      break;
    case UnOp::log:
      for (auto& x : v) x = std::log(x);
      break;
    case UnOp::log2:
      for (auto& x : v) x = std::log2(x);
      break;
    case UnOp::sqrt:
      for (auto& x : v) x = std::sqrt(x);
      break;
    case UnOp::rsqrt:
      for (auto& x : v) x = 1.0f / std::sqrt(x);
      break;
    case UnOp::sigmoid:
      for (auto& x : v) x = 1.0f / (1.0f + std::exp(-x));
      break;
    case UnOp::cos:
      for (auto& x : v) x = std::cos(x);
      break;
    case UnOp::sin:
      for (auto& x : v) x = std::sin(x);
      break;
    case UnOp::tanh:
      for (auto& x : v) x = std::tanh(x);
      break;
    case UnOp::erf:
      for (auto& x : v) x = std::erf(x);
      break;
    case UnOp::floor:
      for (auto& x : v) x = std::floor(x);
      break;
    case UnOp::ceil:
      for (auto& x : v) x = std::ceil(x);
      break;
    case UnOp::logical_not:
      break;  // handled above
  }
  round_inplace(t, v);
  return Array::from_float_storage(a.shape(), t, std::move(v));
}

Array fma(const Array& a, const Array& b, const Array& c) {
  const Shape ab = broadcast_shapes(a.shape(), b.shape(), "fma");
  const Shape out_shape = broadcast_shapes(ab, c.shape(), "fma");
  const DType t = promote(promote(a.dtype(), b.dtype()), c.dtype());
  const Plan plan = make_plan(out_shape, {&a.shape(), &b.shape(), &c.shape()});
  const std::int64_t n = out_shape.numel();
  Array ta, tb, tc;
  if (is_float(t)) {
    std::vector<float> out(static_cast<std::size_t>(n));
    loop3(plan, n, out.data(), float_view(a, t, ta).data(), float_view(b, t, tb).data(),
          float_view(c, t, tc).data(), [](float x, float y, float z) { return std::fma(x, y, z); });
    round_inplace(t, out);
    return Array::from_float_storage(out_shape, t, std::move(out));
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  loop3(plan, n, out.data(), int_view(a, t, ta).data(), int_view(b, t, tb).data(),
        int_view(c, t, tc).data(),
        [](std::int64_t x, std::int64_t y, std::int64_t z) { return iadd(imul(x, y), z); });
  wrap_inplace(t, out);
  return Array::from_int_storage(out_shape, t, std::move(out));
}

Array clamp(const Array& x, const Array& lo, const Array& hi) {
  const Shape xl = broadcast_shapes(x.shape(), lo.shape(), "clamp");
  const Shape out_shape = broadcast_shapes(xl, hi.shape(), "clamp");
  const DType t = promote(promote(x.dtype(), lo.dtype()), hi.dtype());
  const Plan plan = make_plan(out_shape, {&x.shape(), &lo.shape(), &hi.shape()});
  const std::int64_t n = out_shape.numel();
  Array tx, tl, th;
  bool bad = false;
  Array result;
  if (is_float(t)) {
    std::vector<float> out(static_cast<std::size_t>(n));
    loop3(plan, n, out.data(), float_view(x, t, tx).data(), float_view(lo, t, tl).data(),
          float_view(hi, t, th).data(), [&bad](float v, float l, float h) {
            bad |= l > h;
            if (v != v) return v;
            const float r = v < l ? l : v;
            return r > h ? h : r;
          });
    round_inplace(t, out);
    result = Array::from_float_storage(out_shape, t, std::move(out));
  } else {
    std::vector<std::int64_t> out(static_cast<std::size_t>(n));
    loop3(plan, n, out.data(), int_view(x, t, tx).data(), int_view(lo, t, tl).data(),
          int_view(hi, t, th).data(), [&bad](std::int64_t v, std::int64_t l, std::int64_t h) {
            bad |= l > h;
            const std::int64_t r = v < l ? l : v;
            return r > h ? h : r;
          });
    result = Array::from_int_storage(out_shape, t, std::move(out));
  }
  if (bad) {
    // Rare path: find the first offending element for the message.
    const Array cmp = binary(BinOp::gt, lo, hi);
    const auto v = cmp.i64();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i]) {
        const auto fi = static_cast<std::int64_t>(i);
        const double l = where(cmp, lo, lo).get_double(fi);  // lo broadcast
        const double h = where(cmp, hi, hi).get_double(fi);
        throw ValueError("clamp: lower bound " + std::to_string(l) +
                         " is greater than upper bound " + std::to_string(h) + " at index " +
                         index_to_string(cmp.shape(), fi) + " (lo " + describe(lo) + ", hi " +
                         describe(hi) + ")");
      }
    }
  }
  return result;
}

Array where(const Array& cond, const Array& a, const Array& b) {
  const Shape ca = broadcast_shapes(cond.shape(), a.shape(), "where");
  const Shape out_shape = broadcast_shapes(ca, b.shape(), "where");
  const DType t = promote(a.dtype(), b.dtype());
  const Plan plan = make_plan(out_shape, {&cond.shape(), &a.shape(), &b.shape()});
  const std::int64_t n = out_shape.numel();
  const std::vector<std::int64_t> c = truth(cond);
  Array ta, tb;
  if (is_float(t)) {
    std::vector<float> out(static_cast<std::size_t>(n));
    loop3(plan, n, out.data(), c.data(), float_view(a, t, ta).data(), float_view(b, t, tb).data(),
          [](std::int64_t k, float x, float y) { return k ? x : y; });
    return Array::from_float_storage(out_shape, t, std::move(out));
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  loop3(plan, n, out.data(), c.data(), int_view(a, t, ta).data(), int_view(b, t, tb).data(),
        [](std::int64_t k, std::int64_t x, std::int64_t y) { return k ? x : y; });
  return Array::from_int_storage(out_shape, t, std::move(out));
}

}  // namespace kernbench::data
