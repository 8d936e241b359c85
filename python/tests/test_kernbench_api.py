"""`import kernbench` without triton's decorators: a Simulator of one's own
and kernbench.launch of a plain Python function."""

import numpy as np
import pytest

import kernbench
import triton.language as tl


def test_a_simulator_holds_device_memory_and_reports_its_hardware():
    sim = kernbench.Simulator("h200", ["pe.tcm.size=512KiB"], "data")
    assert sim.hw["pe_count"] == 132 and sim.hw["tcm_bytes"] == 512 * 1024
    src = np.arange(16, dtype=np.float32)
    dst = np.zeros(16, dtype=np.float32)
    p = sim.allocate(src.nbytes, tl.float32, "buf")
    sim.write(p.addr, src.ctypes.data, src.nbytes)
    sim.read(p.addr, dst.ctypes.data, dst.nbytes)
    assert (dst == src).all()
    sim.close()


def test_a_plain_function_launches_as_a_kernel():
    def double(x_ptr, n):
        offs = tl.arange(0, 32)
        tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * 2, mask=offs < n)

    x = np.arange(20, dtype=np.float32)
    rec = kernbench.launch(double, "double", (1,), [x, 20], ["x_ptr", "n"])
    assert (x == 2 * np.arange(20)).all()
    assert rec.kernel == "double" and rec.programs == 1 and rec.duration_ps > 0


def test_a_bad_mode_is_refused():
    with pytest.raises(ValueError, match="expected 'data' or 'timing'"):
        kernbench.configure("h200", mode="fast")
