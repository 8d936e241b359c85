"""Kernels run both under kernbench and under Triton's interpreter
(TRITON_INTERPRET=1), by test_differential.py: plain Triton, no kernbench
API. Usage: python differential_kernels.py OUT.npz"""

import sys

import numpy as np
import torch

import triton
import triton.language as tl


@triton.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = tl.load(y_ptr + offs, mask=mask)
    tl.store(out_ptr + offs, x * 2.0 + y, mask=mask)


@triton.jit
def softmax_kernel(out_ptr, in_ptr, stride, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(in_ptr + row * stride + cols, mask=cols < n_cols, other=-float("inf"))
    num = tl.exp(x - tl.max(x, axis=0))
    tl.store(out_ptr + row * stride + cols, num / tl.sum(num, axis=0), mask=cols < n_cols)


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, BM: tl.constexpr, BN: tl.constexpr,
                  BK: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        a = tl.load(a_ptr + rm[:, None] * K + (k + rk)[None, :],
                    mask=(rm[:, None] < M) & ((k + rk)[None, :] < K), other=0.0)
        b = tl.load(b_ptr + (k + rk)[:, None] * N + rn[None, :],
                    mask=((k + rk)[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, b)
    tl.store(c_ptr + rm[:, None] * N + rn[None, :], acc.to(tl.float16),
             mask=(rm[:, None] < M) & (rn[None, :] < N))


@triton.jit
def stats_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    total = tl.sum(x, axis=0)
    tl.atomic_add(out_ptr, total)
    tl.atomic_max(out_ptr + 1, tl.max(tl.where(offs < n, x, -1e9), axis=0))
    y = tl.where(x > 0.5, tl.sqrt(x), tl.abs(x - 1.0)) + tl.minimum(x, 0.25)
    tl.store(out_ptr + 2 + offs, y, mask=offs < n)


@triton.jit
def count_until_kernel(x_ptr, out_ptr, limit):
    pid = tl.program_id(0)
    v = tl.load(x_ptr + pid)
    n = 0
    while v < limit:
        v = v * 2 + 1
        n += 1
    tl.store(out_ptr + pid, n)


def run():
    torch.manual_seed(0)
    out = {}
    x, y = torch.rand(3000), torch.rand(3000)
    o = torch.empty_like(x)
    add_kernel[(triton.cdiv(3000, 512),)](x, y, o, 3000, BLOCK=512)
    out["add"] = o.numpy()
    s = torch.randn(17, 100)
    so = torch.empty_like(s)
    softmax_kernel[(17,)](so, s, s.stride(0), 100, BLOCK=128)
    out["softmax"] = so.numpy()
    a = torch.randn(70, 50, dtype=torch.float16)
    b = torch.randn(50, 40, dtype=torch.float16)
    c = torch.empty(70, 40, dtype=torch.float16)
    matmul_kernel[(triton.cdiv(70, 32), triton.cdiv(40, 32))](a, b, c, 70, 40, 50, BM=32, BN=32,
                                                              BK=16)
    out["matmul"] = c.float().numpy()
    t = torch.rand(60)
    st = torch.zeros(62)
    stats_kernel[(3,)](t, st, 60, BLOCK=64)
    out["stats"] = st.numpy()
    start = torch.tensor([0, 1, 5, 100], dtype=torch.int32)
    cnt = torch.zeros(4, dtype=torch.int32)
    count_until_kernel[(4,)](start, cnt, 1000)
    out["count_until"] = cnt.numpy()
    return out


if __name__ == "__main__":
    np.savez(sys.argv[1], **run())
