"""The rest of triton.language on the simulator: block pointers, tensor
descriptors, reductions with indices, dot variants, math, prints, static
checks, heuristics, do_bench and device properties."""

import numpy as np
import pytest
import torch

import kernbench
import triton
import triton.language as tl


@triton.jit
def block_copy(x_ptr, out_ptr, M, N, BM: tl.constexpr, BN: tl.constexpr):
    src = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (tl.program_id(0) * BM, 0), (BM, BN), (1, 0))
    dst = tl.make_block_ptr(out_ptr, (M, N), (N, 1), (tl.program_id(0) * BM, 0), (BM, BN), (1, 0))
    for _ in tl.static_range(0, 2):
        tl.store(dst, tl.load(src, boundary_check=(0, 1)) + 1.0, boundary_check=(0, 1))
        src = tl.advance(src, (0, BN))
        dst = tl.advance(dst, (0, BN))


def test_block_pointers_load_advance_and_store_within_bounds():
    x = torch.rand(10, 12)
    out = torch.zeros(10, 12)
    block_copy[(2,)](x, out, 10, 12, BM=8, BN=8)
    torch.testing.assert_close(out, x + 1.0)


@triton.jit
def desc_scale(x_ptr, out_ptr, M, N, B: tl.constexpr):
    src = tl.make_tensor_descriptor(x_ptr, [M, N], [N, 1], [B, B])
    dst = tl.make_tensor_descriptor(out_ptr, [M, N], [N, 1], [B, B])
    r, c = tl.program_id(0) * B, tl.program_id(1) * B
    dst.store([r, c], src.load([r, c]) * 3.0)


def test_tensor_descriptors_read_and_write_tiles_by_offset():
    x = torch.rand(20, 20)
    out = torch.zeros(20, 20)
    desc_scale[(2, 2)](x, out, 20, 20, B=16)
    torch.testing.assert_close(out, x * 3.0)


@triton.jit
def row_stats(x_ptr, max_ptr, arg_ptr, N: tl.constexpr):
    row = tl.program_id(0)
    x = tl.load(x_ptr + row * N + tl.arange(0, N))
    m, i = tl.max(x, axis=0, return_indices=True)
    tl.store(max_ptr + row, m)
    tl.store(arg_ptr + row, tl.argmin(x, axis=0).to(tl.int32) * 0 + i)


def test_max_with_indices_matches_torch():
    x = torch.randn(5, 32)
    mx, arg = torch.empty(5), torch.empty(5, dtype=torch.int32)
    row_stats[(5,)](x, mx, arg, N=32)
    ref = x.max(dim=1)
    torch.testing.assert_close(mx, ref.values)
    assert arg.tolist() == ref.indices.tolist()


@triton.jit
def math_ops(x_ptr, out_ptr, N: tl.constexpr):
    offs = tl.arange(0, N)
    x = tl.load(x_ptr + offs)
    y = tl.math.tanh(x) + tl.sigmoid(x) * tl.exp2(x) - tl.log2(tl.abs(x) + 1) + tl.rsqrt(x * x + 1)
    y = tl.fma(y, 2.0, tl.clamp(x, -0.5, 0.5)) + tl.math.floor(x) - tl.math.ceil(x)
    tl.store(out_ptr + offs, tl.maximum(y, -3.0))


def test_math_functions_match_torch():
    x = torch.randn(64)
    out = torch.empty(64)
    math_ops[(1,)](x, out, N=64)
    y = torch.tanh(x) + torch.sigmoid(x) * torch.exp2(x) - torch.log2(x.abs() + 1) + torch.rsqrt(
        x * x + 1)
    y = y * 2.0 + x.clamp(-0.5, 0.5) + x.floor() - x.ceil()
    torch.testing.assert_close(out, y.clamp(min=-3.0), atol=1e-5, rtol=1e-5)


@triton.jit
def dot_tf32(a_ptr, b_ptr, c_ptr, N: tl.constexpr):
    r = tl.arange(0, N)
    a = tl.load(a_ptr + r[:, None] * N + r[None, :])
    b = tl.load(b_ptr + r[:, None] * N + r[None, :])
    tl.store(c_ptr + r[:, None] * N + r[None, :], tl.dot(a, b.T.T, input_precision="ieee"))


def test_dot_of_f32_tiles_with_ieee_precision_matches_torch():
    a, b, c = torch.randn(16, 16), torch.randn(16, 16), torch.empty(16, 16)
    dot_tf32[(1,)](a, b, c, N=16)
    torch.testing.assert_close(c, a @ b, atol=1e-4, rtol=1e-4)


