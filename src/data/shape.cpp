#include "data/shape.hpp"

#include <algorithm>
#include <array>

#include <vector>

namespace kernbench::data {

Shape::Shape(std::initializer_list<std::int64_t> dims) {
  init(std::span<const std::int64_t>(dims.begin(), dims.size()));
}

Shape::Shape(std::span<const std::int64_t> dims) {
  init(dims);
}

void Shape::init(std::span<const std::int64_t> dims) {
  if (dims.size() > static_cast<std::size_t>(kMaxRank)) {
    throw ShapeError("shape has rank " + std::to_string(dims.size()) + "; at most " +
                     std::to_string(kMaxRank) + " dimensions are supported");
  }
  rank_ = static_cast<int>(dims.size());
  numel_ = 1;
  bool empty = false;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0) {
      std::string msg = "shape [";
      for (std::size_t j = 0; j < dims.size(); ++j) {
        msg += (j ? ", " : "") + std::to_string(dims[j]);
      }
      throw ShapeError(msg + "] has a negative dimension at axis " + std::to_string(i));
    }
    dims_[i] = dims[i];
    if (dims[i] == 0) empty = true;
  }
  if (empty) {
    numel_ = 0;
    return;
  }
  for (std::size_t i = 0; i < dims.size(); ++i) {
    // numel_ <= 2^48 and dims[i] >= 1: an int64 overflow of the product also
    // means more than 2^48 elements (no division on this hot path).
    std::int64_t product = 0;
    if (__builtin_mul_overflow(numel_, dims[i], &product) || product > kMaxNumel) {
      throw ShapeError("shape " + to_string() + " has more than 2^48 elements");
    }
    numel_ = product;
  }
}

std::int64_t Shape::dim(int axis) const {
  return dims_[normalize_axis(axis, *this, "Shape::dim")];
}

std::array<std::int64_t, Shape::kMaxRank> Shape::strides() const {
  std::array<std::int64_t, kMaxRank> s{};
  std::int64_t acc = 1;
  for (int i = rank_ - 1; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = acc;
    acc *= dims_[static_cast<std::size_t>(i)];
  }
  return s;
}

Shape Shape::inserted(int pos, std::int64_t d) const {
  if (pos < 0 || pos > rank_) {
    throw ShapeError("cannot insert a dimension at position " + std::to_string(pos) + " of shape " +
                     to_string());
  }
  // One slot more than any shape has: a rank above kMaxRank is refused by init().
  std::array<std::int64_t, kMaxRank + 1> v{};
  std::copy(begin(), begin() + pos, v.begin());
  v[static_cast<std::size_t>(pos)] = d;
  std::copy(begin() + pos, end(), v.begin() + pos + 1);
  return Shape(std::span<const std::int64_t>(v.data(), static_cast<std::size_t>(rank_) + 1));
}

Shape Shape::removed(int pos) const {
  if (pos < 0 || pos >= rank_) {
    throw ShapeError("cannot remove dimension " + std::to_string(pos) + " of shape " + to_string());
  }
  std::array<std::int64_t, kMaxRank> v{};
  std::copy(begin(), begin() + pos, v.begin());
  std::copy(begin() + pos + 1, end(), v.begin() + pos);
  return Shape(std::span<const std::int64_t>(v.data(), static_cast<std::size_t>(rank_) - 1));
}

Shape Shape::with_dim(int pos, std::int64_t d) const {
  if (pos < 0 || pos >= rank_) {
    throw ShapeError("shape " + to_string() + " has no dimension " + std::to_string(pos));
  }
  std::array<std::int64_t, kMaxRank> v = dims_;
  v[static_cast<std::size_t>(pos)] = d;
  return Shape(std::span<const std::int64_t>(v.data(), static_cast<std::size_t>(rank_)));
}

std::string Shape::to_string() const {
  std::string s = "[";
  for (int i = 0; i < rank_; ++i) {
    if (i) s += ", ";
    s += std::to_string(dims_[static_cast<std::size_t>(i)]);
  }
  return s + "]";
}

bool operator==(const Shape& a, const Shape& b) {
  if (a.rank_ != b.rank_) return false;
  for (int i = 0; i < a.rank_; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

int normalize_axis(int axis, const Shape& shape, std::string_view op) {
  const int r = shape.rank();
  if (axis < -r || axis >= r) {
    throw ShapeError(std::string(op) + ": axis " + std::to_string(axis) +
                     " is out of range for shape " + shape.to_string() + " (rank " +
                     std::to_string(r) + ", valid axes " + std::to_string(-r) + ".." +
                     std::to_string(r - 1) + ")");
  }
  return axis < 0 ? axis + r : axis;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, std::string_view op) {
  const int r = a.rank() > b.rank() ? a.rank() : b.rank();
  std::array<std::int64_t, Shape::kMaxRank> out{};
  for (int i = 0; i < r; ++i) {
    // i counts from the trailing dimension.
    const int ia = a.rank() - 1 - i;
    const int ib = b.rank() - 1 - i;
    const std::int64_t da = ia >= 0 ? a[ia] : 1;
    const std::int64_t db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      throw ShapeError(std::string(op) + ": shapes " + a.to_string() + " and " + b.to_string() +
                       " are not broadcast-compatible (dimension " + std::to_string(-1 - i) + ": " +
                       std::to_string(da) + " vs " + std::to_string(db) + ")");
    }
    out[static_cast<std::size_t>(r - 1 - i)] = da == 1 ? db : da;
  }
  return Shape(std::span<const std::int64_t>(out.data(), static_cast<std::size_t>(r)));
}

std::string index_to_string(const Shape& shape, std::int64_t flat) {
  std::array<std::int64_t, Shape::kMaxRank> idx{};
  for (int i = shape.rank() - 1; i >= 0; --i) {
    const std::int64_t d = shape[i];
    idx[static_cast<std::size_t>(i)] = d > 0 ? flat % d : 0;
    flat = d > 0 ? flat / d : 0;
  }
  std::string s = "[";
  for (int i = 0; i < shape.rank(); ++i) {
    if (i) s += ", ";
    s += std::to_string(idx[static_cast<std::size_t>(i)]);
  }
  return s + "]";
}

}  // namespace kernbench::data
