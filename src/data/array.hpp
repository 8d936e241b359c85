#pragma once
/// @file
/// Array: a dense, row-major n-d value with a DType. Tiles in the kernel
/// language, host tensors and reference results are all Arrays.
///
/// Storage contract (ADR 0011):
/// - Float dtypes (f32, f16, bf16, fp8*) keep their values in a
///   `std::vector<float>`; every stored value is already rounded to the
///   dtype (an f16 Array only ever holds f16 values, widened to float).
/// - Integral dtypes (int*, uint*, bool) keep values in a
///   `std::vector<std::int64_t>`, wrapped to the dtype's range (unsigned
///   values are non-negative, bool is 0 or 1).
/// - The other vector is empty. Element i of the flat span is the element at
///   row-major position i of shape().
/// - Rank 0 is a scalar with one element. Zero-sized dimensions are allowed.
/// Writers through mutable_f32()/mutable_i64() must keep the invariant
/// (round_inplace() / wrap via the cast helpers in convert.hpp).
///
/// Arrays are values: copying copies the data; moving is cheap.

#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/dtype.hpp"
#include "data/shape.hpp"

namespace kernbench::data {

/// A user-caused error about values or arguments of an op (bad range,
/// division shapes aside, a missing operand, ...). The message names the op.
class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Array {
 public:
  /// 0-d f32 scalar 0.
  Array();
  /// Zero-filled array of `shape` and `dtype`.
  Array(const Shape& shape, DType dtype);

  const Shape& shape() const { return shape_; }
  DType dtype() const { return dtype_; }
  std::int64_t numel() const { return shape_.numel(); }
  int rank() const { return shape_.rank(); }
  /// Bytes the array occupies in simulated memory: numel * size_of(dtype).
  std::uint64_t nbytes() const;
  bool has_float_storage() const { return is_float(dtype_); }

  /// Float values (float dtypes only; throws DTypeError otherwise).
  std::span<const float> f32() const;
  /// Integer values (integral dtypes only; throws DTypeError otherwise).
  std::span<const std::int64_t> i64() const;
  /// Raw write access; the caller keeps values rounded/wrapped to dtype().
  std::span<float> mutable_f32();
  std::span<std::int64_t> mutable_i64();

  /// Element at flat row-major index, as a double (exact for every dtype
  /// except int64 values beyond 2^53). Throws ValueError when out of range.
  double get_double(std::int64_t flat) const;
  /// Element at a multi-dimensional index (one entry per axis, each checked).
  double get_double(std::span<const std::int64_t> index) const;
  double get_double(std::initializer_list<std::int64_t> index) const;
  /// Exact integer element (integral dtypes only).
  std::int64_t get_int(std::int64_t flat) const;
  /// Stores `value` with cast semantics: RNE to float dtypes, C truncation
  /// (saturating, NaN -> 0) to integer dtypes, `!= 0` to bool.
  void set_double(std::int64_t flat, double value);

  /// Flat index of a multi-dimensional index; throws ValueError naming the
  /// offending axis.
  std::int64_t flat_index(std::span<const std::int64_t> index) const;

  /// "int32[4] {0, 1, 2, 3}"; at most `max_elements` values are shown.
  std::string to_string(std::int64_t max_elements = 16) const;

  /// Internal: build from storage that already satisfies the invariant.
  static Array from_float_storage(const Shape& shape, DType dtype, std::vector<float> values);
  static Array from_int_storage(const Shape& shape, DType dtype, std::vector<std::int64_t> values);
  /// Same values, new shape (numel must match; checked by callers).
  Array reshaped(const Shape& shape) const&;
  Array reshaped(const Shape& shape) &&;

 private:
  Shape shape_;
  DType dtype_ = DType::f32;
  std::vector<float> f_;
  std::vector<std::int64_t> i_;
};

/// Zero-filled array.
Array zeros(const Shape& shape, DType dtype = DType::f32);
/// Every element `value`, with cast semantics (see Array::set_double).
Array full(const Shape& shape, double value, DType dtype);
/// Every element the exact integer `value` (wrapped to an integer dtype,
/// rounded once to a float dtype).
Array full_int(const Shape& shape, std::int64_t value, DType dtype);
/// 0-d array.
Array scalar(double value, DType dtype);
/// 1-D int32 array start, start+1, ..., end-1. Requires start < end, both in
/// int32 range (Triton additionally requires a power-of-two length; that is
/// the kernel language's rule, not checked here).
Array arange(std::int64_t start, std::int64_t end);
/// From values in row-major order; values.size() must equal shape.numel().
/// Float dtypes round each value (RNE); integer dtypes cast (C semantics).
Array from_vector(std::vector<float> values, const Shape& shape, DType dtype = DType::f32);
Array from_vector(const std::vector<double>& values, const Shape& shape, DType dtype);
/// Integer values: wrapped to integer dtypes (`!= 0` for bool), rounded once
/// to float dtypes.
Array from_vector(const std::vector<std::int64_t>& values, const Shape& shape, DType dtype);

/// Same shape, dtype and bit-identical values (two NaNs with equal bits match).
bool identical(const Array& a, const Array& b);

}  // namespace kernbench::data
