"""@triton.jit: kernels launched as `kernel[grid](*args, **meta)` on the
simulator, and helper functions called from kernels."""

import builtins
import functools
import inspect

import kernbench
from kernbench import _C

# Launch options Triton accepts beside the kernel's parameters.
LAUNCH_OPTIONS = ("num_warps", "num_stages", "num_ctas", "maxnreg", "enable_fp_fusion",
                  "waves_per_eu", "matrix_instr_nonkdim", "kpack", "launch_cooperative_grid",
                  "launch_pdl", "debug", "sanitize_overflow", "enable_warp_specialization")


def _scalar():
    from .language.core import scalar
    return scalar


class KernelInterface:
    def __getitem__(self, grid):
        return functools.partial(self.run, grid=grid)


def _is_constexpr(annotation):
    return annotation is not inspect.Parameter.empty and "constexpr" in str(annotation)


class JITFunction(KernelInterface):
    def __init__(self, fn, do_not_specialize=None, debug=None, noinline=None, repr=None,
                 launch_metadata=None, **_):
        self.fn = fn
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__
        self.__module__ = fn.__module__
        self.__globals__ = fn.__globals__
        self.signature = inspect.signature(fn)
        self.arg_names = list(self.signature.parameters)
        self.constexprs = [i for i, p in enumerate(self.signature.parameters.values())
                           if _is_constexpr(p.annotation)]
        self._body = None
        self._occupancy = {}  # specialization -> programs per PE (warmup)

    def body(self):
        """The function run per program: the kernel with Python's `range`
        meaning `tl.range` (Triton pipelines plain `range` loops too)."""
        if self._body is None:
            from .language import range as tl_range
            g = dict(self.fn.__globals__)
            g["range"] = tl_range
            self._body = type(self.fn)(self.fn.__code__, g, self.fn.__name__,
                                       self.fn.__defaults__, self.fn.__closure__)
            self._body.__kwdefaults__ = self.fn.__kwdefaults__
        return self._body

    def __call__(self, *args, **kwargs):
        if not _C.in_kernel():
            raise RuntimeError(f"@triton.jit function '{self.__name__}' was called directly; "
                               "launch it as kernel[grid](...) or call it from a kernel")
        return self.body()(*args, **kwargs)

    def bind(self, args, kwargs, partial=False):
        """Splits launch options from the kernel's arguments and binds them."""
        # A launch option that is also a parameter (tutorial 02's num_stages)
        # goes to both.
        opts = {k: kwargs[k] for k in list(kwargs) if k in LAUNCH_OPTIONS}
        for k in opts:
            if k not in self.signature.parameters:
                del kwargs[k]
        try:
            bind = self.signature.bind_partial if partial else self.signature.bind
            bound = bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"kernel '{self.__name__}': {e}") from None
        bound.apply_defaults()
        return bound, opts

    def run(self, *args, grid, warmup=False, _kb_mode=None, **kwargs):
        if _C.in_kernel():
            raise RuntimeError(f"kernel '{self.__name__}' was launched from inside a kernel; "
                               "launch kernels from host code")
        bound, opts = self.bind(args, dict(kwargs))
        named = dict(bound.arguments)
        if callable(grid):
            grid = grid(named)
        if isinstance(grid, int):
            grid = (grid,)
        grid = tuple(int(g) for g in grid)
        if warmup:
            return CompiledKernel(self, named, opts)
        flat = self._flatten(bound)
        return kernbench.launch(self.body(), self.__name__, grid, flat, self._names(bound),
                                num_warps=opts.get("num_warps") or 4,
                                num_stages=opts.get("num_stages") or 3,
                                mode=_kb_mode or self._bench_mode(), int_type=_scalar())

    @staticmethod
    def _bench_mode():
        # Inside do_bench a launch only needs its time: timing-only mode.
        return "timing" if kernbench.current().benchmarking else None

    def _flatten(self, bound):
        out = []
        for name, p in self.signature.parameters.items():
            v = bound.arguments[name]
            if p.kind == inspect.Parameter.VAR_KEYWORD:
                raise TypeError(f"kernel '{self.__name__}': **{name} parameters are not "
                                "supported; declare the meta-parameters as tl.constexpr")
            out.extend(v) if p.kind == inspect.Parameter.VAR_POSITIONAL else out.append(v)
        return out

    def _names(self, bound):
        return [n for n in self.signature.parameters]

    def warmup(self, *args, grid, **kwargs):
        return self.run(*args, grid=grid, warmup=True, **kwargs)

    def programs_per_pe(self, named, num_warps, num_stages):
        """How many programs of this specialization a PE holds, from a
        one-program timing launch. Like Triton's compiled-kernel cache, the
        answer is kept per specialization (the device, the constexpr values,
        the tensor dtypes and the launch options): the resources of a
        program depend on its tile shapes, not on its runtime scalars. The
        probe is not part of any do_bench around it."""
        dev = kernbench.current()
        key = (dev.hw, tuple(dev.overrides), num_warps, num_stages,
               tuple((n, v) for n, v in named.items() if self._is_specialization(n)),
               tuple(str(v.dtype) for v in named.values() if hasattr(v, "dtype")))
        if key not in self._occupancy:
            bound = self.signature.bind(**named)
            with dev.collect(isolated=True):
                rec = kernbench.launch(self.body(), self.__name__, (1,), self._flatten(bound),
                                       self._names(bound), num_warps=num_warps,
                                       num_stages=num_stages, mode="timing")
            dev.launches.remove(rec)
            self._occupancy[key] = builtins.max(1, rec.occupancy["programs"])
        return self._occupancy[key]

    def _is_specialization(self, name):
        return self.arg_names.index(name) in self.constexprs

    def __repr__(self):
        return f"JITFunction({self.__module__}:{self.__name__})"


