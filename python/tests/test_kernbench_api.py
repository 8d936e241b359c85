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


def test_device_addresses_follow_the_argument_order_not_the_host_addresses():
    # The same launch with its arrays in opposite orders in host memory: the
    # device allocations (and with them every cache set and HBM channel the
    # kernel touches) are made in argument order, so the addresses, and the
    # time, are the same.
    seen = []

    def copy(src, dst, n, BLOCK: tl.constexpr):
        seen.append((src.addr, dst.addr))
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(dst + offs, tl.load(src + offs, mask=offs < n), mask=offs < n)

    n, block = 3000, 64
    dev = kernbench.Device("h200", mode="timing")
    times = []
    for src_first in (True, False):
        buf = np.zeros(2 * n + 5000, dtype=np.float32)
        lo, hi = buf[:n], buf[n + 5000:]  # 20 KB apart in host memory
        src, dst = (lo, hi) if src_first else (hi, lo)
        rec = kernbench.launch(copy, "copy", (n // block + 1,), [src, dst, n, block],
                               ["src", "dst", "n", "BLOCK"], device=dev)
        times.append(rec.duration_ps)
    first, last = seen[0], seen[-1]
    assert first == last and first[0] < first[1]  # src allocated first both times
    assert times[0] == times[1]
