"""triton.testing on the simulator: do_bench returns *simulated* time, and
Benchmark/perf_report tabulate (and plot, with matplotlib) simulated results.

do_bench runs `fn` once: simulated time is deterministic, so warm-up and
repetitions would measure the same number. Its kernel launches run in
timing-only mode (no values), and so do its heavy torch computations
(matmuls, convolutions: a zero-filled result of the right shape, see
triton.shapes_only); a kernel that branches on data makes do_bench run `fn`
again, with values and torch computing for real. A function that launches
no kernel (a torch reference) has no simulated time: do_bench returns NaN
for it (docs/adr/0074). A timing-only launch of a large grid simulates
windows of it and extrapolates its end (docs/adr/0090), unless the device
was configured with sample=False (`kernbench triton --exact`)."""

import math
import os

import kernbench

from . import shapes_only


def do_bench(fn, warmup=25, rep=100, grad_to_none=None, quantiles=None, return_mode="mean"):
    dev = kernbench.current()
    try:
        with dev.collect(timing=True) as recs, shapes_only.skipped():
            fn()
    except kernbench.ValueUnavailableError:
        with dev.collect(timing=False) as recs:
            fn()
    ms = sum(r.duration_ps for r in recs) / 1e9 if recs else float("nan")
    if quantiles is not None:
        out = [ms for _ in quantiles]
        return out[0] if len(out) == 1 else out
    return ms


def do_bench_cudagraph(fn, rep=20, grad_to_none=None, quantiles=None, return_mode="mean"):
    return do_bench(fn, quantiles=quantiles, return_mode=return_mode)


def assert_close(x, y, atol=None, rtol=None, err_msg=""):
    import numpy as np
    x = x.float().numpy() if hasattr(x, "numpy") and hasattr(x, "float") else np.asarray(x)
    y = y.float().numpy() if hasattr(y, "numpy") and hasattr(y, "float") else np.asarray(y)
    np.testing.assert_allclose(x, y, atol=atol or 1e-2, rtol=rtol or 0, err_msg=err_msg)


class Benchmark:
    def __init__(self, x_names, x_vals, line_arg, line_vals, line_names, plot_name, args,
                 xlabel="", ylabel="", x_log=False, y_log=False, styles=None):
        self.x_names, self.x_vals = list(x_names), list(x_vals)
        self.line_arg, self.line_vals, self.line_names = line_arg, list(line_vals), list(line_names)
        self.plot_name, self.args = plot_name, dict(args)
        self.xlabel, self.ylabel = xlabel, ylabel
        self.x_log, self.y_log, self.styles = x_log, y_log, styles


class Mark:
    def __init__(self, fn, benchmarks):
        self.fn, self.benchmarks = fn, benchmarks

    def _run(self, bench, save_path, show_plots, print_data):
        rows = []
        for x in bench.x_vals:
            xs = x if isinstance(x, (list, tuple)) else [x] * len(bench.x_names)
            xargs = dict(zip(bench.x_names, xs))
            row = list(xs[:len(bench.x_names)])
            for lv in bench.line_vals:
                r = self.fn(**xargs, **{bench.line_arg: lv}, **bench.args)
                row.append(r[0] if isinstance(r, (tuple, list)) else r)
            rows.append(row)
        header = bench.x_names + [f"{n} ({bench.ylabel})" if bench.ylabel else n
                                  for n in bench.line_names]
        text = _table(bench.plot_name, header, rows)
        if print_data:
            print(text)
        if save_path:
            os.makedirs(save_path, exist_ok=True)
            with open(os.path.join(save_path, f"{bench.plot_name}.csv"), "w") as f:
                f.write(",".join(header) + "\n")
                for r in rows:
                    f.write(",".join(str(v) for v in r) + "\n")
        if save_path or show_plots:
            _plot(bench, rows, save_path, show_plots)
        return rows

    def run(self, show_plots=False, print_data=False, save_path="", return_df=False, **_):
        benches = self.benchmarks if isinstance(self.benchmarks, list) else [self.benchmarks]
        out = [self._run(b, save_path, show_plots, print_data) for b in benches]
        return out if return_df else None


def _table(title, header, rows):
    cells = [[str(h) for h in header]] + [[_fmt(v) for v in r] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = [f"{title} (simulated):"]
    for c in cells:
        lines.append("  ".join(v.rjust(w) for v, w in zip(c, widths)))
    return "\n".join(lines)


def _fmt(v):
    if isinstance(v, float):
        return "nan" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def _plot(bench, rows, path, show):
    """Saves the plot in `path` (when given) and shows it when asked and a
    display exists (matplotlib's non-interactive backends show nothing)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots()
    xs = [r[0] for r in rows]
    for i, name in enumerate(bench.line_names):
        ax.plot(xs, [r[len(bench.x_names) + i] for r in rows], label=name)
    ax.set_xlabel(bench.xlabel or bench.x_names[0])
    ax.set_ylabel(bench.ylabel)
    ax.legend()
    if path:
        fig.savefig(os.path.join(path, f"{bench.plot_name}.png"))
    if show:
        plt.show()
    plt.close(fig)


def perf_report(benchmarks):
    return lambda fn: Mark(fn, benchmarks)
