#pragma once
/// @file
/// Deterministic random test data for kernels and references.
///
/// Generator (stable, documented so results can be reproduced anywhere):
/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014; the generator of Java's
/// SplittableRandom) in counter form. With
///   mix(z) = z ^= z >> 30, z *= 0xbf58476d1ce4e5b9, z ^= z >> 27,
///            z *= 0x94d049bb133111eb, z ^ (z >> 31)      (mod 2^64)
/// and gamma = 0x9e3779b97f4a7c15, the draw of the element at row-major
/// index i is mix(mix(seed) + (i + 1) * gamma): one 64-bit draw per
/// element, computable for any i alone (numpy's uint64 arithmetic
/// reproduces it in a few vector operations).
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