@triton.jit
def prints(x_ptr):
    tl.static_assert(x_ptr.dtype.element_ty == tl.float32)
    tl.device_print("value", tl.load(x_ptr + tl.program_id(0)))


def test_device_print_names_the_program(capsys):
    prints[(2,)](torch.tensor([1.5, 2.5]))
    out = capsys.readouterr().out
    assert "program 0 (0, 0, 0)" in out and "value 1.5" in out
    assert "program 1 (1, 0, 0)" in out and "value 2.5" in out


def test_static_assert_failure_names_the_kernel_line():
    with pytest.raises(kernbench.KernelError, match="CompileTimeAssertionFailure: static_assert failed"):
        prints[(1,)](torch.tensor([1], dtype=torch.int32))


@triton.heuristics({"BLOCK": lambda args: triton.next_power_of_2(args["n"])})
@triton.jit
def fill(out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.full([BLOCK], 7, tl.int32), mask=offs < n)


def test_heuristics_compute_meta_parameters_from_the_arguments():
    out = np.zeros(37, np.int32)
    fill[(1,)](out, 37)
    assert (out == 7).all()


def test_do_bench_returns_the_simulated_milliseconds_of_the_launches():
    out = np.zeros(1000, np.int32)
    ms = triton.testing.do_bench(lambda: (fill[(1,)](out, 1000), fill[(1,)](out, 1000)))
    recs = kernbench.current().launches[-2:]
    assert all(r.mode == "timing" for r in recs)
    assert ms == pytest.approx(sum(r.duration_ps for r in recs) / 1e9)
    assert triton.testing.do_bench(lambda: None, quantiles=[0.5, 0.2])[0] != \
        triton.testing.do_bench(lambda: None, quantiles=[0.5, 0.2])[0]  # NaN: nothing simulated


def test_device_properties_come_from_the_preset():
    kernbench.configure("h200")
    props = triton.runtime.driver.active.utils.get_device_properties(0)
    info = kernbench.current().info()
    assert props["multiprocessor_count"] == info["pe_count"] == 132
    assert props["max_shared_mem"] == info["tcm_bytes"]
    assert triton.runtime.driver.active.get_current_target().backend == "cuda"
    assert triton.runtime.driver.active.get_active_torch_device() == torch.device("cpu")


@triton.jit
def offsets_in_int64(x_ptr, out_ptr, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    base = row.to(tl.int64) * stride.to(tl.int64)
    tl.static_assert(row.dtype == tl.int32)
    cols = tl.arange(0, BLOCK)
    tl.store(out_ptr + base + cols, tl.load(x_ptr + base + cols) * 2)


def test_program_ids_and_int_arguments_answer_tensor_methods():
    x = torch.rand(3, 8)
    out = torch.empty(3, 8)
    offsets_in_int64[(3,)](x, out, 8, BLOCK=8)
    torch.testing.assert_close(out, x * 2)


def test_perf_report_tabulates_simulated_results_and_saves_csv_and_plot(tmp_path, capsys):
    @triton.testing.perf_report(triton.testing.Benchmark(
        x_names=["n"], x_vals=[100, 1000], line_arg="provider", line_vals=["sim", "none"],
        line_names=["Simulated", "Nothing"], plot_name="fill", args={}, ylabel="ms"))
    def bench(n, provider):
        out = np.zeros(n, np.int32)
        if provider == "sim":
            return triton.testing.do_bench(lambda: fill[(1,)](out, n))
        return triton.testing.do_bench(lambda: None)

    bench.run(print_data=True, save_path=str(tmp_path))
    text = capsys.readouterr().out
    assert "fill (simulated):" in text and "Simulated (ms)" in text and "nan" in text
    rows = (tmp_path / "fill.csv").read_text().splitlines()
    assert rows[0] == "n,Simulated (ms),Nothing (ms)" and len(rows) == 3
    assert float(rows[1].split(",")[1]) > 0
    assert (tmp_path / "fill.png").stat().st_size > 0


@triton.jit
def desc_arg_copy(in_desc, out_desc, B: tl.constexpr):
    r, c = tl.program_id(0) * B, tl.program_id(1) * B
    out_desc.store([r, c], in_desc.load([r, c]) + 1.0)


def test_host_tensor_descriptors_are_kernel_arguments():
    from triton.tools.tensor_descriptor import TensorDescriptor
    x = torch.rand(24, 40)
    out = torch.zeros(24, 40)
    desc_arg_copy[(2, 3)](TensorDescriptor.from_tensor(x, [16, 16]),
                          TensorDescriptor.from_tensor(out, [16, 16]), B=16)
    torch.testing.assert_close(out, x + 1.0)
