"""The cost of autotuning with and without stopping each trial at the best
time so far (docs/adr/0087), in one process: an autotuned fp16 matmul with
16 configs of the kind Triton's matmul tutorial tunes, do_bench'ed at each
size given, first tuned in full (the budget disabled), then with budgets.
Prints the CPU seconds of both, their ratio, and checks that both choose
the same config with the same simulated time.

Run: build/release/src/app/kernbench triton --hw h200 bench/python/bench_autotune.py [SIZES]
(default sizes 512 1024 2048)."""

import contextlib
import os
import sys
import time

import torch

import kernbench
import triton

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import speed_kernels  # noqa: E402

SHAPES = [  # BLOCK M, N, K, stages, warps
    (128, 256, 64, 3, 8), (64, 256, 32, 4, 4), (128, 128, 32, 4, 4), (128, 64, 32, 4, 4),
    (64, 128, 32, 4, 4), (128, 32, 32, 4, 4), (64, 32, 32, 5, 2), (32, 64, 32, 5, 2),
    (128, 256, 128, 3, 8), (256, 128, 128, 3, 8), (256, 64, 128, 4, 4), (64, 256, 128, 4, 4),
    (128, 128, 128, 4, 4), (128, 64, 64, 4, 4), (64, 128, 64, 4, 4), (128, 32, 64, 4, 4)]


def make():
    """A fresh autotuner (empty cache) over speed_kernels' matmul; a config's
    stages reach the kernel's pipelined loop as its num_stages argument."""
    configs = [triton.Config({'BM': bm, 'BN': bn, 'BK': bk, 'GROUP_M': 8, 'num_stages': s},
                             num_warps=w) for bm, bn, bk, s, w in SHAPES]
    return triton.autotune(configs=configs, key=['M', 'N', 'K'])(speed_kernels.matmul_kernel)


def run(size, prune):
    dev = kernbench.current()
    real = dev.budget
    if not prune:
        dev.budget = lambda ps: contextlib.nullcontext()
    mm = make()
    a = torch.randn(size, size, dtype=torch.float16)
    b = torch.randn(size, size, dtype=torch.float16)
    c = torch.empty(size, size, dtype=torch.float16)
    g = lambda m: (triton.cdiv(size, m['BM']) * triton.cdiv(size, m['BN']),)
    t0 = time.process_time()
    ms = triton.testing.do_bench(lambda: mm[g](a, b, c, size, size, size, a.stride(0), a.stride(1),
                                               b.stride(0), b.stride(1), c.stride(0), c.stride(1)))
    cpu = time.process_time() - t0
    dev.budget = real
    return cpu, ms, str(mm.best_config)


def main():
    for size in [int(s) for s in sys.argv[1:]] or [512, 1024, 2048]:
        full = run(size, False)
        pruned = run(size, True)
        print(f"{size}^3: full {full[0]:.2f} s CPU, stopped at the best {pruned[0]:.2f} s CPU, "
              f"ratio {pruned[0] / full[0]:.2f}; {full[1] * 1e3:.3f} us / "
              f"{pruned[1] * 1e3:.3f} us; same choice: {full[2] == pruned[2]} ({pruned[2]})",
              flush=True)
        if full[1:] != pruned[1:]:
            sys.exit(f"{size}^3: stopping trials changed the result")


if __name__ == "__main__":
    main()
