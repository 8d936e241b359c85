"""Torch's heavy host computations without their arithmetic, for do_bench.

do_bench's first run of a function is timing-only: its kernel launches use
shapes and addresses, never values, and do_bench returns only time. The
function's torch computations still run on the CPU at full cost, and a
reference line (tutorial 03's "cuBLAS": one CPU fp16 matmul of up to
4096^3) can cost more than the simulation. Inside `skipped()` the torch
functions below, called on CPU tensors, return a zero-filled tensor of the
shape, strides and dtype they would have returned (the function is run on
the "meta" device, which computes only those), so what follows sees real
CPU tensors with real addresses. Only functions that return a fresh tensor
(no view, nothing in place, no `out=`) are skipped, so a skipped call can
only change the values of its own result (docs/adr/0074).

A torch function mode (torch.overrides), not a dispatch mode: entering a
dispatch mode imports torch._dynamo, which takes this project's `triton`
package for Triton and fails."""

import contextlib


def _heavy(torch):
    F = torch.nn.functional
    fns = [torch.matmul, torch.mm, torch.bmm, torch.addmm, torch.baddbmm, torch.addbmm,
           torch.einsum, F.linear, F.bilinear, F.conv1d, F.conv2d, F.conv3d,
           F.scaled_dot_product_attention]
    for cls in (torch._C.TensorBase, torch.Tensor):
        fns += [getattr(cls, n) for n in ("matmul", "mm", "bmm", "__matmul__", "__rmatmul__")
                if hasattr(cls, n)]
    return frozenset(fns)


def _meta(torch, x):
    if isinstance(x, torch.Tensor):
        return torch.empty_strided(x.shape, x.stride(), dtype=x.dtype, device="meta")
    if isinstance(x, (list, tuple)):
        return type(x)(_meta(torch, v) for v in x)
    return x


def _mode(torch):
    from torch.overrides import TorchFunctionMode
    heavy = _heavy(torch)

    def on_cpu(args, kwargs):
        ts = [x for x in list(args) + list(kwargs.values()) if isinstance(x, torch.Tensor)]
        return bool(ts) and all(t.device.type == "cpu" for t in ts) and "out" not in kwargs

    class ShapesOnly(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if func in heavy and on_cpu(args, kwargs):
                out = shape_of(func, args, kwargs)
                if isinstance(out, torch.Tensor) and out.device.type == "meta":
                    return torch.empty_strided(out.shape, out.stride(), dtype=out.dtype).zero_()
            return func(*args, **kwargs)

    def shape_of(func, args, kwargs):
        """The result on the meta device, or None when torch has no meta
        version of the call (then it is computed for real)."""
        try:
            return func(*_meta(torch, args), **{k: _meta(torch, v) for k, v in kwargs.items()})
        except (NotImplementedError, RuntimeError):
            return None

    return ShapesOnly()


@contextlib.contextmanager
def skipped():
    """Inside the block, heavy torch functions on CPU tensors return zeros of
    their result's shape instead of computing it."""
    try:
        import torch
    except ImportError:  # no torch: nothing to skip
        yield
        return
    with _mode(torch):
        yield
