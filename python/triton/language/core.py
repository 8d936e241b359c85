"""triton.language on the kernbench simulator: dtypes, constexpr, and the
tensor methods written in Python (the operators and ops are kernbench._C)."""

from kernbench import _C


class dtype:
    """An element type. `kb` is the simulator's data::DType value."""

    def __init__(self, name, kb, bits, kind):
        self.name, self.kb, self.primitive_bitwidth, self._kind = name, kb, bits, kind

    def is_floating(self):
        return self._kind == "f"

    def is_int(self):
        return self._kind in ("i", "u", "b")

    def is_int_signed(self):
        return self._kind == "i"

    def is_int_unsigned(self):
        return self._kind == "u"

    def is_bool(self):
        return self._kind == "b"

    def is_fp16(self):
        return self.name == "fp16"

    def is_bf16(self):
        return self.name == "bf16"

    def is_fp32(self):
        return self.name == "fp32"

    def is_ptr(self):
        return False

    def to_ir(self, *_):
        return self

    def __eq__(self, other):
        return isinstance(other, dtype) and not isinstance(other, pointer_type) \
            and other.kb == self.kb

    def __hash__(self):
        return hash(("dtype", self.kb))

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"triton.language.{self.name}"


class pointer_type(dtype):
    def __init__(self, element_ty):
        super().__init__(f"pointer<{element_ty.name}>", element_ty.kb, 64, "p")
        self.element_ty = element_ty

    def is_ptr(self):
        return True

    def __eq__(self, other):
        return isinstance(other, pointer_type) and other.element_ty == self.element_ty

    def __hash__(self):
        return hash(("pointer", self.kb))


float32 = dtype("fp32", 0, 32, "f")
float16 = dtype("fp16", 1, 16, "f")
bfloat16 = dtype("bf16", 2, 16, "f")
float8e4nv = dtype("fp8e4nv", 3, 8, "f")
float8e5 = dtype("fp8e5", 4, 8, "f")
int8 = dtype("int8", 5, 8, "i")
int16 = dtype("int16", 6, 16, "i")
int32 = dtype("int32", 7, 32, "i")
int64 = dtype("int64", 8, 64, "i")
uint8 = dtype("uint8", 9, 8, "u")
uint32 = dtype("uint32", 10, 32, "u")
int1 = dtype("int1", 11, 1, "b")
SCALARS = [float32, float16, bfloat16, float8e4nv, float8e5, int8, int16, int32, int64, uint8,
           uint32, int1]
POINTERS = [pointer_type(t) for t in SCALARS]
_C._register_dtypes(SCALARS, POINTERS)


class scalar(int):
    """An integer scalar of a kernel (a program id, an int argument): a
    Python int, so index arithmetic stays exact and costs no tile op, that
    also answers Triton's tensor methods (`.to(tl.int64)`, `.dtype`)."""

    __slots__ = ()

    @property
    def dtype(self):
        return int32 if -2**31 <= self < 2**31 else int64

    def to(self, dtype, **_):
        return float(self) if dtype.is_floating() else self

    def __repr__(self):
        return f"scalar({int(self)})"


def _keep_scalar(name):
    op = getattr(int, name)

    def f(self, *args):
        r = op(self, *args)
        return scalar(r) if type(r) is int else r
    f.__name__ = name
    return f


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__neg__", "__abs__",
              "__lshift__", "__rshift__", "__and__", "__rand__", "__or__", "__ror__"):
    setattr(scalar, _name, _keep_scalar(_name))


class constexpr:
    """Marks a compile-time parameter (`BLOCK: tl.constexpr`). Values are plain
    Python values here: `tl.constexpr(8)` is 8."""

    def __new__(cls, value=None):
        return value


def _getitem(self, idx):
    if not isinstance(idx, tuple):
        idx = (idx,)
    out, axis = self, 0
    for i in idx:
        if i is None:
            out = out._expand_dims(axis)
            axis += 1
        elif isinstance(i, slice) and i == slice(None):
            axis += 1
        elif i is Ellipsis:
            axis = len(out.shape) - (len(idx) - 1 - idx.index(Ellipsis)) + \
                sum(1 for j in idx[idx.index(Ellipsis) + 1:] if j is None)
        else:
            raise IndexError(f"tensor index {i!r}: only None, ':' and '...' are supported")
    return out


def _to(self, dtype, fp_downcast_rounding=None, bitcast=False):
    if bitcast:
        raise NotImplementedError("tensor.to(bitcast=True) is not supported by kernbench")
    return self._to(dtype)


def _install_methods():
    from . import functions as F
    T = _C.Tensor
    T.__getitem__ = _getitem
    T.to = _to
    T.type = property(lambda self: self.dtype)
    T.reshape = lambda self, *shape, can_reorder=False: F.reshape(self, shape[0] if len(
        shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)
    T.trans = lambda self, *dims: F.trans(self, *dims)
    T.permute = T.trans
    T.broadcast_to = lambda self, *shape: F.broadcast_to(
        self, shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)
    T.expand_dims = lambda self, axis: F.expand_dims(self, axis)
    for name in ("sum", "max", "min", "argmax", "argmin", "exp", "exp2", "log", "log2", "sqrt",
                 "rsqrt", "abs", "sigmoid", "cos", "sin", "cumsum"):
        if hasattr(F, name):
            setattr(T, name, getattr(F, name))
