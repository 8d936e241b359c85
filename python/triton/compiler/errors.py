"""triton.compiler.errors: what Triton raises at compile time. On the
simulator a kernel is not compiled, so these are raised while a program runs
(a failed `tl.static_assert` in the first program to reach it)."""


class CompilationError(Exception):
    pass


class CompileTimeAssertionFailure(CompilationError):
    """A `tl.static_assert` that does not hold: in Triton the kernel does not
    compile, so the autotuner skips a config that fails one."""
