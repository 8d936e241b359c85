#pragma once
/// @file host_value.hpp
/// Values the issuing program computes itself, without any engine: index
/// arithmetic (`arange`, `program_id * BLOCK + ...`), pointer tiles, masks and
/// constants (`full`, `zeros`). They exist in both execution modes.
///
/// Representation (docs/adr/0051-separable-index-values.md): kept symbolic
/// while it stays exact, so pointer tiles cost O(sum of dims), not
/// O(product):
///   - affine (integer): v[i0, i1, ...] = base + sum_k comp_k[i_k]
///     (comp_k empty = 0 along axis k); also every constant.
///   - mask_and (bool): v[i...] = AND_k comp_k[i_k] (comp_k empty = true).
///   - splat_float: one floating value everywhere.
///   - dense: a data::Array (anything else).
/// Every operation gives exactly what data::binary/unary would on the
/// materialised arrays (same dtype promotion, same C integer semantics).

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "data/array.hpp"
#include "data/elementwise.hpp"
#include "tl/small_vec.hpp"

namespace kernbench::tl {

/// An immutable, shared component vector with its extremes and constant
/// step cached (copying a HostValue copies handles, not elements). The count
/// of handles is not atomic: a value belongs to one runner, and a runner to
/// one thread.
template <class T>
class Comp {
 public:
  Comp() = default;
  /// Stored values (extremes and step are computed once).
  explicit Comp(std::vector<T> v);
  /// Stored values whose extremes the caller knows (no step is recorded).
  Comp(std::vector<T> v, T lo, T hi);
  /// The progression first, first + step, ... (n values), stored as three
  /// numbers: aranges and their affine images cost O(1).
  static Comp arithmetic(T first, T step, std::size_t n);
  Comp(const Comp& o) : d_(o.d_) {
    if (d_ != nullptr) ++d_->refs;
  }
  Comp(Comp&& o) noexcept : d_(o.d_) { o.d_ = nullptr; }
  Comp& operator=(const Comp& o) {
    Comp tmp(o);
    std::swap(d_, tmp.d_);
    return *this;
  }
  Comp& operator=(Comp&& o) noexcept {
    std::swap(d_, o.d_);
    return *this;
  }
  ~Comp() {
    if (d_ != nullptr && --d_->refs == 0) delete d_;
  }
  bool empty() const { return d_ == nullptr; }
  std::size_t size() const { return d_ ? d_->n : 0; }
  T operator[](std::size_t i) const {
    return d_->v.empty() ? static_cast<T>(d_->first + static_cast<T>(i) * *d_->step) : d_->v[i];
  }
  T lo() const { return d_->lo; }
  T hi() const { return d_->hi; }
  /// The constant difference between neighbours, if there is one.
  const std::optional<T>& step() const { return d_->step; }
  /// A new component with f applied to every value (kept arithmetic when
  /// `affine` says f preserves progressions).
  template <class F>
  Comp map(F f, bool affine) const {
    if (affine && d_->v.empty()) {
      const T a = f(d_->first);
      const T b = d_->n > 1 ? f(static_cast<T>(d_->first + *d_->step)) : a;
      return arithmetic(a, static_cast<T>(b - a), d_->n);
    }
    std::vector<T> out(d_->n);
    for (std::size_t i = 0; i < d_->n; ++i) out[i] = f((*this)[i]);
    return Comp(std::move(out));
  }

 private:
  struct Data {
    std::vector<T> v;  // empty for an arithmetic progression
    std::size_t n = 0;
    T first{};
    T lo{}, hi{};
    std::optional<T> step;
    std::uint32_t refs = 1;
  };
  Data* d_ = nullptr;
};

class HostValue {
 public:
  enum class Form : std::uint8_t { affine, mask_and, splat_float, dense };

  HostValue() = default;
  static HostValue dense(data::Array a);
  static HostValue splat_int(const data::Shape& s, std::int64_t v, data::DType t);
  static HostValue splat_float(const data::Shape& s, double v, data::DType t);
  static HostValue splat_bool(const data::Shape& s, bool v);
  /// arange(start, end) as int32.
  static HostValue arange(std::int64_t start, std::int64_t end);

  Form form() const { return form_; }
  const data::Shape& shape() const { return shape_; }
  data::DType dtype() const { return dtype_; }

  /// The value as a dense array (computed on demand).
  data::Array materialize() const;

  // Affine access (form() == affine).
  std::int64_t base() const { return base_; }
  /// Symbolic forms cover tiles of rank <= kSymbolicRank (every tile of the
  /// tutorials); higher ranks are dense.
  static constexpr int kSymbolicRank = 4;
  using Comps = SmallVec<Comp<std::int64_t>, kSymbolicRank>;
  using MaskComps = SmallVec<Comp<std::uint8_t>, kSymbolicRank>;
  const Comps& comps() const { return comps_; }
  // MaskAnd access (form() == mask_and).
  const MaskComps& mask_comps() const { return mcomps_; }
  /// True for a constant (affine without components, mask_and all true/false
  /// without components, or splat_float).
  bool is_constant() const;
  /// The value of a constant (is_constant()), as a double.
  double constant_value() const;

  friend HostValue binary(data::BinOp op, const HostValue& a, const HostValue& b);
  friend HostValue unary(data::UnOp op, const HostValue& a);
  friend HostValue cast(const HostValue& a, data::DType t);
  friend HostValue expand_dims(const HostValue& a, int axis);
  friend HostValue broadcast_to(const HostValue& a, const data::Shape& s);
  friend HostValue trans(const HostValue& a);
  friend HostValue reshape(const HostValue& a, const data::Shape& s);
  friend HostValue where(const HostValue& c, const HostValue& a, const HostValue& b);

 private:
  /// Wraps an integer to the width of dtype_ (as data::Array stores it).
  std::int64_t wrap(std::int64_t v) const;

  Form form_ = Form::dense;
  data::Shape shape_;
  data::DType dtype_ = data::DType::i32;
  std::int64_t base_ = 0;
  bool mask_const_ = true;  // mask_and: value of the constant part
  double fvalue_ = 0.0;
  Comps comps_;
  MaskComps mcomps_;
  std::shared_ptr<const data::Array> dense_;  // immutable once made: copies share it
};

HostValue binary(data::BinOp op, const HostValue& a, const HostValue& b);
HostValue unary(data::UnOp op, const HostValue& a);
HostValue cast(const HostValue& a, data::DType t);
HostValue expand_dims(const HostValue& a, int axis);
HostValue broadcast_to(const HostValue& a, const data::Shape& s);
HostValue trans(const HostValue& a);
HostValue reshape(const HostValue& a, const data::Shape& s);
HostValue where(const HostValue& c, const HostValue& a, const HostValue& b);

}  // namespace kernbench::tl
