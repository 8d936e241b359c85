from .errors import CompilationError, CompileTimeAssertionFailure  # noqa: F401
