"""triton.language.math: the elementwise math functions."""

from kernbench import _C

exp, exp2, log, log2 = _C.exp, _C.exp2, _C.log, _C.log2
sqrt, sqrt_rn, rsqrt = _C.sqrt, _C.sqrt_rn, _C.rsqrt
abs, sigmoid, cos, sin, tanh, erf = _C.abs, _C.sigmoid, _C.cos, _C.sin, _C.tanh, _C.erf
floor, ceil, fma = _C.floor, _C.ceil, _C.fma
max, min = _C.maximum, _C.minimum


def div_rn(x, y):
    return x / y


def fdiv(x, y, ieee_rounding=False):
    return x / y
