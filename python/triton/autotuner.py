"""triton.autotune and triton.heuristics on the simulator: every config is
simulated (timing-only, or with data when the kernel branches on values), the
fastest in simulated time is kept per key and the choice is reported."""

import builtins
import sys

import kernbench

from .jit import KernelInterface


class Config:
    def __init__(self, kwargs, num_warps=4, num_stages=3, num_ctas=1, maxnreg=None,
                 pre_hook=None, **_):
        self.kwargs = dict(kwargs)
        self.num_warps, self.num_stages, self.num_ctas = num_warps, num_stages, num_ctas
        self.maxnreg, self.pre_hook = maxnreg, pre_hook

    def all_kwargs(self):
        return {**self.kwargs, "num_warps": self.num_warps, "num_stages": self.num_stages}

    def __str__(self):
        parts = [f"{k}: {v}" for k, v in self.kwargs.items()]
        parts += [f"num_warps: {self.num_warps}", f"num_stages: {self.num_stages}"]
        return ", ".join(parts)


def _clone_arrays(args):
    return [a.clone() if hasattr(a, "clone") and hasattr(a, "data_ptr") else a for a in args]


class Autotuner(KernelInterface):
    def __init__(self, fn, configs, key, reset_to_zero=None, restore_value=None,
                 pre_hook=None, post_hook=None, prune_configs_by=None, **_):
        self.fn, self.configs, self.key = fn, list(configs) or [Config({})], list(key)
        self.prune_configs_by = prune_configs_by or {}
        self.cache, self.best_config, self.timings = {}, None, {}
        self.__name__ = getattr(fn, "__name__", "kernel")
        self.arg_names = getattr(fn, "arg_names", [])

    def _key(self, named):
        """The key's values, then the dtype of every tensor argument (as
        Triton: fp16 and fp8 inputs of the same shape are tuned apart)."""
        out = []
        for k in self.key:
            v = named.get(k)
            out.append(str(v.dtype) if hasattr(v, "data_ptr") else v)
        out.extend(str(v.dtype) for v in named.values() if hasattr(v, "dtype"))
        return tuple(out)

    def _time(self, config, args, grid, kwargs, named, best_ps):
        """The launches of one config's trial (a list); None when the config
        cannot run: its tiles do not fit the chip, or a static_assert fails
        (Triton's autotuner skips a config out of resources or one that does
        not compile); STOPPED when it would take `best_ps` or more (the
        best time so far: it could not be chosen, so its simulation stops
        there)."""
        dev = kernbench.current()
        budget = None if best_ps == float("inf") else int(best_ps)
        try:
            with dev.budget(budget):
                return self._simulate(config, args, grid, kwargs, named)
        except kernbench.TimeLimitError:
            if budget is None:
                raise
            return STOPPED
        except kernbench.KernelError as e:
            why = _unusable(str(e))
            if why is None:
                raise
            kernbench.current().note(f"autotune {self.__name__}: config {config} {why}")
            return None

    def _simulate(self, config, args, grid, kwargs, named):
        meta = {**kwargs, **config.all_kwargs()}
        if config.pre_hook:
            config.pre_hook({**named, **config.all_kwargs()})
        dev = kernbench.current()
        try:
            with dev.collect(isolated=True) as recs:
                self.fn.run(*args, grid=grid, **meta, _kb_mode="timing")
        except kernbench.ValueUnavailableError:
            with dev.collect(isolated=True) as recs:
                self.fn.run(*_clone_arrays(args), grid=grid, **meta, _kb_mode="data")
        return recs

    def _configs(self, named):
        configs = self.configs
        prune = self.prune_configs_by.get("early_config_prune")
        if prune:
            configs = prune(configs, named)
        return configs

    def _tune(self, key, configs, args, grid, kwargs, named):
        """Simulates every config once; returns the fastest and the trial
        launches of each (None: cannot run)."""
        dev = kernbench.current()
        before = len(dev.launches)
        trials = {}
        best_ps = float("inf")
        try:
            for c in configs:
                trials[c] = self._time(c, args, grid, kwargs, named, best_ps)
                best_ps = builtins.min(best_ps, _total(trials[c]))
        finally:
            del dev.launches[before:]
        times = {c: _total(r) for c, r in trials.items()}
        best = builtins.min(configs, key=lambda c: times[c])
        self.timings[key] = times
        self._report(key, best, times, {c for c, r in trials.items() if r is STOPPED})
        return best, trials[best]

    def run(self, *args, grid, **kwargs):
        bound, _ = self.fn.bind(args, dict(kwargs), partial=True)
        named = dict(bound.arguments)
        key = self._key(named)
        trial = None
        if key not in self.cache:
            configs = self._configs(named)
            if len(configs) > 1:
                self.cache[key], trial = self._tune(key, configs, args, grid, kwargs, named)
            else:
                self.cache[key] = configs[0]
                self.timings[key] = {}
        self.best_config = self.cache[key]
        if self.best_config.pre_hook:
            self.best_config.pre_hook({**named, **self.best_config.all_kwargs()})
        if trial and _same_launch(trial):
            return _replay(trial)
        return self.fn.run(*args, grid=grid, **kwargs, **self.best_config.all_kwargs())

    def _report(self, key, best, times, stopped=()):
        if not times:
            return
        lines = [f"autotune {self.__name__} key={key}: chose {best}"]
        for c, t in sorted(times.items(), key=lambda kv: kv[1]):
            if t != float("inf"):
                lines.append(f"  {t / 1e6:12.3f} us  {c}")
            elif c in stopped:
                lines.append(f"  {'slower':>15}  {c} (stopped at the best time so far)")
            else:
                lines.append(f"  {'cannot run':>15}  {c}")
        text = "\n".join(lines)
        kernbench.current().note(text)
        if kernbench.current().verbose_autotune:
            print(text, file=sys.stderr)

    def warmup(self, *args, grid, **kwargs):
        return self.fn.warmup(*args, grid=grid, **kwargs)


