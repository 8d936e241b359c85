"""A fused attention forward (flash-attention style, written here) with the
constructs Triton's tutorial 06 uses: block pointers with an order, advance,
exp2, a running max and sum, dot with an accumulator, a causal mask."""

import pytest
import torch

import triton
import triton.language as tl


@triton.jit
def attn_fwd(Q, K, V, Out, sm_scale, N_CTX, HEAD: tl.constexpr, BM: tl.constexpr,
             BN: tl.constexpr, CAUSAL: tl.constexpr):
    start_m = tl.program_id(0)
    off = tl.program_id(1).to(tl.int64) * N_CTX * HEAD
    q_ptr = tl.make_block_ptr(Q + off, (N_CTX, HEAD), (HEAD, 1), (start_m * BM, 0), (BM, HEAD),
                              (1, 0))
    k_ptr = tl.make_block_ptr(K + off, (HEAD, N_CTX), (1, HEAD), (0, 0), (HEAD, BN), (0, 1))
    v_ptr = tl.make_block_ptr(V + off, (N_CTX, HEAD), (HEAD, 1), (0, 0), (BN, HEAD), (1, 0))
    offs_m = start_m * BM + tl.arange(0, BM)
    offs_n = tl.arange(0, BN)
    m_i = tl.zeros([BM], dtype=tl.float32) - float("inf")
    l_i = tl.zeros([BM], dtype=tl.float32) + 1.0
    acc = tl.zeros([BM, HEAD], dtype=tl.float32)
    qk_scale = sm_scale * 1.44269504
    q = tl.load(q_ptr)
    hi = (start_m + 1) * BM if CAUSAL else N_CTX
    for start_n in range(0, hi, BN):
        start_n = tl.multiple_of(start_n, BN)
        qk = tl.dot(q, tl.load(k_ptr))
        if CAUSAL:
            qk = qk * qk_scale + tl.where(offs_m[:, None] >= start_n + offs_n[None, :], 0, -1.0e6)
            m_ij = tl.maximum(m_i, tl.max(qk, 1))
            qk -= m_ij[:, None]
        else:
            m_ij = tl.maximum(m_i, tl.max(qk, 1) * qk_scale)
            qk = qk * qk_scale - m_ij[:, None]
        p = tl.math.exp2(qk)
        alpha = tl.math.exp2(m_i - m_ij)
        l_i = l_i * alpha + tl.sum(p, 1)
        acc = tl.dot(p.to(tl.float16), tl.load(v_ptr), acc * alpha[:, None])
        m_i = m_ij
        k_ptr = tl.advance(k_ptr, (0, BN))
        v_ptr = tl.advance(v_ptr, (BN, 0))
    o_ptr = tl.make_block_ptr(Out + off, (N_CTX, HEAD), (HEAD, 1), (start_m * BM, 0), (BM, HEAD),
                              (1, 0))
    tl.store(o_ptr, (acc / l_i[:, None]).to(Out.type.element_ty))


@pytest.mark.parametrize("causal", [False, True])
def test_fused_attention_forward_matches_torch(causal):
    torch.manual_seed(20)
    Z_H, N_CTX, HEAD = 2, 128, 32
    q, k, v = (torch.empty((Z_H, N_CTX, HEAD), dtype=torch.float16).normal_(0.0, 0.5)
               for _ in range(3))
    out = torch.empty_like(q)
    attn_fwd[(N_CTX // 32, Z_H)](q, k, v, out, 0.5, N_CTX, HEAD=HEAD, BM=32, BN=32,
                                 CAUSAL=causal)
    p = torch.matmul(q.float(), k.float().transpose(1, 2)) * 0.5
    if causal:
        p = p.masked_fill(torch.tril(torch.ones(N_CTX, N_CTX)) == 0, float("-inf"))
    ref = torch.matmul(torch.softmax(p, dim=-1), v.float()).half()
    torch.testing.assert_close(out, ref, atol=1e-2, rtol=0)
