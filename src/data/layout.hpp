#pragma once
/// @file
/// Layout ops: reshape, transpose/permute, expand_dims, broadcast_to.
/// Each returns a new dense row-major Array with the input's dtype and
/// throws ShapeError naming the op and the shapes on misuse.

#include <span>
#include <vector>

#include "data/array.hpp"

namespace kernbench::data {

/// Same elements in row-major order, new shape (numel must match).
Array reshape(const Array& a, const Shape& shape);

/// Transpose of a 2-D array.
Array trans(const Array& a);
/// Permutes axes: result axis i is input axis perm[i] (like numpy.transpose
/// / tl.permute). perm must be a permutation of 0..rank-1.
Array trans(const Array& a, std::span<const int> perm);
Array trans(const Array& a, std::initializer_list<int> perm);
/// Shape of trans(a, perm) without computing it.
Shape permuted_shape(const Shape& shape, std::span<const int> perm);

/// Inserts a size-1 axis at `axis` (in -(rank+1)..rank, negative counts from
/// the end of the result).
Array expand_dims(const Array& a, int axis);

/// Materialises `a` broadcast (NumPy rules) to `shape`; `shape` must be the
/// broadcast of a.shape() and itself.
Array broadcast_to(const Array& a, const Shape& shape);

}  // namespace kernbench::data
