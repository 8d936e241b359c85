#pragma once
/// @file softmax.hpp
/// Triton tutorial 02, fused softmax over the rows of an M x N matrix (f32 as
/// in the tutorial, or dtype = f16 / bf16 for input and output alike),
/// numerically stable (the row max is subtracted before exp). Persistent
/// style as in the tutorial: a grid of min(M, num_programs) programs, each
/// looping over rows row_start, row_start + num_programs(0), ...
/// Params: M = 1823, N = 781, BLOCK_SIZE = next_pow2(N) (must be >= N: one
/// row per block), num_programs = 0 (0: one per PE context of the hardware,
/// pe.count x pe.contexts, like the tutorial's NUM_SM x occupancy),
/// num_stages = 4 (the loop's pipelining stages on in-order PEs), num_warps = 8.
/// FLOPs: 5 M N (max, subtract, exp, sum, divide). Ideal bytes: 2 * s * M N,
/// s = size(dtype).

#include <cstdint>
#include <memory>

#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

void softmax_kernel(tl::Program& tl, tl::Ptr output_ptr, tl::Ptr input_ptr,
                    std::int64_t input_row_stride, std::int64_t output_row_stride,
                    std::int64_t n_rows, std::int64_t n_cols, std::int64_t BLOCK_SIZE,
                    int num_stages);

std::unique_ptr<Kernel> make_softmax();

}  // namespace kernbench::kernels
