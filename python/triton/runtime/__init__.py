"""triton.runtime: the driver (the simulated device) and the kernel types."""

from . import driver  # noqa: F401
from ..autotuner import Autotuner, Config, Heuristics, autotune, heuristics  # noqa: F401
from ..jit import JITFunction, KernelInterface  # noqa: F401
