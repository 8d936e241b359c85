"""`kernbench triton [options] script.py [script args]` (python -m kernbench.cli).

Options before the script are kernbench's, everything after it is the
script's. The script runs as `__main__` with this project's `triton` first on
the path; at the end a summary of the simulated launches goes to stderr."""

import argparse
import json
import os
import runpy
import sys
import traceback

import kernbench

USAGE = "kernbench triton [--hw H] [--set k=v]... [--mode data|timing] [--trace T.json] " \
        "[--report R.json] [-v] script.py [script args]"


def parse(argv):
    p = argparse.ArgumentParser(prog="kernbench triton", usage=USAGE,
                                description="Run a Triton script on the simulator.")
    p.add_argument("--hw", default="npu-default", help="preset name or YAML file")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="override one hardware parameter (repeatable)")
    p.add_argument("--mode", default="data", choices=["data", "timing"],
                   help="data: real values (default); timing: shapes and addresses only")
    p.add_argument("--trace", help="write a Chrome trace of each launch (T.json, T.2.json, ...)")
    p.add_argument("--report", help="write the launches as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="print autotuning choices")
    p.add_argument("script")
    p.add_argument("args", nargs=argparse.REMAINDER)
    return p.parse_args(argv)


def summary(dev):
    lines = [f"kernbench: {len(dev.launches)} launch(es) on {dev.hw} ({dev.mode} mode)"]
    for r in dev.launches[:20]:
        lines.append(f"  {r.kernel:<28} grid {str(r.grid):<16} {r.mode:<6} "
                     f"{r.duration_ps / 1e6:12.3f} us  {r.commands} commands")
    if len(dev.launches) > 20:
        lines.append(f"  ... and {len(dev.launches) - 20} more (--report has them all)")
    return "\n".join(lines)


def report(dev):
    return {"hw": dev.hw, "overrides": dev.overrides, "mode": dev.mode, "notes": dev.notes,
            "launches": [{"kernel": r.kernel, "grid": list(r.grid), "mode": r.mode,
                          "duration_ps": r.duration_ps, "programs": r.programs,
                          "commands": r.commands, "num_warps": r.num_warps,
                          "num_stages": r.num_stages} for r in dev.launches]}


def main(argv=None):
    opts = parse(sys.argv[1:] if argv is None else argv)
    if not os.path.isfile(opts.script):
        print(f"error: script `{opts.script}` does not exist", file=sys.stderr)
        return 2
    dev = kernbench.configure(opts.hw, opts.set, opts.mode)
    dev.trace_path = opts.trace
    dev.verbose_autotune = opts.verbose
    sys.argv = [opts.script] + opts.args
    sys.path.insert(0, os.path.dirname(os.path.abspath(opts.script)))
    code = 0
    try:
        runpy.run_path(opts.script, run_name="__main__")
    except (kernbench.KernelError, kernbench.ConfigError) as e:
        print(f"error: {e}", file=sys.stderr)
        code = 1
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # the script's own error: its traceback, as Python prints it
        traceback.print_exc()
        code = 1
    print(summary(dev), file=sys.stderr)
    if opts.report:
        with open(opts.report, "w") as f:
            json.dump(report(dev), f, indent=2)
    return code


if __name__ == "__main__":
    sys.exit(main())
