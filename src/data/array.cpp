#include "data/array.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "data/convert.hpp"

namespace kernbench::data {
namespace {

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

void check_count(std::size_t n, const Shape& shape, const char* op) {
  if (static_cast<std::int64_t>(n) != shape.numel()) {
    throw ShapeError(std::string(op) + ": " + std::to_string(n) + " values given for shape " +
                     shape.to_string() + " which has " + std::to_string(shape.numel()) +
                     " elements");
  }
}

}  // namespace

Array::Array() : shape_(), dtype_(DType::f32), f_(1, 0.0f) {}

Array::Array(const Shape& shape, DType dtype) : shape_(shape), dtype_(dtype) {
  const auto n = static_cast<std::size_t>(shape.numel());
  if (is_float(dtype)) {
    f_.assign(n, 0.0f);
  } else {
    i_.assign(n, 0);
  }
}

std::uint64_t Array::nbytes() const {
  return static_cast<std::uint64_t>(numel()) * size_of(dtype_);
}

std::span<const float> Array::f32() const {
  if (!is_float(dtype_)) {
    throw DTypeError("Array::f32(): array is " + describe(*this) +
                     "; integer and bool values are in i64()");
  }
  return f_;
}

std::span<const std::int64_t> Array::i64() const {
  if (is_float(dtype_)) {
    throw DTypeError("Array::i64(): array is " + describe(*this) +
                     "; floating-point values are in f32()");
  }
  return i_;
}

std::span<float> Array::mutable_f32() {
  if (!is_float(dtype_)) {
    throw DTypeError("Array::mutable_f32(): array is " + describe(*this) +
                     "; integer and bool values are in mutable_i64()");
  }
  return f_;
}

std::span<std::int64_t> Array::mutable_i64() {
  if (is_float(dtype_)) {
    throw DTypeError("Array::mutable_i64(): array is " + describe(*this) +
                     "; floating-point values are in mutable_f32()");
  }
  return i_;
}

double Array::get_double(std::int64_t flat) const {
  if (flat < 0 || flat >= numel()) {
    throw ValueError("Array::get_double: flat index " + std::to_string(flat) +
                     " is out of range for " + describe(*this) + " with " +
                     std::to_string(numel()) + " elements");
  }
  const auto i = static_cast<std::size_t>(flat);
  return is_float(dtype_) ? static_cast<double>(f_[i]) : static_cast<double>(i_[i]);
}

std::int64_t Array::flat_index(std::span<const std::int64_t> index) const {
  if (static_cast<int>(index.size()) != rank()) {
    throw ValueError("index has " + std::to_string(index.size()) + " entries but " +
                     describe(*this) + " has rank " + std::to_string(rank()));
  }
  std::int64_t flat = 0;
  for (int ax = 0; ax < rank(); ++ax) {
    const std::int64_t v = index[static_cast<std::size_t>(ax)];
    if (v < 0 || v >= shape_[ax]) {
      throw ValueError("index " + std::to_string(v) + " on axis " + std::to_string(ax) +
                       " is out of range for " + describe(*this));
    }
    flat = flat * shape_[ax] + v;
  }
  return flat;
}

double Array::get_double(std::span<const std::int64_t> index) const {
  return get_double(flat_index(index));
}

double Array::get_double(std::initializer_list<std::int64_t> index) const {
  return get_double(std::span<const std::int64_t>(index.begin(), index.size()));
}

std::int64_t Array::get_int(std::int64_t flat) const {
  const auto v = i64();
  if (flat < 0 || flat >= numel()) {
    throw ValueError("Array::get_int: flat index " + std::to_string(flat) +
                     " is out of range for " + describe(*this));
  }
  return v[static_cast<std::size_t>(flat)];
}

void Array::set_double(std::int64_t flat, double value) {
  if (flat < 0 || flat >= numel()) {
    throw ValueError("Array::set_double: flat index " + std::to_string(flat) +
                     " is out of range for " + describe(*this));
  }
  const auto i = static_cast<std::size_t>(flat);
  if (is_float(dtype_)) {
    f_[i] = round_to(dtype_, value);
  } else {
    i_[i] = float_to_int(dtype_, value);
  }
}

std::string Array::to_string(std::int64_t max_elements) const {
  std::ostringstream os;
  os.precision(9);
  os << describe(*this) << " {";
  const std::int64_t n = numel() < max_elements ? numel() : max_elements;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i) os << ", ";
    if (is_float(dtype_)) {
      os << f_[static_cast<std::size_t>(i)];
    } else {
      os << i_[static_cast<std::size_t>(i)];
    }
  }
  if (n < numel()) os << ", ... (" << numel() - n << " more)";
  os << "}";
  return os.str();
}

