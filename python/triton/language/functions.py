"""The functions of triton.language, as the simulator's kernel language."""

import builtins

from kernbench import _C

from .core import float32, scalar

# Bound one to one (src/tl; python/src/bind_*.cpp).


def program_id(axis=0):
    return scalar(_C.program_id(axis))


def num_programs(axis=0):
    return scalar(_C.num_programs(axis))


arange = _C.arange
zeros_like = _C.zeros_like
load = _C.load
store = _C.store
make_block_ptr = _C.make_block_ptr
advance = _C.advance
make_tensor_descriptor = _C.make_tensor_descriptor
where = _C.where
maximum = _C.maximum
minimum = _C.minimum
fma = _C.fma
clamp = _C.clamp
exp, exp2, log, log2 = _C.exp, _C.exp2, _C.log, _C.log2
sqrt, sqrt_rn, rsqrt, abs = _C.sqrt, _C.sqrt_rn, _C.rsqrt, _C.abs
sigmoid, cos, sin, erf, floor, ceil = _C.sigmoid, _C.cos, _C.sin, _C.erf, _C.floor, _C.ceil
sum, max, min, argmax, argmin = _C.sum, _C.max, _C.min, _C.argmax, _C.argmin
dot = _C.dot
atomic_add, atomic_max, atomic_min = _C.atomic_add, _C.atomic_max, _C.atomic_min
atomic_xchg, atomic_cas = _C.atomic_xchg, _C.atomic_cas
debug_barrier = _C.debug_barrier
cast = _C.cast
expand_dims = _C.expand_dims


def _shape(shape):
    return [shape] if isinstance(shape, int) else list(shape)


def zeros(shape, dtype=float32):
    return _C.zeros(_shape(shape), dtype)


def full(shape, value, dtype):
    return _C.full(_shape(shape), value, dtype)


def broadcast_to(input, *shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return _C.broadcast_to(input, list(shape))


def broadcast(input, other):
    shape = _bshape(input, other)
    return _C.broadcast_to(input, shape), _C.broadcast_to(other, shape)


def _bshape(a, b):
    sa, sb = list(a.shape), list(b.shape)
    n = builtins.max(len(sa), len(sb))
    sa, sb = [1] * (n - len(sa)) + sa, [1] * (n - len(sb)) + sb
    return [x if y == 1 else y for x, y in zip(sa, sb)]


def reshape(input, *shape, can_reorder=False):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return _C.reshape(input, list(shape))


view = reshape


def trans(input, *dims):
    return _C.trans(input)


permute = trans


def cdiv(x, div):
    return (x + div - 1) // div


def static_range(arg1, arg2=None, step=None, **_):
    if arg2 is None:
        return builtins.range(arg1)
    return builtins.range(arg1, arg2, 1 if step is None else step)


class range:
    """A counted loop (tl.range); on a GPU-class preset a loop of two or more
    stages is software-pipelined (num_stages: this loop's, else the launch's)."""

    def __init__(self, arg1, arg2=None, step=None, num_stages=None, loop_unroll_factor=None,
                 disallow_acc_multi_buffer=False, flatten=False, warp_specialize=False, **_):
        if arg2 is None:
            arg1, arg2 = 0, arg1
        self.start, self.end = int(arg1), int(arg2)
        self.step = 1 if step is None else int(step)
        self.num_stages = 0 if num_stages is None else int(num_stages)

    def __iter__(self):
        if not _C.in_kernel():
            return iter(builtins.range(self.start, self.end, self.step))
        return _loop(self.start, self.end, self.step, self.num_stages)


def _loop(start, end, step, stages):
    loop = _C.open_loop(start, end, step, stages)
    try:
        v = start
        while (v < end) if step > 0 else (v > end):
            yield v
            v += step
            loop.next()
    finally:
        loop.close()


def static_assert(cond, msg=""):
    if not cond:
        from ..compiler.errors import CompileTimeAssertionFailure
        raise CompileTimeAssertionFailure(f"static_assert failed: {msg}" if msg else "static_assert failed")


def static_print(*values, **_):
    print(*values)


def device_assert(cond, msg=""):
    if not _C.has_values():
        return
    if not bool(_C.min(cond) if hasattr(cond, "shape") and cond.shape else cond):
        raise AssertionError(f"device_assert failed: {msg}" if msg else "device_assert failed")


def device_print(prefix, *args, hex=False):
    where = _C.where_am_i()
    vals = []
    for a in args:
        vals.append(repr(a) if not hasattr(a, "shape") or not _C.has_values() else _values(a))
    print(f"{where}: {prefix}", *vals)


def _values(t):
    if not t.shape:
        return str(t.item())
    return f"{t!r}"


def multiple_of(input, values):
    return input


def max_contiguous(input, values):
    return input


def max_constancy(input, values):
    return input


def assume(cond):
    return None


def inline_asm_elementwise(*_, **__):
    raise NotImplementedError("tl.inline_asm_elementwise: inline assembly cannot be simulated")

