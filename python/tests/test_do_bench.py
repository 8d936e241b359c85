"""do_bench: simulated time of the launches, one run of `fn`, heavy torch
computations skipped in its timing-only run and done for real when a kernel
needs values (docs/adr/0074)."""

import math
import time

import torch

import kernbench
import triton
import triton.language as tl
from triton import shapes_only


def test_skipped_ops_give_zeros_of_the_result_shape_and_cheap_ops_still_compute():
    a, b = torch.randn(64, 32, dtype=torch.float16), torch.randn(48, 32, dtype=torch.float16)
    with shapes_only.skipped():
        c = torch.matmul(a, b.T)
        d = a + 1
    assert c.shape == (64, 48) and c.dtype == torch.float16 and c.device.type == "cpu"
    assert c.stride() == torch.matmul(a, b.T).stride() and not c.any()
    assert torch.equal(d, a + 1)
    assert torch.matmul(a, b.T).any()  # outside the block torch computes again


def test_do_bench_of_a_torch_reference_is_nan_without_doing_its_arithmetic():
    a = torch.randn(2048, 2048, dtype=torch.float16)
    t = time.perf_counter()
    torch.matmul(a[:512], a[:, :512])
    one_sixty_fourth = time.perf_counter() - t  # 1/64 of the full product's work
    t = time.perf_counter()
    ms = triton.testing.do_bench(lambda: torch.matmul(a, a), quantiles=[0.5, 0.2, 0.8])
    skipped = time.perf_counter() - t
    assert all(math.isnan(m) for m in ms)
    assert skipped < max(one_sixty_fourth, 0.05)


@triton.jit
def sign_of_first(x_ptr, out_ptr):
    if tl.load(x_ptr) > 0:
        tl.store(out_ptr, 1)
    else:
        tl.store(out_ptr, 2)


def test_a_kernel_needing_values_reruns_the_function_with_torch_computing():
    a = torch.tensor([[3.0, 1.0], [1.0, 1.0]])
    b = torch.tensor([[-1.0, 0.0], [0.0, 1.0]])
    out = torch.zeros(1, dtype=torch.int32)

    def fn():
        sign_of_first[(1,)](torch.mm(a, b), out)  # (a @ b)[0, 0] = -3

    ms = triton.testing.do_bench(fn)
    assert out.item() == 2  # the data-mode rerun saw the real product
    rec = kernbench.current().launches[-1]
    assert rec.mode == "data" and ms == rec.duration_ps / 1e9
