#pragma once
/// @file
/// Matrix products for tile `dot`: 2-D [M,K] @ [K,N] -> [M,N] and batched
/// 3-D [B,M,K] @ [B,K,N] -> [B,M,N], with an optional accumulator.
///
/// Semantics:
/// - Float inputs (any mix of f32, f16, bf16, fp8): products and sums are
///   computed in f32 by OpenBLAS `cblas_sgemm` (ADR 0010). Narrow-float
///   inputs are exact in f32, so only the summation rounds, as on tensor
///   cores with f32 accumulation. The result is `acc + a @ b` computed as
///   sgemm's C = A*B + 1*C, then rounded to out_dtype (f32 by default; f16
///   and bf16 allowed).
/// - DotPrecision::tf32 first rounds f32-typed inputs to TF32 (10-bit mantissa,
///   RNE); DotPrecision::tf32x3 splits f32 inputs into a TF32 high part and a
///   TF32 low part and sums hi*hi + hi*lo + lo*hi (Triton's 3xTF32). Other
///   input dtypes are already exact in TF32 and are not changed.
/// - Integer inputs (int8/uint8 on tensor cores, any integer type here): the
///   exact product sum wraps to out_dtype (int32 by default), so int8 ->
///   int32 is exact as on hardware. DotPrecision is ignored.
/// - Mixing float and integer inputs is a DTypeError; mismatched inner or
///   batch dimensions, or an accumulator of the wrong shape, a ShapeError.
/// - The float result is deterministic for a given build and machine (one
///   BLAS call, fixed blocking); it is not guaranteed bit-identical across
///   CPUs with different OpenBLAS kernels.

#include <cstdint>
#include <optional>
#include <string_view>

#include "data/array.hpp"

namespace kernbench::data {

enum class DotPrecision : std::uint8_t { ieee, tf32, tf32x3 };

std::string_view name(DotPrecision p);
/// Parses "ieee", "tf32", "tf32x3"; throws ValueError otherwise.
DotPrecision parse_precision(std::string_view text);

/// Result dtype of dot (out_dtype if given, else acc's dtype if given, else
/// f32 for float inputs and int32 for integer inputs). Throws DTypeError.
DType dot_result_dtype(DType a, DType b, std::optional<DType> acc = std::nullopt,
                       std::optional<DType> out_dtype = std::nullopt);
/// Result shape of dot; throws ShapeError naming both shapes.
Shape dot_result_shape(const Shape& a, const Shape& b);

Array dot(const Array& a, const Array& b, const Array* acc = nullptr,
          std::optional<DType> out_dtype = std::nullopt,
          DotPrecision precision = DotPrecision::ieee);

}  // namespace kernbench::data
