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

using Comps = HostValue::Comps;
using MaskComps = HostValue::MaskComps;

/// a op b when both are constants (not dense), as a splat; empty otherwise.
/// Integer constants under +, -, *: two's complement arithmetic wrapped to
/// the result's width, which is what data::binary computes (the operands'
/// conversions to the promoted type commute with it). Other constants:
/// computed once on scalars (every element is equal).
std::optional<HostValue> constant_binary(BinOp op, const HostValue& a, const HostValue& b,
                                         const Shape& shape, DType rt) {
  using F = HostValue::Form;
  if (a.form() == F::affine && b.form() == F::affine && is_intlike(a.dtype()) &&
      is_intlike(b.dtype()) && is_intlike(rt) &&
      (op == BinOp::add || op == BinOp::sub || op == BinOp::mul) && a.is_constant() &&
      b.is_constant()) {
    return HostValue::splat_int(shape, wrapping_int(op, a.base(), b.base()), rt);
  }
  if (a.is_constant() && b.is_constant() && a.form() != F::dense && b.form() != F::dense) {
    const Array one_a = scalar_of(a);
    const Array one_b = scalar_of(b);
    const Array r = data::binary(op, one_a, one_b);
    if (data::is_float(rt)) return HostValue::splat_float(shape, r.get_double(0), rt);
    if (rt == DType::boolean) return HostValue::splat_bool(shape, r.i64()[0] != 0);
    return HostValue::splat_int(shape, r.i64()[0], rt);
  }
  return std::nullopt;
}

/// Whether a op b of two affine values is affine: +, -, and * by a constant
/// (the caller still checks that the result is exact in `rt`).
bool stays_affine(BinOp op, const HostValue& a, const HostValue& b, DType rt) {
  using F = HostValue::Form;
  return a.form() == F::affine && b.form() == F::affine && is_intlike(rt) &&
         (op == BinOp::add || op == BinOp::sub ||
          (op == BinOp::mul && (a.is_constant() || b.is_constant())));
}

/// The components of var * k aligned to `shape`; `base` receives the
/// product's base.
Comps scaled_comps(const HostValue& var, std::int64_t k, const Shape& shape, std::int64_t& base) {
  std::int64_t var_base = var.base();
  Comps out = align(var.comps(), var.shape(), shape, &var_base);
  base = var_base * k;
  for (auto& c : out) {
    if (!c.empty()) c = c.map([k](std::int64_t x) { return x * k; }, true);
  }
  return out;
}

/// One axis of a + b or a - b (`op`), either component possibly empty
/// (moved from).
Comp<std::int64_t> combined_comp(BinOp op, Comp<std::int64_t>& ca, Comp<std::int64_t>& cb) {
  if (cb.empty()) return std::move(ca);
  if (ca.empty()) {
    if (op == BinOp::sub) return cb.map([](std::int64_t x) { return -x; }, true);
    return std::move(cb);
  }
  if (ca.step() && cb.step()) {
    return Comp<std::int64_t>::arithmetic(apply_int(op, ca[0], cb[0]),
                                          apply_int(op, *ca.step(), *cb.step()), ca.size());
  }
  std::vector<std::int64_t> sum(ca.size());
  for (std::size_t i = 0; i < ca.size(); ++i) sum[i] = apply_int(op, ca[i], cb[i]);
  return Comp<std::int64_t>(std::move(sum));
}

/// The components of a + b or a - b (`op`) aligned to `shape`; `base`
/// receives the result's base.
Comps summed_comps(BinOp op, const HostValue& a, const HostValue& b, const Shape& shape,
                   std::int64_t& base) {
  std::int64_t ba = a.base(), bb = b.base();
  auto ca = align(a.comps(), a.shape(), shape, &ba);
  auto cb = align(b.comps(), b.shape(), shape, &bb);
  base = apply_int(op, ba, bb);
  Comps out;
  out.resize(ca.size());
  for (std::size_t k = 0; k < ca.size(); ++k) out[k] = combined_comp(op, ca[k], cb[k]);
  return out;
}

/// The components (and, in `base`, the base) of a op b where stays_affine.
Comps affine_comps(BinOp op, const HostValue& a, const HostValue& b, const Shape& shape,
                   std::int64_t& base) {
  if (op != BinOp::mul) return summed_comps(op, a, b, shape, base);
  const HostValue& var = a.is_constant() ? b : a;
  const std::int64_t k = a.is_constant() ? a.base() : b.base();
  return scaled_comps(var, k, shape, base);
}

/// Whether a op b is x % k or x / k for 0 <= x < k (the tutorials' `% M`
/// wrap of in-range offsets): then it is x and 0, exactly.
bool divides_below(BinOp op, const HostValue& a, const HostValue& b, DType rt) {
  using F = HostValue::Form;
  if (!((op == BinOp::mod || op == BinOp::div) && is_intlike(rt) && a.form() == F::affine &&
        b.form() == F::affine && b.is_constant() && b.base() > 0)) {
    return false;
  }
  i128 lo, hi;
  affine_range(a, lo, hi);
  return lo >= 0 && hi < b.base();
}

/// Index of the only non-empty component, or -1 when there are none or
/// several.
int single_live_axis(const Comps& comps) {
  int live = -1;
  int count = 0;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    if (!comps[i].empty()) {
      live = static_cast<int>(i);
      ++count;
    }
  }
  return count == 1 ? live : -1;
}