Array Array::from_float_storage(const Shape& shape, DType dtype, std::vector<float> values) {
  if (!is_float(dtype) || static_cast<std::int64_t>(values.size()) != shape.numel()) {
    throw std::logic_error("Array::from_float_storage: storage does not match " +
                           std::string(name(dtype)) + shape.to_string());
  }
  Array a;
  a.shape_ = shape;
  a.dtype_ = dtype;
  a.f_ = std::move(values);
  return a;
}

Array Array::from_int_storage(const Shape& shape, DType dtype, std::vector<std::int64_t> values) {
  if (is_float(dtype) || static_cast<std::int64_t>(values.size()) != shape.numel()) {
    throw std::logic_error("Array::from_int_storage: storage does not match " +
                           std::string(name(dtype)) + shape.to_string());
  }
  Array a;
  a.shape_ = shape;
  a.dtype_ = dtype;
  a.f_.clear();
  a.i_ = std::move(values);
  return a;
}

Array Array::reshaped(const Shape& shape) const& {
  Array a = *this;
  return std::move(a).reshaped(shape);
}

Array Array::reshaped(const Shape& shape) && {
  if (shape.numel() != numel()) {
    throw std::logic_error("Array::reshaped: " + shape.to_string() + " does not hold " +
                           std::to_string(numel()) + " elements");
  }
  shape_ = shape;
  return std::move(*this);
}

Array zeros(const Shape& shape, DType dtype) {
  return Array(shape, dtype);
}

Array full(const Shape& shape, double value, DType dtype) {
  Array a(shape, dtype);
  if (is_float(dtype)) {
    const float v = round_to(dtype, value);
    for (float& x : a.mutable_f32()) x = v;
  } else {
    const std::int64_t v = float_to_int(dtype, value);
    for (std::int64_t& x : a.mutable_i64()) x = v;
  }
  return a;
}

Array full_int(const Shape& shape, std::int64_t value, DType dtype) {
  Array a(shape, dtype);
  if (is_float(dtype)) {
    const float v = int_to_float(dtype, value);
    for (float& x : a.mutable_f32()) x = v;
  } else {
    const std::int64_t v = int_to_int(dtype, value);
    for (std::int64_t& x : a.mutable_i64()) x = v;
  }
  return a;
}

Array scalar(double value, DType dtype) {
  return full(Shape{}, value, dtype);
}

Array arange(std::int64_t start, std::int64_t end) {
  constexpr std::int64_t lo = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int32_t>::max();
  if (start < lo || start > hi || end < lo || end - 1 > hi) {
    throw ValueError("arange(" + std::to_string(start) + ", " + std::to_string(end) +
                     "): start and end must fit in int32");
  }
  if (end <= start) {
    throw ValueError("arange(" + std::to_string(start) + ", " + std::to_string(end) +
                     "): end must be greater than start");
  }
  std::vector<std::int64_t> v(static_cast<std::size_t>(end - start));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = start + static_cast<std::int64_t>(i);
  return Array::from_int_storage(Shape{end - start}, DType::i32, std::move(v));
}

Array from_vector(std::vector<float> values, const Shape& shape, DType dtype) {
  check_count(values.size(), shape, "from_vector");
  if (is_float(dtype)) {
    round_inplace(dtype, values);
    return Array::from_float_storage(shape, dtype, std::move(values));
  }
  std::vector<std::int64_t> iv(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) iv[i] = float_to_int(dtype, values[i]);
  return Array::from_int_storage(shape, dtype, std::move(iv));
}

Array from_vector(const std::vector<double>& values, const Shape& shape, DType dtype) {
  check_count(values.size(), shape, "from_vector");
  if (is_float(dtype)) {
    std::vector<float> fv(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) fv[i] = round_to(dtype, values[i]);
    return Array::from_float_storage(shape, dtype, std::move(fv));
  }
  std::vector<std::int64_t> iv(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) iv[i] = float_to_int(dtype, values[i]);
  return Array::from_int_storage(shape, dtype, std::move(iv));
}

Array from_vector(const std::vector<std::int64_t>& values, const Shape& shape, DType dtype) {
  check_count(values.size(), shape, "from_vector");
  if (is_float(dtype)) {
    std::vector<float> fv(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) fv[i] = int_to_float(dtype, values[i]);
    return Array::from_float_storage(shape, dtype, std::move(fv));
  }
  std::vector<std::int64_t> iv(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) iv[i] = int_to_int(dtype, values[i]);
  return Array::from_int_storage(shape, dtype, std::move(iv));
}

bool identical(const Array& a, const Array& b) {
  if (a.dtype() != b.dtype() || !(a.shape() == b.shape())) return false;
  if (a.has_float_storage()) {
    const auto x = a.f32();
    const auto y = b.f32();
    return x.empty() || std::memcmp(x.data(), y.data(), x.size_bytes()) == 0;
  }
  const auto x = a.i64();
  const auto y = b.i64();
  return x.empty() || std::memcmp(x.data(), y.data(), x.size_bytes()) == 0;
}

}  // namespace kernbench::data
