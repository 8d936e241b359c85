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
        out = []
        for k in self.key:
            v = named.get(k)
            out.append(str(v.dtype) if hasattr(v, "data_ptr") else v)
        return tuple(out)

    def _time(self, config, args, grid, kwargs):
        """Simulated ps of one config; inf when its tiles do not fit the
        chip (as Triton's autotuner skips a config out of resources)."""
        try:
            return self._simulate(config, args, grid, kwargs)
        except kernbench.KernelError as e:
            if not str(e).startswith("deadlock"):
                raise
            kernbench.current().note(f"autotune {self.__name__}: config {config} does not fit: "
                                     f"{str(e).splitlines()[1].strip()}")
            return float("inf")

    def _simulate(self, config, args, grid, kwargs):
        meta = {**kwargs, **config.all_kwargs()}
        try:
            with kernbench.current().collect() as recs:
                self.fn.run(*args, grid=grid, **meta, _kb_mode="timing")
        except kernbench.ValueUnavailableError:
            with kernbench.current().collect() as recs:
                self.fn.run(*_clone_arrays(args), grid=grid, **meta, _kb_mode="data")
        return builtins.sum(r.duration_ps for r in recs)

    def _configs(self, named):
        configs = self.configs
        prune = self.prune_configs_by.get("early_config_prune")
        if prune:
            configs = prune(configs, named)
        return configs

    def run(self, *args, grid, **kwargs):
        bound, _ = self.fn.bind(args, dict(kwargs), partial=True)
        named = dict(bound.arguments)
        key = self._key(named)
        if key not in self.cache:
            configs = self._configs(named)
            times = {}
            if len(configs) > 1:
                dev = kernbench.current()
                before = len(dev.launches)
                try:
                    for c in configs:
                        times[c] = self._time(c, args, grid, kwargs)
                finally:
                    del dev.launches[before:]
                best = builtins.min(configs, key=lambda c: times[c])
            else:
                best = configs[0]
            self.cache[key] = best
            self.timings[key] = times
            self._report(key, best, times)
        self.best_config = self.cache[key]
        if self.best_config.pre_hook:
            self.best_config.pre_hook({**named, **self.best_config.all_kwargs()})
        return self.fn.run(*args, grid=grid, **kwargs, **self.best_config.all_kwargs())

    def _report(self, key, best, times):
        if not times:
            return
        lines = [f"autotune {self.__name__} key={key}: chose {best}"]
        for c, t in sorted(times.items(), key=lambda kv: kv[1]):
            lines.append(f"  {t / 1e6:12.3f} us  {c}" if t != float("inf") else
                         f"  {'does not fit':>15}  {c}")
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