/// cmp(base + c[i], k) for every i, as a mask component.
Comp<std::uint8_t> axis_mask(BinOp cmp, std::int64_t base, const Comp<std::int64_t>& c,
                             std::int64_t k) {
  if (auto uniform = uniform_compare(cmp, base, c, k)) {
    return Comp<std::uint8_t>::arithmetic(*uniform ? 1 : 0, 0, c.size());
  }
  std::vector<std::uint8_t> m(c.size());
  std::uint8_t any = 0, all = 1;
  for (std::size_t i = 0; i < c.size(); ++i) {
    m[i] = compare(cmp, base + c[i], k) ? 1 : 0;
    any |= m[i];
    all &= m[i];
  }
  return Comp<std::uint8_t>(std::move(m), all, any);
}

/// The mask components of a comparison of a one-axis affine value with a
/// constant, aligned to `shape`; empty when a op b is not such a comparison.
std::optional<MaskComps> compare_mask(BinOp op, const HostValue& a, const HostValue& b,
                                      const Shape& shape) {
  using F = HostValue::Form;
  if (!(is_compare(op) && is_intlike(a.dtype()) && is_intlike(b.dtype()) && a.form() == F::affine &&
        b.form() == F::affine && (a.is_constant() != b.is_constant()))) {
    return std::nullopt;
  }
  const HostValue& var = a.is_constant() ? b : a;
  const std::int64_t k = a.is_constant() ? a.base() : b.base();
  const BinOp cmp = a.is_constant() ? mirrored(op) : op;
  std::int64_t base = var.base();
  auto comps = align(var.comps(), var.shape(), shape, &base);
  const int live = single_live_axis(comps);
  if (live < 0) return std::nullopt;
  MaskComps m;
  m.resize(comps.size());
  m[static_cast<std::size_t>(live)] =
      axis_mask(cmp, base, comps[static_cast<std::size_t>(live)], k);
  return m;
}

/// Whether a op b is the AND of two separable masks (then it stays one).
bool ands_masks(BinOp op, const HostValue& a, const HostValue& b) {
  using F = HostValue::Form;
  return (op == BinOp::logical_and || op == BinOp::bit_and) && a.form() == F::mask_and &&
         b.form() == F::mask_and;
}

/// x[i] & y[i] for every i (both the same size).
Comp<std::uint8_t> and_comp(const Comp<std::uint8_t>& x, const Comp<std::uint8_t>& y) {
  std::vector<std::uint8_t> both(x.size());
  std::uint8_t any = 0, all = 1;
  for (std::size_t i = 0; i < x.size(); ++i) {
    both[i] = x[i] & y[i];
    any |= both[i];
    all &= both[i];
  }
  return Comp<std::uint8_t>(std::move(both), all, any);
}

/// The components of the AND of two mask_and values, aligned to `shape`.
MaskComps and_mask_comps(const HostValue& a, const HostValue& b, const Shape& shape) {
  auto ma = align(a.mask_comps(), a.shape(), shape, nullptr);
  auto mb = align(b.mask_comps(), b.shape(), shape, nullptr);
  MaskComps out;
  out.resize(ma.size());
  for (std::size_t k = 0; k < ma.size(); ++k) {
    if (ma[k].empty()) {
      out[k] = std::move(mb[k]);
    } else if (mb[k].empty()) {
      out[k] = std::move(ma[k]);
    } else {
      out[k] = and_comp(ma[k], mb[k]);
    }
  }
  return out;
}

}  // namespace

HostValue binary(BinOp op, const HostValue& a, const HostValue& b) {
  const Shape shape = data::broadcast_shapes(a.shape(), b.shape(), data::name(op));
  if (shape.rank() > HostValue::kSymbolicRank) return dense_binary(op, a, b);
  const DType rt = data::binary_result_dtype(op, a.dtype(), b.dtype());
  if (std::optional<HostValue> c = constant_binary(op, a, b, shape, rt)) return std::move(*c);
  // affine +,-,* stay affine while exact.
  if (stays_affine(op, a, b, rt)) {
    HostValue v = HostValue::splat_int(shape, 0, rt);  // its base and components set here
    v.comps_ = affine_comps(op, a, b, shape, v.base_);
    i128 lo, hi;
    affine_range(v, lo, hi);
    if (lo >= min_of(rt) && hi <= max_of(rt)) return v;
    return dense_binary(op, a, b);
  }
  if (divides_below(op, a, b, rt)) {
    if (op == BinOp::div) return HostValue::splat_int(shape, 0, rt);
    HostValue v = broadcast_to(a, shape);
    v.dtype_ = rt;
    return v;
  }
  // Comparisons of a one-axis affine value with a constant become masks.
  if (std::optional<MaskComps> m = compare_mask(op, a, b, shape)) {
    HostValue v = HostValue::splat_bool(shape, true);  // its components set here
    v.mcomps_ = std::move(*m);
    return v;
  }
  // AND of masks stays separable.
  if (ands_masks(op, a, b)) {
    HostValue v = HostValue::splat_bool(shape, a.mask_const_ && b.mask_const_);
    v.mcomps_ = and_mask_comps(a, b, shape);
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
