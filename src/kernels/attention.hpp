#pragma once
/// @file attention.hpp
/// Triton tutorial 06, fused attention forward (flash attention v2): per
/// program one BLOCK_M block of queries of one (batch, head), a loop over
/// BLOCK_N blocks of keys and values with the online softmax in base 2
/// (qk_scale = sm_scale * 1.44269504, exp2), f32 accumulation, f16 output,
/// and M = m_i + log2(l_i) (the log-sum-exp, base 2) for the backward pass.
/// Causal attention (`causal=true`, the tutorial's STAGE = 3) runs the
/// off-band blocks unmasked (stage 1) and the diagonal block masked (stage 2).
/// Params: Z = 1, H = 2, N_CTX = 256, HEAD_DIM = 64 (small for data mode;
/// the tutorial benchmarks Z = 4, H = 32, N_CTX = 1024..16384), BLOCK_M = 128,
/// BLOCK_N = 64, causal = false, store_m = true, num_warps, num_stages
/// (launch options). store_m = false drops the M output (no log2, no M store): a
/// forward-only kernel that writes Out alone, with the same loads, dots and
/// exp2 per iteration.
/// sm_scale = 0.5 (the tutorial's test value). N_CTX must be a multiple of
/// BLOCK_M and BLOCK_M of BLOCK_N (the tutorial's kernel has no boundary checks).
/// FLOPs: 4 Z H N_CTX^2 HEAD_DIM (two matmuls), halved when causal (the
/// tutorial's count). Ideal bytes: 4 * 2 Z H N_CTX HEAD_DIM (Q, K, V, Out) + 4 Z H N_CTX (M,
/// when stored).

#include <cstdint>
#include <memory>

#include "kernels/registry.hpp"
#include "tl/program.hpp"

namespace kernbench::kernels {

/// Q, K, V, Out: [Z, H, N_CTX, HEAD_DIM] f16 (strides in elements); M:
/// [Z * H, N_CTX] f32. STAGE: 1 non-causal, 3 causal. STORE_M: write M (else
/// M is not touched).
/// Grid: (N_CTX / BLOCK_M, Z * H).
void attn_fwd(tl::Program& tl, tl::Ptr Q, tl::Ptr K, tl::Ptr V, double sm_scale, tl::Ptr M,
              tl::Ptr Out, std::int64_t stride_qz, std::int64_t stride_qh, std::int64_t stride_qm,
              std::int64_t stride_qk, std::int64_t stride_kz, std::int64_t stride_kh,
              std::int64_t stride_kn, std::int64_t stride_kk, std::int64_t stride_vz,
              std::int64_t stride_vh, std::int64_t stride_vk, std::int64_t stride_vn,
              std::int64_t stride_oz, std::int64_t stride_oh, std::int64_t stride_om,
              std::int64_t stride_on, std::int64_t Z, std::int64_t H, std::int64_t N_CTX,
              std::int64_t HEAD_DIM, std::int64_t BLOCK_M, std::int64_t BLOCK_N, int STAGE,
              bool STORE_M = true);

std::unique_ptr<Kernel> make_attention();

}  // namespace kernbench::kernels
