#pragma once
/// @file
/// Deterministic random test data for kernels and references.
///
/// Generator (stable, documented so results can be reproduced anywhere):
/// std::mt19937_64 seeded with `seed` (its output sequence is fixed by the
/// C++ standard), one 64-bit draw per element in row-major order.
/// - Float dtypes: u = (draw >> 11) * 2^-53 in [0, 1); value = lo + (hi - lo) * u
///   computed in double, then rounded (RNE) to the dtype. Rounding may yield
///   `hi` itself (or the dtype's overflow value if hi is beyond its range).
/// - Integer dtypes: integers uniform in [ceil(lo), ceil(hi)) as
///   ceil(lo) + draw % span (the modulo bias is below 2^-30 for spans < 2^34).
///   Values are then wrapped to the dtype if the range exceeds it.
/// - bool: as integers, then `!= 0`.
/// Requires finite lo < hi (ValueError otherwise). No global state.

#include <cstdint>

#include "data/array.hpp"

namespace kernbench::data {

Array random_array(const Shape& shape, DType dtype, std::uint64_t seed, double lo, double hi);

}  // namespace kernbench::data
