#pragma once
/// @file layernorm_backward.hpp
/// Triton tutorial 05, layer normalisation backward: `_layer_norm_bwd_dx_fused`
/// computes DX per row and accumulates partial DW / DB into GROUP_SIZE_M row
/// groups (row r into group r % GROUP_SIZE_M) under a per-group spin lock
/// (atomic_cas to take it, atomic_xchg to release it, a counter word telling
/// the first writer not to accumulate); `_layer_norm_bwd_dwdb` then sums the
/// groups column-block-wise into the final DW and DB.
///
/// Params: M = 1151, N = 8192 (the tutorial's test size), BLOCK_SIZE_N =
/// min(65536 / 2, next_pow2(N)) (dx kernel columns), GROUP_SIZE_M = the
/// tutorial's rule (256 for N <= 1024, 128 for N <= 4096, 96 for N <= 8192,
/// else 64), BLOCK_SIZE_M = 32 and BLOCK_SIZE_N_DWDB = 128 (dwdb tiles),
/// num_warps (warps per program).
/// Inputs: X, DY f16 [M, N], W f16 [N], Mean and Rstd f32 [M] (from the host
/// reference of the forward pass, so the backward is checked on its own).
/// Partial sums are f16, as in the tutorial (`_dw` has x's dtype).
///
/// Timing-only mode has no values, so a program cannot spin on the lock or
/// read the counter: it issues one atomic_cas (the acquire), always takes the
/// accumulate path (load DW/DB, add) and releases. The mutual exclusion of
/// the critical sections is therefore not simulated there (docs/kernels.md).
///
/// FLOPs: 12 M N (dx: 9 per element; partial dw, db: 2; final sums: 1).
/// Ideal bytes: 3 * 2 M N (X, DY, DX) + 2 N (W) + 2 * 4 M (Mean, Rstd) + 2 * 2 N (DW, DB).

#include <cstdint>
#include <memory>

#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

/// Grid: (M,). Lock holds 2 * GROUP_SIZE_M int32 words (locks, then counters), zeroed.
void layer_norm_bwd_dx_fused(tl::Program& tl, tl::Ptr DX, tl::Ptr DY, tl::Ptr DW, tl::Ptr DB,
                             tl::Ptr X, tl::Ptr W, tl::Ptr Mean, tl::Ptr Rstd, tl::Ptr Lock,
                             std::int64_t stride, std::int64_t N, std::int64_t GROUP_SIZE_M,
                             std::int64_t BLOCK_SIZE_N);

/// Grid: (cdiv(N, BLOCK_SIZE_N),).
void layer_norm_bwd_dwdb(tl::Program& tl, tl::Ptr DW, tl::Ptr DB, tl::Ptr FINAL_DW,
                         tl::Ptr FINAL_DB, std::int64_t M, std::int64_t N,
                         std::int64_t BLOCK_SIZE_M, std::int64_t BLOCK_SIZE_N);

std::unique_ptr<Kernel> make_layernorm_backward();

}  // namespace kernbench::kernels
