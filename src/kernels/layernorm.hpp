#pragma once
/// @file layernorm.hpp
/// Triton tutorial 05, layer normalisation forward (`_layer_norm_fwd_fused`):
/// one row per program, three passes over the row (mean, variance, then
/// normalise and apply weight and bias); writes Y, and Mean and Rstd for the
/// backward pass. f16 data (the tutorial; `dtype` = bf16 or f32 for other
/// rows), f32 maths, eps = 1e-5.
/// Params: M = 1151, N = 8192 (the tutorial's test size), dtype = f16,
/// BLOCK_SIZE = min(65536 / size(dtype), next_pow2(N)) (each pass loops over
/// the row in blocks, so N may exceed it; the tutorial's host wrapper refuses
/// such rows, the kernel itself does not), num_warps =
/// min(max(BLOCK_SIZE / 256, 1), 8) (warps per program).
/// FLOPs: 8 M N (1 for the mean, 3 for the variance, 4 to normalise).
/// Ideal bytes: 2 s M N (X, Y) + 2 s N (W, B) + 2 * 4 M (Mean, Rstd), s =
/// size(dtype).

#include <cstdint>
#include <memory>

#include "data/array.hpp"
#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

/// Grid: (M,).
void layer_norm_fwd_fused(tl::Program& tl, tl::Ptr X, tl::Ptr Y, tl::Ptr W, tl::Ptr B, tl::Ptr Mean,
                          tl::Ptr Rstd, std::int64_t stride, std::int64_t N, double eps,
                          std::int64_t BLOCK_SIZE);

/// Host reference (double precision): Y rounded to `y_dtype`, Mean and Rstd f32.
struct LayerNormRef {
  data::Array y, mean, rstd;
};
LayerNormRef layer_norm_reference(const data::Array& x, const data::Array& w, const data::Array& b,
                                  double eps);

/// The tutorial's BLOCK_SIZE rule for f16 rows (layernorm_backward; the
/// forward applies it to its own dtype) and its num_warps heuristic
/// (warps per program; both kernels).
ParamSpec layernorm_block_size_param();
ParamSpec layernorm_num_warps_param();

std::unique_ptr<Kernel> make_layernorm();

}  // namespace kernbench::kernels
