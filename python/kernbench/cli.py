"""`kernbench triton [options] script.py [script args]` (python -m kernbench.cli).

Options before the script are kernbench's, everything after it is the
script's. The script runs as `__main__` with this project's `triton` first on
the path and torch.cuda's device queries answering from the simulated device
(kernbench.cuda_queries); at the end a summary of the simulated launches goes
to stderr. `-m module [args]` runs a module instead, as `python -m` does
(`-m pytest tutorial.py` runs a script's tests on the simulator)."""

import argparse
import importlib.util
import json
import os
import runpy
import sys
import traceback

import kernbench
from kernbench import cuda_queries

USAGE = "kernbench triton [--hw H] [--set k=v]... [--mode data|timing] [--exact] " \
        "[--trace T.json] [--report R.json] [-v] (script.py | -m module) [args]"
# kernbench's options that take a value (the rest are flags).
VALUE_OPTIONS = ("--hw", "--set", "--mode", "--trace", "--report")


def split(argv):
    """(kernbench's options, module or None, script or None, the rest): the
    first argument that is not one of kernbench's options is the script, and
    what follows the script or `-m module` is theirs."""
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-m":
            return argv[:i], (argv[i + 1] if i + 1 < len(argv) else ""), None, argv[i + 2:]
        if a in VALUE_OPTIONS:
            i += 2
        elif a.startswith("-") and a != "-":
            i += 1
        else:
            return argv[:i], None, a, argv[i + 1:]
    return argv, None, None, []


def parse(argv):
    own, module, script, rest = split(argv)
    p = argparse.ArgumentParser(prog="kernbench triton", usage=USAGE,
                                description="Run a Triton script on the simulator.")
    p.add_argument("--hw", default="npu-default", help="preset name or YAML file")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="override one hardware parameter (repeatable)")
    p.add_argument("--mode", default="data", choices=["data", "timing"],
                   help="data: real values (default); timing: shapes and addresses only")
    p.add_argument("--exact", action="store_true",
                   help="simulate every program of timing-only launches (by default a large "
                        "grid is sampled: a few windows simulated, the time extrapolated)")
    p.add_argument("--trace", help="write a Chrome trace of each launch (T.json, T.2.json, ...)")
    p.add_argument("--report", help="write the launches as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="print autotuning choices")
    opts = p.parse_args(own)
    if module == "":
        p.error("-m needs a module name")
    if not module and not script:
        p.error("a script (or -m module) is required")
    opts.module, opts.script, opts.args = module, script, rest
    return opts


def summary(dev):
    lines = [f"kernbench: {len(dev.launches)} launch(es) on {dev.hw} ({dev.mode} mode)"]
    for r in dev.launches[:20]:
        sampled = f" (sampled: {r.simulated_programs} of {r.programs} programs)" if r.sampled else ""
        lines.append(f"  {r.kernel:<28} grid {str(r.grid):<16} {r.mode:<6} "
                     f"{r.duration_ps / 1e6:12.3f} us  {r.commands} commands{sampled}")
    if len(dev.launches) > 20:
        lines.append(f"  ... and {len(dev.launches) - 20} more (--report has them all)")
    return "\n".join(lines)


def report(dev):
    return {"hw": dev.hw, "overrides": dev.overrides, "mode": dev.mode, "notes": dev.notes,
            "launches": [{"kernel": r.kernel, "grid": list(r.grid), "mode": r.mode,
                          "duration_ps": r.duration_ps, "programs": r.programs,
                          "simulated_programs": r.simulated_programs,
                          "commands": r.commands, "num_warps": r.num_warps,
                          "num_stages": r.num_stages} for r in dev.launches]}


def run_target(opts):
    """Runs the script (or module) as __main__; returns the exit code."""
    if opts.module:
        sys.argv = [opts.module] + opts.args
        runpy.run_module(opts.module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = [opts.script] + opts.args
        sys.path.insert(0, os.path.dirname(os.path.abspath(opts.script)))
        runpy.run_path(opts.script, run_name="__main__")
    return 0


def main(argv=None):
    opts = parse(sys.argv[1:] if argv is None else argv)
    if opts.script and not os.path.isfile(opts.script):
        print(f"error: script `{opts.script}` does not exist", file=sys.stderr)
        return 2
    if opts.module and importlib.util.find_spec(opts.module.split(".")[0]) is None:
        print(f"error: no module named `{opts.module}`", file=sys.stderr)
        return 2
    dev = kernbench.configure(opts.hw, opts.set, opts.mode, sample=not opts.exact)
    dev.trace_path = opts.trace
    dev.verbose_autotune = opts.verbose
    queries = cuda_queries.install()
    try:
        code = run_target(opts)
    except (kernbench.KernelError, kernbench.ConfigError) as e:
        print(f"error: {e}", file=sys.stderr)
        code = 1
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # the script's own error: its traceback, as Python prints it
        traceback.print_exc()
        code = 1
    finally:
        queries.remove()
    dev = kernbench.current()  # the script may have configured a device of its own
    print(summary(dev), file=sys.stderr)
    if opts.report:
        with open(opts.report, "w") as f:
            json.dump(report(dev), f, indent=2)
    return code


if __name__ == "__main__":
    sys.exit(main())
