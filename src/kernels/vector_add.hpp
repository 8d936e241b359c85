#pragma once
/// @file vector_add.hpp
/// Triton tutorial 01, vector addition: output = x + y over n elements,
/// one BLOCK_SIZE chunk per program, the tail masked.
/// Params: n = 98432, BLOCK_SIZE = 1024 (power of two), dtype = f32 (the
/// tutorial; f16 or bf16 for x, y and output alike), num_warps = 4.
/// FLOPs: n. Ideal bytes: 3 * s * n, s = size(dtype).

#include <cstdint>
#include <memory>

#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

/// The tl kernel, as in the tutorial. Grid: (cdiv(n_elements, BLOCK_SIZE),).
void add_kernel(tl::Program& tl, tl::Ptr x_ptr, tl::Ptr y_ptr, tl::Ptr output_ptr,
                std::int64_t n_elements, std::int64_t BLOCK_SIZE);

std::unique_ptr<Kernel> make_vector_add();

}  // namespace kernbench::kernels
