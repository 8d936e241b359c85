"""Launching a Python kernel on a fresh simulated chip.

Host arrays (torch CPU tensors, numpy arrays) become device allocations: the
bytes each argument spans are copied in before the launch and back after it
(arguments that share memory share one allocation, named after them, so an
out-of-bounds access names the argument). Python scalars, None and strings
are passed unchanged (Triton's constexpr and scalar arguments)."""

import contextlib
import gc
import os

from . import _C
from .device import LaunchRecord, current

_HERE = os.path.dirname(os.path.abspath(__file__))
# Frames in these directories are not the user's kernel (error locations).
PACKAGE_DIRS = [_HERE + os.sep, os.path.join(os.path.dirname(_HERE), "triton") + os.sep]

# data::DType values (src/data/dtype.hpp).
_TORCH_DTYPES = {
    "torch.float32": 0, "torch.float16": 1, "torch.bfloat16": 2, "torch.float8_e4m3fn": 3,
    "torch.float8_e5m2": 4, "torch.int8": 5, "torch.int16": 6, "torch.int32": 7,
    "torch.int64": 8, "torch.uint8": 9, "torch.uint32": 10, "torch.bool": 11,
}
_NUMPY_DTYPES = {"float32": 0, "float16": 1, "int8": 5, "int16": 6, "int32": 7, "int64": 8,
                 "uint8": 9, "uint32": 10, "bool": 11}


class _HostArray:
    """Where a host array's bytes are: (start address, bytes spanned, dtype)."""

    def __init__(self, name, value):
        if hasattr(value, "data_ptr") and hasattr(value, "element_size"):
            if getattr(value, "device", None) is not None and value.device.type != "cpu":
                raise TypeError(f"argument '{name}': a tensor on device '{value.device}'; "
                                "kernbench runs kernels on CPU tensors")
            kb = _TORCH_DTYPES.get(str(value.dtype))
            ptr, esize = value.data_ptr(), value.element_size()
            shape, strides = tuple(value.shape), tuple(s * esize for s in value.stride())
            dname = str(value.dtype)
        else:
            kb = _NUMPY_DTYPES.get(str(value.dtype))
            ptr, esize = value.__array_interface__["data"][0], value.itemsize
            shape, strides = tuple(value.shape), tuple(value.strides)
            dname = str(value.dtype)
        if kb is None:
            raise TypeError(f"argument '{name}': dtype {dname} is not supported on the device; "
                            "expected one of float32, float16, bfloat16, float8, int8/16/32/64, "
                            "uint8/32 or bool")
        lo, hi = ptr, ptr + esize
        for n, s in zip(shape, strides):
            if n == 0:
                hi = lo
                break
            if s >= 0:
                hi += (n - 1) * s
            else:
                lo += (n - 1) * s
        self.name, self.ptr, self.lo, self.hi, self.kb = name, ptr, lo, max(hi, lo), kb


class _DeviceMemory:
    """The device allocations of one launch's host arrays."""

    def __init__(self, sim, arrays):
        """`arrays` in argument order. Arrays that overlap in host memory
        share a region; the regions are allocated in the order of their
        first argument, so that device addresses (and with them the
        simulated time) do not depend on where the host put the arrays."""
        self.sim = sim
        self.regions = []  # [lo, hi, names, kb, device base, first argument]
        order = {id(a): i for i, a in enumerate(arrays)}
        for a in sorted(arrays, key=lambda a: a.lo):
            last = self.regions[-1] if self.regions else None
            if last is not None and a.lo < last[1]:
                last[1] = max(last[1], a.hi)
                last[2].append(a.name)
                last[5] = min(last[5], order[id(a)])
            else:
                self.regions.append([a.lo, a.hi, [a.name], a.kb, 0, order[id(a)]])
        for r in sorted(self.regions, key=lambda r: r[5]):
            r[4] = sim.allocate(max(r[1] - r[0], 1), r[3], ", ".join(r[2])).addr
            sim.write(r[4], r[0], r[1] - r[0])

    def pointer(self, a):
        for lo, hi, _, _, base, _ in self.regions:
            if lo <= a.lo and a.hi <= max(hi, lo + 1):
                return _C.pointer(base + (a.ptr - lo), a.kb)
        raise AssertionError("host array outside every region")

    def copy_back(self):
        for lo, hi, _, _, base, _ in self.regions:
            self.sim.read(base, lo, hi - lo)


def _is_descriptor(v):
    # triton.tools.tensor_descriptor.TensorDescriptor (duck-typed: this layer
    # does not import triton).
    return all(hasattr(v, a) for a in ("base", "shape", "strides", "block_shape")) and \
        _is_array(v.base)


def _is_array(v):
    return (hasattr(v, "data_ptr") and hasattr(v, "element_size")) or \
        hasattr(v, "__array_interface__")


def _kernel_arg(mem, host, a, int_type):
    if host is None:
        return int_type(a) if type(a) is int else a
    ptr = mem.pointer(host)
    if _is_descriptor(a):
        return _C.host_tensor_descriptor(ptr, list(a.shape), list(a.strides), list(a.block_shape))
    return ptr


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector stays off while a launch runs: its
    programs allocate many short-lived objects (freed by reference counts),
    which kept triggering full collections that walked every tracked object
    of the process, torch's included (docs/adr/0091). It is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def launch(fn, name, grid, args, names, num_warps=4, num_stages=3, mode=None, device=None,
           int_type=int):
    """Runs `fn(*args)` for every program of `grid` on a new chip of `device`
    (the current one by default) and returns its LaunchRecord. Host arrays
    among `args` are copied to the device and back (data mode); int
    arguments are passed as `int_type` (triton: an int with tensor methods)."""
    dev = device or current()
    mode = mode or dev.mode
    grid = tuple(int(g) for g in grid)
    budget = dev.remaining_budget_ps()
    if budget is not None and budget <= 0:
        raise _C.TimeLimitError(f"kernel '{name}': the launch budget of simulated time is spent")
    # The op log is kept only for a trace: recording every command costs time.
    sim = _C.Simulator(dev.hw, dev.overrides, mode, budget or 0, dev.sample,
                       trace=bool(dev.trace_path))
    try:
        arrays = {i: _HostArray(names[i], a.base if _is_descriptor(a) else a)
                  for i, a in enumerate(args) if _is_array(a) or _is_descriptor(a)}
        mem = _DeviceMemory(sim, arrays.values())
        kargs = tuple(_kernel_arg(mem, arrays.get(i), a, int_type) for i, a in enumerate(args))
        with _cyclic_gc_paused():
            res = sim.launch(name, list(grid), fn, kargs, num_warps, num_stages, PACKAGE_DIRS)
        mem.copy_back()
        trace = dev.next_trace_path()
        if trace:
            sim.write_trace(trace)
        rec = LaunchRecord(name, grid, mode, res["duration_ps"], res["programs"],
                           res["commands"], num_warps, num_stages,
                           simulated_programs=res["simulated_programs"])
        rec.occupancy = sim.occupancy()
    finally:
        sim.close()
    dev.record(rec)
    return rec