class _Metadata:
    def __init__(self, shared, num_warps, num_stages):
        self.shared, self.num_warps, self.num_stages = shared, num_warps, num_stages


class CompiledKernel:
    """What `kernel.warmup(...)` returns: the kernel bound to its constexpr
    values and launch options, with the resources one program uses.

    `n_regs` and `metadata.shared` are derived from the simulator's
    occupancy for one program, so a script's usual occupancy formula
    (registers / (n_regs x warp size x num_warps), shared memory / shared)
    gives the number of programs the simulated PE holds."""

    def __init__(self, jit, named, opts):
        self.jit, self.named, self.opts = jit, named, opts
        self.num_warps = opts.get("num_warps") or 4
        self.num_stages = opts.get("num_stages") or 3
        self.n_regs = None
        self.n_spills = 0
        self.metadata = _Metadata(0, self.num_warps, self.num_stages)

    def _init_handles(self):
        if self.n_regs is not None:
            return
        programs = self.jit.programs_per_pe(self.named, self.num_warps, self.num_stages)
        info = kernbench.current().info()
        regs = builtins.max(1, info["regfile_bytes"] // 4) if info["regfile_bytes"] else 65536
        warp = builtins.max(1, info["warp_size"])
        self.n_regs = builtins.max(1, regs // (programs * warp * self.num_warps))
        self.metadata.shared = builtins.max(1, info["tcm_bytes"] // programs)

    def __getitem__(self, grid):
        def launch(*args):
            if isinstance(grid, int):
                g = (grid,)
            else:
                g = tuple(grid)
            return kernbench.launch(self.jit.body(), self.jit.__name__, g, list(args),
                                    self.jit.arg_names, num_warps=self.num_warps,
                                    num_stages=self.num_stages, int_type=_scalar())
        return launch


def jit(fn=None, **kwargs):
    if fn is None:
        return lambda f: JITFunction(f, **kwargs)
    return JITFunction(fn, **kwargs)
