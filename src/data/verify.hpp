#pragma once
/// @file
/// Comparison of a kernel's output with a reference, with dtype-aware
/// tolerances.
///
/// An element passes when both are NaN, both are the same infinity, or both
/// are finite and |out - ref| <= atol + rtol * |ref| (numpy.allclose).
/// NaN matches only NaN. When out and ref both have integer (or bool) dtypes
/// the values are compared as 64-bit integers, exactly at every width: the
/// difference is computed without rounding (with atol 0 and rtol 0, 2^53 + 1
/// differs from 2^53).
///
/// Default tolerances (values of order 1 assumed; pass a Tolerance otherwise):
/// | dtype            | atol   | rtol  | reasoning                                   |
/// |------------------|--------|-------|---------------------------------------------|
/// | integers, bool   | 0      | 0     | exact                                       |
/// | f32              | 1e-5   | 1e-5  | accumulation order differs (tiles vs BLAS)  |
/// | f32 from tf32 dot| 1e-3   | 2e-3  | inputs carry 10 mantissa bits, like f16     |
/// | f16              | 1e-3   | 2e-3  | rtol = 2 ulp at 1.0 (2^-9), atol = 1 ulp    |
/// | bf16             | 8e-3   | 1.6e-2| 2 ulp at 1.0 (2^-6), atol = 1 ulp           |
/// | fp8e4m3          | 0.125  | 0.25  | 2 ulp at 1.0 (2^-2), atol = 1 ulp           |
/// | fp8e5m2          | 0.25   | 0.5   | 2 ulp at 1.0 (2^-1), atol = 1 ulp           |
/// When out and ref have different dtypes the looser default applies.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/array.hpp"
#include "data/dot.hpp"

namespace kernbench::data {

struct Tolerance {
  double atol = 0.0;
  double rtol = 0.0;
};

/// Default tolerance of a dtype (see table above).
Tolerance default_tolerance(DType t);
/// Default tolerance of a dot result of dtype `t` computed at `p`
/// (DotPrecision::tf32 loosens f32 to the tf32 row).
Tolerance default_tolerance(DType t, DotPrecision p);

struct VerifyResult {
  bool passed = false;
  std::int64_t numel = 0;
  std::int64_t mismatches = 0;      ///< elements outside tolerance (NaN ones included)
  std::int64_t nan_mismatches = 0;  ///< NaN on exactly one side
  double max_abs_error = 0.0;       ///< over elements where both sides are finite
  double max_rel_error = 0.0;       ///< |out - ref| / |ref| over finite, ref != 0
  /// Index of the element closest to (or furthest beyond) its tolerance,
  /// i.e. the largest |out - ref| / (atol + rtol |ref|); NaN/inf mismatches
  /// rank first. Empty when numel == 0 or shapes differ.
  std::vector<std::int64_t> worst_index;
  double worst_out = 0.0;
  double worst_ref = 0.0;
  /// Both sides integer: compared exactly; worst_*_int hold the exact values.
  bool integer = false;
  std::int64_t worst_out_int = 0;
  std::int64_t worst_ref_int = 0;
  Tolerance tolerance;
  std::string out_desc;  ///< e.g. "f16[64, 64]"
  std::string note;      ///< set when the comparison could not be made (shape mismatch)

  /// One line, e.g. "PASS f32[128]: 128 elements, max abs err 2.4e-07, max rel
  /// err 1.2e-07 (atol 1e-05, rtol 1e-05)".
  std::string to_string() const;
};

/// Compares out with ref element by element (shapes must match; a mismatch
/// gives passed = false and a note, not an exception).
VerifyResult verify(const Array& out, const Array& ref,
                    std::optional<Tolerance> tolerance = std::nullopt);

}  // namespace kernbench::data
