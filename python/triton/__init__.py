"""triton, on the kernbench simulator.

Unmodified Triton scripts run here: `@triton.jit` kernels launched as
`kernel[grid](...)` execute on kernbench's hardware model (data mode: real
values; timing-only mode: shapes and addresses), `triton.testing.do_bench`
returns simulated milliseconds, and the driver reports the simulated device.
See docs/python.md."""

__version__ = "3.4.0+kernbench"

from . import language, runtime, testing  # noqa: F401
from .compiler.errors import CompilationError, CompileTimeAssertionFailure  # noqa: F401
from .autotuner import Config, autotune, heuristics  # noqa: F401
from .jit import JITFunction, jit  # noqa: F401
from .runtime.driver import driver  # noqa: F401

runtime.driver = driver  # `triton.runtime.driver.active`, as in Triton


def cdiv(x, y):
    return (x + y - 1) // y


def next_power_of_2(n):
    n = int(n)
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


class OutOfResources(Exception):
    pass


def set_allocator(allocator):
    """Accepted: on a GPU the allocator provides scratch memory for tensor
    descriptors made inside kernels; the simulator's descriptors need none."""
    return None
