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


@triton.jit
def scale(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) * 2.0, mask=mask)


def _bench_scale(sample):
    # A chip of 4 SMs, so that 3000 programs are dozens of waves.
    dev = kernbench.configure("h200", ["pe.count=4"], "data", sample=sample)
    n = 3000 * 256
    x, out = torch.randn(n), torch.empty(n)
    ms = triton.testing.do_bench(lambda: scale[(3000,)](x, out, n, BLOCK=256))
    return ms, dev.launches[-1]


def test_do_bench_samples_a_large_grid_and_estimates_the_exact_time():
    # docs/adr/0090: windows of the grid simulated, the end extrapolated.
    exact_ms, exact = _bench_scale(sample=False)
    sampled_ms, sampled = _bench_scale(sample=True)
    assert not exact.sampled and exact.simulated_programs == 3000
    assert sampled.sampled and sampled.programs == 3000
    assert sampled.simulated_programs * 2 <= 3000
    assert sampled.commands < exact.commands
    assert abs(sampled_ms - exact_ms) <= 0.02 * exact_ms


def test_a_data_mode_launch_is_never_sampled():
    dev = kernbench.configure("h200", ["pe.count=4"], "data", sample=True)
    n = 3000 * 256
    x, out = torch.randn(n), torch.empty(n)
    scale[(3000,)](x, out, n, BLOCK=256)
    rec = dev.launches[-1]
    assert rec.mode == "data" and not rec.sampled
    assert torch.equal(out, x * 2.0)
