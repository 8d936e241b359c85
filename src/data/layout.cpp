#include "data/layout.hpp"

#include <algorithm>
#include <string>

#include "data/detail/loops.hpp"

namespace kernbench::data {
namespace {

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

std::string perm_string(std::span<const int> perm) {
  std::string s = "(";
  for (std::size_t i = 0; i < perm.size(); ++i) s += (i ? ", " : "") + std::to_string(perm[i]);
  return s + ")";
}

// Blocked 2-D transpose of a rows x cols matrix; 32x32 tiles keep both the
// reads and the writes within a few cache lines.
template <class T>
void transpose2d(const T* in, T* out, std::int64_t rows, std::int64_t cols) {
  constexpr std::int64_t kB = 32;
  for (std::int64_t i0 = 0; i0 < rows; i0 += kB) {
    const std::int64_t i1 = std::min(rows, i0 + kB);
    for (std::int64_t j0 = 0; j0 < cols; j0 += kB) {
      const std::int64_t j1 = std::min(cols, j0 + kB);
      for (std::int64_t i = i0; i < i1; ++i) {
        for (std::int64_t j = j0; j < j1; ++j) out[j * rows + i] = in[i * cols + j];
      }
    }
  }
}

// General permutation: walk the output in order with an odometer over the
// input strides.
template <class T>
void permute(const T* in, T* out, const Shape& in_shape, std::span<const int> perm) {
  const Shape out_shape = permuted_shape(in_shape, perm);
  const auto in_strides = in_shape.strides();
  const int r = out_shape.rank();
  std::array<std::int64_t, Shape::kMaxRank> st{};
  for (int i = 0; i < r; ++i) {
    st[static_cast<std::size_t>(i)] =
        in_strides[static_cast<std::size_t>(perm[static_cast<std::size_t>(i)])];
  }
  std::array<std::int64_t, Shape::kMaxRank> idx{};
  std::int64_t off = 0;
  const std::int64_t n = out_shape.numel();
  for (std::int64_t k = 0; k < n; ++k) {
    out[k] = in[off];
    for (int d = r - 1; d >= 0; --d) {
      const auto du = static_cast<std::size_t>(d);
      ++idx[du];
      off += st[du];
      if (idx[du] < out_shape[d]) break;
      off -= st[du] * out_shape[d];
      idx[du] = 0;
    }
  }
}

}  // namespace

Array reshape(const Array& a, const Shape& shape) {
  if (shape.numel() != a.numel()) {
    throw ShapeError("reshape: cannot reshape " + describe(a) + " (" + std::to_string(a.numel()) +
                     " elements) to " + shape.to_string() + " (" + std::to_string(shape.numel()) +
                     " elements)");
  }
  return a.reshaped(shape);
}

Shape permuted_shape(const Shape& shape, std::span<const int> perm) {
  const int r = shape.rank();
  bool ok = static_cast<int>(perm.size()) == r;
  std::array<bool, Shape::kMaxRank> seen{};
  if (ok) {
    for (const int p : perm) {
      if (p < 0 || p >= r || seen[static_cast<std::size_t>(p)]) {
        ok = false;
        break;
      }
      seen[static_cast<std::size_t>(p)] = true;
    }
  }
  if (!ok) {
    throw ShapeError("trans: " + perm_string(perm) + " is not a permutation of the " +
                     std::to_string(r) + " axes of shape " + shape.to_string());
  }
  std::array<std::int64_t, Shape::kMaxRank> d{};
  for (int i = 0; i < r; ++i) {
    d[static_cast<std::size_t>(i)] = shape[perm[static_cast<std::size_t>(i)]];
  }
  return Shape(std::span<const std::int64_t>(d.data(), static_cast<std::size_t>(r)));
}

Array trans(const Array& a) {
  if (a.rank() != 2) {
    throw ShapeError("trans: expected a 2-D array, got " + describe(a) +
                     "; pass a permutation for other ranks");
  }
  const std::int64_t rows = a.shape()[0];
  const std::int64_t cols = a.shape()[1];
  const Shape out_shape{cols, rows};
  if (a.has_float_storage()) {
    std::vector<float> out(static_cast<std::size_t>(a.numel()));
    transpose2d(a.f32().data(), out.data(), rows, cols);
    return Array::from_float_storage(out_shape, a.dtype(), std::move(out));
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(a.numel()));
  transpose2d(a.i64().data(), out.data(), rows, cols);
  return Array::from_int_storage(out_shape, a.dtype(), std::move(out));
}

Array trans(const Array& a, std::span<const int> perm) {
  const Shape out_shape = permuted_shape(a.shape(), perm);
  if (a.rank() == 2 && perm[0] == 1) return trans(a);
  if (a.has_float_storage()) {
    std::vector<float> out(static_cast<std::size_t>(a.numel()));
    permute(a.f32().data(), out.data(), a.shape(), perm);
    return Array::from_float_storage(out_shape, a.dtype(), std::move(out));
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(a.numel()));
  permute(a.i64().data(), out.data(), a.shape(), perm);
  return Array::from_int_storage(out_shape, a.dtype(), std::move(out));
}

Array trans(const Array& a, std::initializer_list<int> perm) {
  return trans(a, std::span<const int>(perm.begin(), perm.size()));
}

Array expand_dims(const Array& a, int axis) {
  const int r = a.rank();
  if (axis < -(r + 1) || axis > r) {
    throw ShapeError("expand_dims: axis " + std::to_string(axis) + " is out of range for " +
                     describe(a) + " (valid " + std::to_string(-(r + 1)) + ".." +
                     std::to_string(r) + ")");
  }
  const int pos = axis < 0 ? axis + r + 1 : axis;
  return a.reshaped(a.shape().inserted(pos, 1));
}

Array broadcast_to(const Array& a, const Shape& shape) {
  const Shape b = broadcast_shapes(a.shape(), shape, "broadcast_to");
  if (!(b == shape)) {
    throw ShapeError("broadcast_to: cannot broadcast " + describe(a) + " to " + shape.to_string() +
                     " (the broadcast of both is " + b.to_string() + ")");
  }
  if (a.shape() == shape) return a;
  if (a.has_float_storage()) {
    std::vector<float> out(static_cast<std::size_t>(shape.numel()));
    detail::broadcast_copy(a.shape(), shape, a.f32().data(), out.data());
    return Array::from_float_storage(shape, a.dtype(), std::move(out));
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(shape.numel()));
  detail::broadcast_copy(a.shape(), shape, a.i64().data(), out.data());
  return Array::from_int_storage(shape, a.dtype(), std::move(out));
}

}  // namespace kernbench::data
