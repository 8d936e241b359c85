"""kernbench: simulate accelerator kernels written in Python (Triton) or C++.

    import kernbench
    sim = kernbench.Simulator("h200")            # a chip and its device memory
    kernbench.configure(hw="h200", mode="data")  # what `triton` launches run on

The kernel language is the C++ one (src/tl), bound by the extension
`kernbench._C`; `import triton` resolves to this project's `triton` package
when `python/` is first on the path (`kernbench triton script.py` does that).
"""

import os as _os

def _extension_dirs():
    here = _os.path.dirname(_os.path.abspath(__file__))
    root = _os.path.dirname(_os.path.dirname(here))
    dirs = []
    build = _os.environ.get("KERNBENCH_BUILD_DIR")
    if build:
        dirs.append(_os.path.join(build, "python", "kernbench"))
    dirs.append(_os.path.join(root, "build", "release", "python", "kernbench"))
    return [d for d in dirs if _os.path.isdir(d)]


__path__.extend(_extension_dirs())  # the compiled kernbench._C lives in the build tree

from . import _C  # noqa: E402
from ._C import (ConfigError, KernelError, Simulator, TimeLimitError,  # noqa: E402,F401
                 ValueUnavailableError)
from .device import Device, LaunchRecord, configure, current  # noqa: E402,F401
from .launch import launch  # noqa: E402,F401

__all__ = ["Simulator", "KernelError", "TimeLimitError", "ValueUnavailableError", "ConfigError",
           "Device", "LaunchRecord", "configure", "current", "launch"]
