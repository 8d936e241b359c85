#pragma once
/// @file matmul.hpp
/// Triton tutorial 03, matrix multiplication C = A @ B: grouped ("super
/// grouping") program order for L2 reuse, `% M` / `% N` wrap of the tile
/// offsets, a masked K tail, f32 accumulation, f16 output.
/// Params: M = N = K = 512 (the tutorial's first benchmark point is 256 and
/// its unit test 512; 512 keeps data mode to a fraction of a second),
/// BLOCK_SIZE_M = 128, BLOCK_SIZE_N = 128, BLOCK_SIZE_K = 64, GROUP_SIZE_M = 8,
/// num_stages = 3 (the loop's pipelining stages on in-order PEs), num_warps = 8,
/// dtype = f16 (inputs: f16, bf16, fp8e5m2 or fp8e4m3; for fp8, as in the
/// tutorial, B is stored transposed, i.e. column-major), c_dtype = f16 (the
/// dtype C is cast to and stored in: f16 as in the tutorial, bf16 or f32).
/// FLOPs: 2 M N K. Ideal bytes: (M K + K N) * size(dtype) + M N * size(c_dtype).

#include <cstdint>
#include <memory>

#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

/// Grid: (cdiv(M, BLOCK_SIZE_M) * cdiv(N, BLOCK_SIZE_N),). The accumulator is
/// cast to c_ptr's dtype (the tutorial's c_ptr is f16).
void matmul_kernel(tl::Program& tl, tl::Ptr a_ptr, tl::Ptr b_ptr, tl::Ptr c_ptr, std::int64_t M,
                   std::int64_t N, std::int64_t K, std::int64_t stride_am, std::int64_t stride_ak,
                   std::int64_t stride_bk, std::int64_t stride_bn, std::int64_t stride_cm,
                   std::int64_t stride_cn, std::int64_t BLOCK_SIZE_M, std::int64_t BLOCK_SIZE_N,
                   std::int64_t BLOCK_SIZE_K, std::int64_t GROUP_SIZE_M, int num_stages);

std::unique_ptr<Kernel> make_matmul();

}  // namespace kernbench::kernels
