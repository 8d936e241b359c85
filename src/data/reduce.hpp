#pragma once
/// @file
/// Reductions along one axis or over all elements.
///
/// Semantics (Triton's tl.sum/max/min/argmax/argmin, made deterministic):
/// - sum: float inputs accumulate in double (in a fixed order: eight
///   interleaved partial sums along a contiguous axis, combined pairwise)
///   and the total is rounded once to the result dtype; the result is thus
///   at least as accurate as an f32 tree reduction. Integer sums wrap.
///   Result dtype: the input's, except integers narrower than 32 bits (and
///   bool) which sum to int32 (uint32 for unsigned), as Triton's
///   _pick_sum_dtype. An explicit out_dtype casts the input to it first.
/// - max/min: NaN is ignored unless every element is NaN (Triton's default
///   maximum/minimum); result dtype is the input's. On equal values the first
///   one wins.
/// - argmax/argmin: int32 index of the first maximum/minimum (ties -> the
///   lowest index; NaN ignored; an all-NaN slice gives 0). With axis =
///   nullopt, the index is the flat row-major index.
/// - axis: negative counts from the end; nullopt reduces over all axes.
///   keep_dims keeps reduced axes with size 1.
/// - Reducing an empty axis is a ValueError for max/min/argmax/argmin; an
///   empty sum is 0.

#include <cstdint>
#include <optional>
#include <string_view>

#include "data/array.hpp"

namespace kernbench::data {

enum class RedOp : std::uint8_t { sum, max, min, argmax, argmin };

std::string_view name(RedOp op);

/// Result dtype of reduce(op, a, ...) (see file comment).
DType reduce_result_dtype(RedOp op, DType in, std::optional<DType> out_dtype = std::nullopt);
/// Result shape of reduce(op, a, axis, keep_dims).
Shape reduce_result_shape(const Shape& in, std::optional<int> axis, bool keep_dims);

Array reduce(RedOp op, const Array& a, std::optional<int> axis, bool keep_dims = false,
             std::optional<DType> out_dtype = std::nullopt);

}  // namespace kernbench::data
