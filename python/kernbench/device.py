"""The simulated device that `triton` launches run on, and what they did.

A process has one current `Device` (as Triton has one active driver): the
hardware (preset or YAML file, with `--set` overrides), the mode (`data`:
real values, verified by the script; `timing`: shapes and addresses only),
whether timing-only launches of large grids are sampled (`sample`: a few
windows of the grid simulated and the time extrapolated, docs/adr/0090;
`kernbench triton --exact` turns it off) and the record of every launch
(kernel, grid, simulated time, commands).
`configure()` replaces it; the `kernbench triton` command configures it from
its options (through the KERNBENCH_* environment variables)."""

import contextlib
import dataclasses
import os


@dataclasses.dataclass
class LaunchRecord:
    kernel: str
    grid: tuple
    mode: str
    duration_ps: int
    programs: int
    commands: int
    num_warps: int
    num_stages: int
    note: str = ""
    simulated_programs: int = -1  # programs simulated; fewer than `programs` when sampled

    @property
    def sampled(self):
        return 0 <= self.simulated_programs < self.programs

    @property
    def ms(self):
        return self.duration_ps / 1e9


class Device:
    def __init__(self, hw="npu-default", overrides=(), mode="data", sample=True):
        if mode not in ("data", "timing"):
            raise ValueError(f"mode '{mode}': expected 'data' or 'timing'")
        self.hw = hw
        self.overrides = list(overrides)
        self.mode = mode
        self.sample = bool(sample)  # timing-only launches of large grids are sampled
        self.launches = []
        self.notes = []
        self._bench = []  # open do_bench collections, innermost last
        self._info = None
        self.verbose_autotune = bool(os.environ.get("KERNBENCH_VERBOSE"))
        self.trace_path = None  # write each launch's Chrome trace (T.json, T.2.json, ...)
        self._traces = 0
        self._budget_ps = None  # simulated time the launches may still take, or None

    def info(self):
        """The hardware's properties (PEs, TCM, register file, clock...)."""
        if self._info is None:
            from . import _C
            sim = _C.Simulator(self.hw, self.overrides, "timing")
            self._info = dict(sim.hw)
            sim.close()
        return self._info

    @property
    def benchmarking(self):
        """True inside a timing collection: launches need only their time."""
        return any(timing for _, timing, _ in self._bench)

    @contextlib.contextmanager
    def collect(self, timing=False, isolated=False):
        """Collects the launches made inside the block; with `timing`, they
        run in timing-only mode (do_bench). An `isolated` collection keeps
        its launches from the enclosing ones (the autotuner's trials are not
        part of the do_bench that triggered them)."""
        records = []
        self._bench.append((records, timing, isolated))
        try:
            yield records
        finally:
            self._bench.pop()

    @contextlib.contextmanager
    def budget(self, ps):
        """Inside the block, the launches together may take less than `ps`
        of simulated time (None: no budget); the launch that would reach it
        stops with TimeLimitError. The autotuner gives a trial the best
        time so far: a trial stopped there could not have been chosen."""
        saved, self._budget_ps = self._budget_ps, ps
        try:
            yield
        finally:
            self._budget_ps = saved

    def remaining_budget_ps(self):
        """What the current budget leaves for the next launch, or None."""
        return self._budget_ps

    def record(self, rec):
        if self._budget_ps is not None:
            self._budget_ps -= rec.duration_ps
        self.launches.append(rec)
        for records, _, isolated in reversed(self._bench):
            records.append(rec)
            if isolated:
                break

    def next_trace_path(self):
        """Where the next launch's trace goes, or None."""
        if not self.trace_path:
            return None
        self._traces += 1
        if self._traces == 1:
            return self.trace_path
        stem, ext = os.path.splitext(self.trace_path)
        return f"{stem}.{self._traces}{ext}"

    def note(self, text):
        self.notes.append(text)


def _from_environment():
    sets = [s for s in os.environ.get("KERNBENCH_SET", "").split("\n") if s]
    return Device(os.environ.get("KERNBENCH_HW", "npu-default"), sets,
                  os.environ.get("KERNBENCH_MODE", "data"),
                  os.environ.get("KERNBENCH_EXACT", "") in ("", "0"))


_current = None


def current():
    """The device `triton` launches run on."""
    global _current
    if _current is None:
        _current = _from_environment()
    return _current


def configure(hw="npu-default", overrides=(), mode="data", sample=True):
    """Makes a new current device and returns it."""
    global _current
    _current = Device(hw, overrides, mode, sample)
    return _current