def autotune(configs, key, prune_configs_by=None, reset_to_zero=None, restore_value=None,
             pre_hook=None, post_hook=None, warmup=None, rep=None, use_cuda_graph=False,
             do_bench=None, cache_results=False):
    def decorator(fn):
        return Autotuner(fn, configs, key, reset_to_zero, restore_value, pre_hook, post_hook,
                         prune_configs_by)
    return decorator


def _unusable(message):
    """Why a config's trial failure means the config cannot run, or None
    when it is an error in the kernel."""
    if message.startswith("deadlock"):
        return "does not fit: " + message.splitlines()[1].strip()
    if "CompileTimeAssertionFailure: " in message:
        return "fails a static_assert: " + message.splitlines()[0]
    return None


STOPPED = object()  # a trial stopped at the best time so far: slower than the best


def _total(recs):
    if recs is None or recs is STOPPED:
        return float("inf")
    return builtins.sum(r.duration_ps for r in recs)


def _same_launch(trial):
    """True when launching the best config now would repeat its trial: the
    launch is timing-only (inside do_bench, or a timing-mode device), the
    trial ran in timing-only mode with these same arguments, and no traces
    are being written (the chosen launch writes its own)."""
    dev = kernbench.current()
    timing = dev.benchmarking or dev.mode == "timing"
    return timing and not dev.trace_path and all(r.mode == "timing" for r in trial)


def _replay(trial):
    """Records the best config's trial launches as this call's launches: the
    simulation is deterministic, so a second one would give the same time."""
    dev = kernbench.current()
    for r in trial:
        dev.record(r)
    return trial[-1]


class Heuristics(KernelInterface):
    def __init__(self, fn, values):
        self.fn, self.values = fn, values
        self.__name__ = getattr(fn, "__name__", "kernel")
        self.arg_names = getattr(fn, "arg_names", [])

    def bind(self, args, kwargs, partial=False):
        return self.fn.bind(args, kwargs, partial)

    def run(self, *args, grid, **kwargs):
        bound, _ = self.fn.bind(args, dict(kwargs), partial=True)
        named = {**dict(bound.arguments), **kwargs}
        for k, f in self.values.items():
            kwargs[k] = f(named)
            named[k] = kwargs[k]
        return self.fn.run(*args, grid=grid, **kwargs)

    def warmup(self, *args, grid, **kwargs):
        return self.run(*args, grid=grid, warmup=True, **kwargs)


def heuristics(values):
    def decorator(fn):
        return Heuristics(fn, values)
    return decorator
