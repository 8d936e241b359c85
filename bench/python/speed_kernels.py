"""Kernels of the speed benchmark, in plain Triton (no kernbench API), so the
same file runs under kernbench and under Triton's interpreter.

    python speed_kernels.py CASE   # prints one JSON line: {"case", "wall_s", ...}

CASE: vector_add (1M f32), softmax (1024 x 1024 f32), matmul512 / matmul1024
(f16, 128 x 128 x 64 tiles, f32 accumulation)."""

import json
import sys
import time

import torch

import triton
import triton.language as tl


@triton.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) + tl.load(y_ptr + offs, mask=mask),
             mask=mask)


@triton.jit
def softmax_kernel(out_ptr, in_ptr, in_stride, out_stride, n_rows, n_cols, BLOCK: tl.constexpr,
                   num_stages: tl.constexpr):
    for row in tl.range(tl.program_id(0), n_rows, tl.num_programs(0), num_stages=num_stages):
        cols = tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(in_ptr + row * in_stride + cols, mask=mask, other=-float("inf"))
        num = tl.exp(x - tl.max(x, axis=0))
        tl.store(out_ptr + row * out_stride + cols, num / tl.sum(num, axis=0), mask=mask)


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn, BM: tl.constexpr,
                  BN: tl.constexpr, BK: tl.constexpr, GROUP_M: tl.constexpr,
                  num_stages: tl.constexpr):
    pid = tl.program_id(0)
    num_pid_m = tl.cdiv(M, BM)
    num_pid_n = tl.cdiv(N, BN)
    in_group = GROUP_M * num_pid_n
    first_m = (pid // in_group) * GROUP_M
    group_m = min(num_pid_m - first_m, GROUP_M)
    pid_m = first_m + ((pid % in_group) % group_m)
    pid_n = (pid % in_group) // group_m
    offs_m = (pid_m * BM + tl.arange(0, BM)) % M
    offs_n = (pid_n * BN + tl.arange(0, BN)) % N
    offs_k = tl.arange(0, BK)
    a_ptrs = a_ptr + (offs_m[:, None] * sam + offs_k[None, :] * sak)
    b_ptrs = b_ptr + (offs_k[:, None] * sbk + offs_n[None, :] * sbn)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in tl.range(0, tl.cdiv(K, BK), 1, num_stages=num_stages):
        a = tl.load(a_ptrs, mask=offs_k[None, :] < K - k * BK, other=0.0)
        b = tl.load(b_ptrs, mask=offs_k[:, None] < K - k * BK, other=0.0)
        acc = tl.dot(a, b, acc)
        a_ptrs += BK * sak
        b_ptrs += BK * sbk
    c = acc.to(tl.float16)
    cm = pid_m * BM + tl.arange(0, BM)
    cn = pid_n * BN + tl.arange(0, BN)
    tl.store(c_ptr + scm * cm[:, None] + scn * cn[None, :], c,
             mask=(cm[:, None] < M) & (cn[None, :] < N))


@triton.jit
def index_math(out_ptr, CALLS: tl.constexpr):
    offs = tl.arange(0, 16)
    acc = offs
    for _ in tl.static_range(CALLS):
        acc = acc + offs  # one tl op on index values: a binding call, no engine command
    tl.store(out_ptr + offs, acc)


def tl_calls(calls=20000):
    out = torch.zeros(16, dtype=torch.int32)
    return lambda: index_math[(1,)](out, CALLS=calls), \
        lambda: out.tolist() == [i * (calls + 1) for i in range(16)]


def vector_add():
    n = 1 << 20
    x, y = torch.rand(n), torch.rand(n)
    out = torch.empty_like(x)
    return lambda: add_kernel[(triton.cdiv(n, 1024),)](x, y, out, n, BLOCK=1024), \
        lambda: torch.equal(out, x + y)


def softmax(programs=None):
    x = torch.randn(1024, 1024)
    y = torch.empty_like(x)
    programs = programs or 1024
    return lambda: softmax_kernel[(programs,)](y, x, 1024, 1024, 1024, 1024, BLOCK=1024,
                                               num_stages=4, num_warps=8), \
        lambda: torch.allclose(y, torch.softmax(x, dim=1), atol=1e-6)


def matmul(n):
    a = torch.randn(n, n, dtype=torch.float16)
    b = torch.randn(n, n, dtype=torch.float16)
    c = torch.empty(n, n, dtype=torch.float16)
    grid = (triton.cdiv(n, 128) * triton.cdiv(n, 128),)
    return lambda: matmul_kernel[grid](a, b, c, n, n, n, n, 1, n, 1, n, 1, BM=128, BN=128, BK=64,
                                       GROUP_M=8, num_stages=3, num_warps=8), \
        lambda: torch.allclose(c.float(), (a.float() @ b.float()), atol=0.1, rtol=1e-2)


CASES = {"tl_calls": tl_calls, "vector_add": vector_add, "softmax": softmax, "matmul512": lambda: matmul(512),
         "matmul1024": lambda: matmul(1024)}


def measure(case, *args):
    launch, check = CASES[case](*args)
    t = time.perf_counter()
    launch()
    wall = time.perf_counter() - t
    return {"case": case, "wall_s": wall, "correct": bool(check())}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
