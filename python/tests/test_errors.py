"""Bad kernels and bad launches fail with a message naming the Python file
and line, the kernel, the program and what was expected; never a crash."""

import re

import numpy as np
import pytest
import torch

import kernbench
import triton
import triton.language as tl

FILE = re.escape(__file__)


@triton.jit
def out_of_bounds(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.load(x_ptr + offs))


def test_an_out_of_bounds_load_names_the_argument_the_line_and_the_program():
    x, out = torch.zeros(10), torch.zeros(16)
    with pytest.raises(kernbench.KernelError) as e:
        out_of_bounds[(1,)](x, out, BLOCK=16)
    msg = str(e.value)
    assert "kernel 'out_of_bounds', program 0" in msg
    assert re.search(FILE + r":\d+ in out_of_bounds", msg)
    assert "tl.load" in msg and "x_ptr" in msg


@triton.jit
def raises_in_program_2(x_ptr):
    if tl.program_id(0) == 2:
        raise ValueError("bad row")
    tl.store(x_ptr + tl.program_id(0), 1.0)


def test_a_python_exception_names_its_type_line_and_program():
    with pytest.raises(kernbench.KernelError) as e:
        raises_in_program_2[(4,)](torch.zeros(4))
    msg = str(e.value)
    assert "program 2 (2, 0, 0)" in msg and "ValueError: bad row" in msg
    assert re.search(FILE + r":\d+ in raises_in_program_2", msg)


@triton.jit
def bad_operand(x_ptr):
    tl.store(x_ptr, tl.exp("text"))


def test_an_unsupported_operand_names_the_argument_and_what_was_expected():
    with pytest.raises(kernbench.KernelError, match=r"argument 'x': expected a tensor"):
        bad_operand[(1,)](torch.zeros(1))


@triton.jit
def uses_missing_op(x_ptr):
    tl.store(x_ptr, tl.inline_asm_elementwise("mov", "=r", [], dtype=tl.float32))


def test_an_unsupported_op_says_it_cannot_be_simulated():
    with pytest.raises(kernbench.KernelError, match="inline assembly cannot be simulated"):
        uses_missing_op[(1,)](torch.zeros(1))


@triton.jit
def branches_on_data(x_ptr):
    if tl.load(x_ptr) > 0:
        tl.store(x_ptr, 0.0)


def test_a_kernel_reading_values_in_timing_mode_says_to_use_data_mode():
    kernbench.configure("npu-default", mode="timing")
    with pytest.raises(kernbench.ValueUnavailableError, match="data mode"):
        branches_on_data[(1,)](torch.ones(1))


def test_a_float64_tensor_is_refused_naming_the_argument():
    with pytest.raises(TypeError, match=r"argument 'x_ptr': dtype torch.float64"):
        out_of_bounds[(1,)](torch.zeros(16, dtype=torch.float64), torch.zeros(16), BLOCK=16)


def test_a_missing_argument_names_the_kernel():
    with pytest.raises(TypeError, match=r"kernel 'out_of_bounds': missing a required argument"):
        out_of_bounds[(1,)](torch.zeros(16), BLOCK=16)


def test_calling_tl_outside_a_kernel_says_where_to_call_it():
    with pytest.raises(ValueError, match=r"tl.program_id\(\) was called outside a kernel"):
        tl.program_id(0)


def test_an_unknown_preset_is_a_config_error():
    kernbench.configure("h300")
    with pytest.raises(kernbench.ConfigError, match="unknown preset `h300`"):
        out_of_bounds[(1,)](np.zeros(16, np.float32), np.zeros(16, np.float32), BLOCK=16)


@triton.jit
def launches_a_kernel(x_ptr):
    out_of_bounds[(1,)](x_ptr, x_ptr, BLOCK=1)


def test_a_launch_from_inside_a_kernel_is_refused():
    with pytest.raises(kernbench.KernelError, match="launched from inside a kernel"):
        launches_a_kernel[(1,)](torch.zeros(1))
