#include "tl/host_value.hpp"

#include <algorithm>
#include <limits>

#include "data/convert.hpp"
#include "data/layout.hpp"

namespace kernbench::tl {

using data::Array;
using data::BinOp;
using data::DType;
using data::Shape;

template <class T>
Comp<T>::Comp(std::vector<T> v) {
  if (v.empty()) return;
  auto d = std::make_unique<Data>();
  const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  d->lo = *mn;
  d->hi = *mx;
  d->n = v.size();
  d->first = v[0];
  if (v.size() >= 2) {
    const T s = static_cast<T>(v[1] - v[0]);
    bool same = true;
    for (std::size_t i = 2; i < v.size() && same; ++i) same = static_cast<T>(v[i] - v[i - 1]) == s;
    if (same) d->step = s;
  } else {
    d->step = T{0};
  }
  d->v = std::move(v);
  d_ = d.release();
}

template <class T>
Comp<T>::Comp(std::vector<T> v, T lo, T hi) {
  if (v.empty()) return;
  auto d = std::make_unique<Data>();
  d->n = v.size();
  d->first = v[0];
  d->lo = lo;
  d->hi = hi;
  d->v = std::move(v);
  d_ = d.release();
}

template <class T>
Comp<T> Comp<T>::arithmetic(T first, T step, std::size_t n) {
  Comp c;
  if (n == 0) return c;
  auto d = std::make_unique<Data>();
  d->n = n;
  d->first = first;
  d->step = n > 1 ? step : T{0};
  const T last = static_cast<T>(first + static_cast<T>(n - 1) * *d->step);
  d->lo = std::min(first, last);
  d->hi = std::max(first, last);
  c.d_ = d.release();
  return c;
}

template class Comp<std::int64_t>;
template class Comp<std::uint8_t>;

namespace {

bool is_intlike(DType t) {
  return data::is_int(t);
}

std::int64_t min_of(DType t) {
  switch (t) {
    case DType::i8:
      return std::numeric_limits<std::int8_t>::min();
    case DType::i16:
      return std::numeric_limits<std::int16_t>::min();
    case DType::i32:
      return std::numeric_limits<std::int32_t>::min();
    case DType::u8:
    case DType::u32:
      return 0;
    default:
      return std::numeric_limits<std::int64_t>::min() / 4;
  }
}

std::int64_t max_of(DType t) {
  switch (t) {
    case DType::i8:
      return std::numeric_limits<std::int8_t>::max();
    case DType::i16:
      return std::numeric_limits<std::int16_t>::max();
    case DType::i32:
      return std::numeric_limits<std::int32_t>::max();
    case DType::u8:
      return std::numeric_limits<std::uint8_t>::max();
    case DType::u32:
      return std::numeric_limits<std::uint32_t>::max();
    default:
      return std::numeric_limits<std::int64_t>::max() / 4;
  }
}

/// Components of `v` (rank r) aligned to `target` (rank >= r), NumPy style;
/// size-1 axes broadcast to a larger size fold into `base`.
constexpr int kRank = HostValue::kSymbolicRank;

template <class C>
SmallVec<Comp<C>, kRank> align(const SmallVec<Comp<C>, kRank>& comps, const Shape& from,
                               const Shape& target, std::int64_t* base) {
  SmallVec<Comp<C>, kRank> out(static_cast<std::size_t>(target.rank()));
  const int shift = target.rank() - from.rank();
  for (int k = 0; k < from.rank(); ++k) {
    const auto& c = comps[static_cast<std::size_t>(k)];
    if (c.empty()) continue;
    if (from[k] == target[k + shift]) {
      out[static_cast<std::size_t>(k + shift)] = c;
    } else if (base != nullptr) {
      *base += static_cast<std::int64_t>(c[0]);  // size 1 broadcast: a constant
    } else {
      out[static_cast<std::size_t>(k + shift)] =
          Comp<C>(std::vector<C>(static_cast<std::size_t>(target[k + shift]), c[0]));
    }
  }
  return out;
}

/// a op b for +, -, * modulo 2^64.
std::int64_t wrapping_int(BinOp op, std::int64_t a, std::int64_t b) {
  const auto x = static_cast<std::uint64_t>(a);
  const auto y = static_cast<std::uint64_t>(b);
  const std::uint64_t r = op == BinOp::add ? x + y : op == BinOp::sub ? x - y : x * y;
  return static_cast<std::int64_t>(r);
}

std::int64_t apply_int(BinOp op, std::int64_t a, std::int64_t b) {
  // Only for ops whose integer result equals the exact arithmetic result
  // (range-checked by the caller).
  switch (op) {
    case BinOp::add:
      return a + b;
    case BinOp::sub:
      return a - b;
    case BinOp::mul:
      return a * b;
    default:
      return 0;
  }
}

bool compare(BinOp op, std::int64_t a, std::int64_t b) {
  switch (op) {
    case BinOp::lt:
      return a < b;
    case BinOp::le:
      return a <= b;
    case BinOp::gt:
      return a > b;
    case BinOp::ge:
      return a >= b;
    case BinOp::eq:
      return a == b;
    case BinOp::ne:
      return a != b;
    default:
      return false;
  }
}

/// The outcome of `cmp(base + c[i], k)` when it is the same for every i, found
/// from the two ends: an ordering compare of a progression is monotone, so
/// agreeing ends decide it. Empty when it may vary (or for == and !=).
std::optional<bool> uniform_compare(BinOp cmp, std::int64_t base, const Comp<std::int64_t>& c,
                                    std::int64_t k) {
  if (!c.step() || c.size() == 0) return std::nullopt;
  if (cmp != BinOp::lt && cmp != BinOp::le && cmp != BinOp::gt && cmp != BinOp::ge) {
    return std::nullopt;
  }
  const bool first = compare(cmp, base + c[0], k);
  const bool last = compare(cmp, base + c[c.size() - 1], k);
  if (first != last) return std::nullopt;
  return first;
}

bool is_compare(BinOp op) {
  return op == BinOp::lt || op == BinOp::le || op == BinOp::gt || op == BinOp::ge ||
         op == BinOp::eq || op == BinOp::ne;
}

BinOp mirrored(BinOp op) {
  switch (op) {
    case BinOp::lt:
      return BinOp::gt;
    case BinOp::le:
      return BinOp::ge;
    case BinOp::gt:
      return BinOp::lt;
    case BinOp::ge:
      return BinOp::le;
    default:
      return op;
  }
}

}  // namespace

HostValue HostValue::dense(Array a) {
  HostValue v;
  v.form_ = Form::dense;
  v.shape_ = a.shape();
  v.dtype_ = a.dtype();
  v.dense_ = std::make_shared<const Array>(std::move(a));
  return v;
}

HostValue HostValue::splat_int(const Shape& s, std::int64_t value, DType t) {
  if (s.rank() > kSymbolicRank) return dense(data::full_int(s, value, t));
  HostValue v;
  v.form_ = Form::affine;
  v.shape_ = s;
  v.dtype_ = t;
  v.comps_.resize(static_cast<std::size_t>(s.rank()));
  v.base_ = v.wrap(value);
  return v;
}

HostValue HostValue::splat_float(const Shape& s, double value, DType t) {
  HostValue v;
  v.form_ = Form::splat_float;
  v.shape_ = s;
  v.dtype_ = t;
  v.fvalue_ = data::scalar(value, t).get_double(0);  // rounded to the dtype
  return v;
}

HostValue HostValue::splat_bool(const Shape& s, bool value) {
  if (s.rank() > kSymbolicRank) return dense(data::full_int(s, value ? 1 : 0, DType::boolean));
  HostValue v;
  v.form_ = Form::mask_and;
  v.shape_ = s;
  v.dtype_ = DType::boolean;
  v.mask_const_ = value;
  v.mcomps_.resize(static_cast<std::size_t>(s.rank()));
  return v;
}

HostValue HostValue::arange(std::int64_t start, std::int64_t end) {
  HostValue v;
  v.form_ = Form::affine;
  v.shape_ = Shape{end - start};
  v.dtype_ = DType::i32;
  v.comps_.push_back(Comp<std::int64_t>::arithmetic(0, 1, static_cast<std::size_t>(end - start)));
  v.base_ = start;
  return v;
}

std::int64_t HostValue::wrap(std::int64_t v) const {
  if (!data::is_float(dtype_)) return data::int_to_int(dtype_, v);  // as an Array stores it
  return data::full_int(Shape{}, v, dtype_).i64()[0];
}

bool HostValue::is_constant() const {
  switch (form_) {
    case Form::affine:
      return std::all_of(comps_.begin(), comps_.end(), [](const auto& c) { return c.empty(); });
    case Form::mask_and:
      return !mask_const_ ||
             std::all_of(mcomps_.begin(), mcomps_.end(), [](const auto& c) { return c.empty(); });
    case Form::splat_float:
      return true;
    case Form::dense:
      return false;
  }
  return false;
}

double HostValue::constant_value() const {
  switch (form_) {
    case Form::affine:
      return static_cast<double>(base_);
    case Form::mask_and:
      return mask_const_ ? 1.0 : 0.0;
    case Form::splat_float:
      return fvalue_;
    case Form::dense:
      break;
  }
  return dense_ && dense_->numel() > 0 ? dense_->get_double(0) : 0.0;
}

Array HostValue::materialize() const {
  if (form_ == Form::dense) return *dense_;
  if (form_ == Form::splat_float) return data::full(shape_, fvalue_, dtype_);
  const bool affine = form_ == Form::affine;
  const std::int64_t n = shape_.numel();
  const int r = shape_.rank();
  std::vector<std::int64_t> vals(static_cast<std::size_t>(n));
  // affine values always fit their dtype (operations that could wrap fall
  // back to dense), and masks are 0/1: the storage is valid as it is.
  if (r == 0) {
    vals[0] = affine ? base_ : (mask_const_ ? 1 : 0);
    return Array::from_int_storage(shape_, dtype_, std::move(vals));
  }
  // Each axis's contribution, then an outer loop over all but the last axis
  // and a contiguous inner loop (sum for affine values, AND for masks).
  std::vector<std::vector<std::int64_t>> ax(static_cast<std::size_t>(r));
  for (int k = 0; k < r; ++k) {
    auto& a = ax[static_cast<std::size_t>(k)];
    a.assign(static_cast<std::size_t>(shape_[k]), affine ? 0 : 1);
    if (affine) {
      const auto& c = comps_[static_cast<std::size_t>(k)];
      if (!c.empty()) {
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = c[i];
      }
    } else {
      const auto& c = mcomps_[static_cast<std::size_t>(k)];
      if (!c.empty()) {
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = c[i] != 0 ? 1 : 0;
      }
    }
  }
  const std::int64_t inner = shape_[r - 1];
  const auto& last = ax[static_cast<std::size_t>(r - 1)];
  std::vector<std::int64_t> idx(static_cast<std::size_t>(r), 0);
  for (std::int64_t o = 0; o * inner < n; ++o) {
    std::int64_t acc = affine ? base_ : (mask_const_ ? 1 : 0);
    for (int k = 0; k + 1 < r; ++k) {
      const std::int64_t v = ax[static_cast<std::size_t>(k)]
                               [static_cast<std::size_t>(idx[static_cast<std::size_t>(k)])];
      acc = affine ? acc + v : (acc & v);
    }
    std::int64_t* out = vals.data() + o * inner;
    if (affine) {
      for (std::int64_t j = 0; j < inner; ++j) out[j] = acc + last[static_cast<std::size_t>(j)];
    } else {
      for (std::int64_t j = 0; j < inner; ++j) out[j] = acc & last[static_cast<std::size_t>(j)];
    }
    for (int k = r - 2; k >= 0; --k) {
      if (++idx[static_cast<std::size_t>(k)] < shape_[k]) break;
      idx[static_cast<std::size_t>(k)] = 0;
    }
  }
  return Array::from_int_storage(shape_, dtype_, std::move(vals));
}

namespace {

/// Range [lo, hi] of an affine value (exact, in 128 bits).
__extension__ typedef __int128 i128;
void affine_range(const HostValue& v, i128& lo, i128& hi) {
  lo = hi = v.base();
  for (const auto& c : v.comps()) {
    if (c.empty()) continue;
    lo += c.lo();
    hi += c.hi();
  }
}

/// A constant's value as a 0-d array (exact for 64-bit integers).
Array scalar_of(const HostValue& v) {
  if (data::is_float(v.dtype())) return data::full(Shape{}, v.constant_value(), v.dtype());
  if (v.form() == HostValue::Form::affine) return data::full_int(Shape{}, v.base(), v.dtype());
  return data::full_int(Shape{}, v.constant_value() != 0.0 ? 1 : 0, v.dtype());
}

HostValue dense_binary(BinOp op, const HostValue& a, const HostValue& b) {
  return HostValue::dense(data::binary(op, a.materialize(), b.materialize()));
}

}  // namespace

HostValue binary(BinOp op, const HostValue& a, const HostValue& b) {
  const Shape shape = data::broadcast_shapes(a.shape(), b.shape(), data::name(op));
  if (shape.rank() > HostValue::kSymbolicRank) return dense_binary(op, a, b);
  const DType rt = data::binary_result_dtype(op, a.dtype(), b.dtype());
  using F = HostValue::Form;
  // Integer constants under +, -, *: two's complement arithmetic wrapped to
  // the result's width, which is what data::binary computes (the operands'
  // conversions to the promoted type commute with it).
  if (a.form() == F::affine && b.form() == F::affine && is_intlike(a.dtype()) &&
      is_intlike(b.dtype()) && is_intlike(rt) &&
      (op == BinOp::add || op == BinOp::sub || op == BinOp::mul) && a.is_constant() &&
      b.is_constant()) {
    return HostValue::splat_int(shape, wrapping_int(op, a.base(), b.base()), rt);
  }
  // Constants: compute once on scalars (every element is equal).
  if (a.is_constant() && b.is_constant() && a.form() != F::dense && b.form() != F::dense) {
    const Array one_a = scalar_of(a);
    const Array one_b = scalar_of(b);
    const Array r = data::binary(op, one_a, one_b);
    if (data::is_float(rt)) return HostValue::splat_float(shape, r.get_double(0), rt);
    if (rt == DType::boolean) return HostValue::splat_bool(shape, r.i64()[0] != 0);
    return HostValue::splat_int(shape, r.i64()[0], rt);
  }
  // affine +,-,* stay affine while exact.
  if (a.form() == F::affine && b.form() == F::affine && is_intlike(rt) &&
      (op == BinOp::add || op == BinOp::sub ||
       (op == BinOp::mul && (a.is_constant() || b.is_constant())))) {
    HostValue v;
    v.form_ = F::affine;
    v.shape_ = shape;
    v.dtype_ = rt;
    if (op == BinOp::mul) {
      const HostValue& var = a.is_constant() ? b : a;
      const std::int64_t k = a.is_constant() ? a.base() : b.base();
      std::int64_t base = var.base();
      v.comps_ = align(var.comps(), var.shape(), shape, &base);
      v.base_ = base * k;
      for (auto& c : v.comps_) {
        if (!c.empty()) c = c.map([k](std::int64_t x) { return x * k; }, true);
      }
    } else {
      std::int64_t ba = a.base(), bb = b.base();
      auto ca = align(a.comps(), a.shape(), shape, &ba);
      auto cb = align(b.comps(), b.shape(), shape, &bb);
      v.base_ = apply_int(op, ba, bb);
      v.comps_.resize(ca.size());
      for (std::size_t k = 0; k < ca.size(); ++k) {
        if (cb[k].empty()) {
          v.comps_[k] = std::move(ca[k]);
        } else if (ca[k].empty()) {
          if (op == BinOp::sub) {
            v.comps_[k] = cb[k].map([](std::int64_t x) { return -x; }, true);
          } else {
            v.comps_[k] = std::move(cb[k]);
          }
        } else {
          if (ca[k].step() && cb[k].step()) {
            v.comps_[k] = Comp<std::int64_t>::arithmetic(
                apply_int(op, ca[k][0], cb[k][0]), apply_int(op, *ca[k].step(), *cb[k].step()),
                ca[k].size());
          } else {
            std::vector<std::int64_t> sum(ca[k].size());
            for (std::size_t i = 0; i < ca[k].size(); ++i) {
              sum[i] = apply_int(op, ca[k][i], cb[k][i]);
            }
            v.comps_[k] = Comp<std::int64_t>(std::move(sum));
          }
        }
      }
    }
    i128 lo, hi;
    affine_range(v, lo, hi);
    if (lo >= min_of(rt) && hi <= max_of(rt)) return v;
    return dense_binary(op, a, b);
  }
  // x % k and x / k for 0 <= x < k (the tutorials' `% M` wrap of in-range
  // offsets): x and 0, exactly.
  if ((op == BinOp::mod || op == BinOp::div) && is_intlike(rt) && a.form() == F::affine &&
      b.form() == F::affine && b.is_constant() && b.base() > 0) {
    i128 lo, hi;
    affine_range(a, lo, hi);
    if (lo >= 0 && hi < b.base()) {
      if (op == BinOp::div) return HostValue::splat_int(shape, 0, rt);
      HostValue v = broadcast_to(a, shape);
      v.dtype_ = rt;
      return v;
    }
  }
  // Comparisons of a one-axis affine value with a constant become masks.
  if (is_compare(op) && is_intlike(a.dtype()) && is_intlike(b.dtype()) && a.form() == F::affine &&
      b.form() == F::affine && (a.is_constant() != b.is_constant())) {
    const HostValue& var = a.is_constant() ? b : a;
    const std::int64_t k = a.is_constant() ? a.base() : b.base();
    const BinOp cmp = a.is_constant() ? mirrored(op) : op;
    std::int64_t base = var.base();
    auto comps = align(var.comps(), var.shape(), shape, &base);
    int live = -1;
    int count = 0;
    for (std::size_t i = 0; i < comps.size(); ++i) {
      if (!comps[i].empty()) {
        live = static_cast<int>(i);
        ++count;
      }
    }
    if (count == 1) {
      HostValue v;
      v.form_ = F::mask_and;
      v.shape_ = shape;
      v.dtype_ = DType::boolean;
      v.mcomps_.resize(comps.size());
      const auto& c = comps[static_cast<std::size_t>(live)];
      if (auto uniform = uniform_compare(cmp, base, c, k)) {
        v.mcomps_[static_cast<std::size_t>(live)] =
            Comp<std::uint8_t>::arithmetic(*uniform ? 1 : 0, 0, c.size());
        return v;
      }
      std::vector<std::uint8_t> m(c.size());
      std::uint8_t any = 0, all = 1;
      for (std::size_t i = 0; i < c.size(); ++i) {
        m[i] = compare(cmp, base + c[i], k) ? 1 : 0;
        any |= m[i];
        all &= m[i];
      }
      v.mcomps_[static_cast<std::size_t>(live)] = Comp<std::uint8_t>(std::move(m), all, any);
      return v;
    }
  }
  // AND of masks stays separable.
  if ((op == BinOp::logical_and || op == BinOp::bit_and) && a.form() == F::mask_and &&
      b.form() == F::mask_and) {
    HostValue v;
    v.form_ = F::mask_and;
    v.shape_ = shape;
    v.dtype_ = DType::boolean;
    v.mask_const_ = a.mask_const_ && b.mask_const_;
    auto ma = align(a.mcomps_, a.shape(), shape, nullptr);
    auto mb = align(b.mcomps_, b.shape(), shape, nullptr);
    v.mcomps_.resize(ma.size());
    for (std::size_t k = 0; k < ma.size(); ++k) {
      if (ma[k].empty()) {
        v.mcomps_[k] = std::move(mb[k]);
      } else if (mb[k].empty()) {
        v.mcomps_[k] = std::move(ma[k]);
      } else {
        std::vector<std::uint8_t> both(ma[k].size());
        std::uint8_t any = 0, all = 1;
        for (std::size_t i = 0; i < ma[k].size(); ++i) {
          both[i] = ma[k][i] & mb[k][i];
          any |= both[i];
          all &= both[i];
        }
        v.mcomps_[k] = Comp<std::uint8_t>(std::move(both), all, any);
      }
    }
    return v;
  }
  return dense_binary(op, a, b);
}

HostValue unary(data::UnOp op, const HostValue& a) {
  if (a.form() == HostValue::Form::affine && op == data::UnOp::neg && data::is_signed(a.dtype())) {
    HostValue v = a;
    v.base_ = -a.base_;
    for (auto& c : v.comps_) {
      if (!c.empty()) c = c.map([](std::int64_t x) { return -x; }, true);
    }
    return v;
  }
  if (a.is_constant() && a.form() != HostValue::Form::dense) {
    const Array r = data::unary(op, scalar_of(a));
    if (data::is_float(r.dtype()))
      return HostValue::splat_float(a.shape(), r.get_double(0), r.dtype());
    if (r.dtype() == DType::boolean) return HostValue::splat_bool(a.shape(), r.i64()[0] != 0);
    return HostValue::splat_int(a.shape(), r.i64()[0], r.dtype());
  }
  return HostValue::dense(data::unary(op, a.materialize()));
}

HostValue cast(const HostValue& a, DType t) {
  if (a.dtype() == t) return a;
  if (a.form() == HostValue::Form::affine && is_intlike(t)) {
    i128 lo, hi;
    affine_range(a, lo, hi);
    if (lo >= min_of(t) && hi <= max_of(t)) {
      HostValue v = a;
      v.dtype_ = t;
      return v;
    }
  }
  if (a.is_constant() && a.form() != HostValue::Form::dense) {
    const Array one = data::cast(scalar_of(a), t);
    if (data::is_float(t)) return HostValue::splat_float(a.shape(), one.get_double(0), t);
    if (t == DType::boolean) return HostValue::splat_bool(a.shape(), one.i64()[0] != 0);
    return HostValue::splat_int(a.shape(), one.i64()[0], t);
  }
  return HostValue::dense(data::cast(a.materialize(), t));
}

HostValue expand_dims(const HostValue& a, int axis) {
  if (a.form() == HostValue::Form::dense)
    return HostValue::dense(data::expand_dims(*a.dense_, axis));
  const int r = a.shape().rank();
  const int ax = axis < 0 ? axis + r + 1 : axis;
  if (ax < 0 || ax > r || r + 1 > HostValue::kSymbolicRank) {
    return HostValue::dense(data::expand_dims(a.materialize(), axis));
  }
  HostValue v = a;
  v.shape_ = a.shape().inserted(ax, 1);
  if (a.form() == HostValue::Form::affine) {
    v.comps_.insert(v.comps_.begin() + ax, Comp<std::int64_t>{});
  } else if (a.form() == HostValue::Form::mask_and) {
    v.mcomps_.insert(v.mcomps_.begin() + ax, Comp<std::uint8_t>{});
  }
  return v;
}

HostValue broadcast_to(const HostValue& a, const Shape& s) {
  if (a.shape() == s) return a;
  const Shape check = data::broadcast_shapes(a.shape(), s, "broadcast_to");
  if (!(check == s) || s.rank() > HostValue::kSymbolicRank) {
    return HostValue::dense(data::broadcast_to(a.materialize(), s));
  }
  HostValue v = a;
  v.shape_ = s;
  switch (a.form()) {
    case HostValue::Form::affine:
      v.comps_ = align(a.comps_, a.shape(), s, &v.base_);
      break;
    case HostValue::Form::mask_and:
      v.mcomps_ = align(a.mcomps_, a.shape(), s, nullptr);
      break;
    case HostValue::Form::splat_float:
      break;
    case HostValue::Form::dense:
      v.dense_ = std::make_shared<const Array>(data::broadcast_to(*a.dense_, s));
      break;
  }
  return v;
}

HostValue trans(const HostValue& a) {
  if (a.shape().rank() == 2 && a.form() != HostValue::Form::dense) {
    HostValue v = a;
    v.shape_ = Shape{a.shape()[1], a.shape()[0]};
    if (a.form() == HostValue::Form::affine) std::swap(v.comps_[0], v.comps_[1]);
    if (a.form() == HostValue::Form::mask_and) std::swap(v.mcomps_[0], v.mcomps_[1]);
    return v;
  }
  return HostValue::dense(data::trans(a.materialize()));
}

HostValue reshape(const HostValue& a, const Shape& s) {
  if (a.shape() == s) return a;
  if (a.is_constant() && a.form() != HostValue::Form::dense && a.shape().numel() == s.numel() &&
      s.rank() <= HostValue::kSymbolicRank) {
    HostValue v = a;
    v.shape_ = s;
    v.comps_.assign(static_cast<std::size_t>(s.rank()), {});
    v.mcomps_.assign(static_cast<std::size_t>(s.rank()), {});
    return v;
  }
  return HostValue::dense(data::reshape(a.materialize(), s));
}

HostValue where(const HostValue& c, const HostValue& a, const HostValue& b) {
  return HostValue::dense(data::where(c.materialize(), a.materialize(), b.materialize()));
}

}  // namespace kernbench::tl
