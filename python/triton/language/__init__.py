"""triton.language, run on the kernbench simulator (the C++ kernel language
bound by kernbench._C; docs/python.md lists what is supported)."""

from . import math  # noqa: F401
from .core import (POINTERS, SCALARS, bfloat16, constexpr, dtype, float8e4nv,  # noqa: F401
                   float8e5, float16, float32, int1, int8, int16, int32, int64, pointer_type, scalar,
                   uint8, uint32)
from .core import _install_methods
from .functions import *  # noqa: F401,F403
from .functions import range, static_range  # noqa: F401
from kernbench._C import Tensor as tensor  # noqa: F401

float8e4m3fn = float8e4nv
float8e5m2 = float8e5
float64 = None  # not a device type of the simulator
block_type = pointer_type
_install_methods()
