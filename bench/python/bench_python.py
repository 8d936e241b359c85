"""The speed of the Python front end, in one run (numbers: docs/performance.md).

1. The same kernel in Python and in C++, in this process: a kernbench launch
   of the Python kernel (speed_kernels.py) against the built-in C++ kernel
   (`kernbench run`'s, through kernbench._C.run_builtin), data mode, wall
   time; the Python launch should be within 3x.
2. The same Triton script under kernbench and under Triton's interpreter
   (TRITON_INTERPRET=1, .venv-triton; separate processes, both packages are
   called `triton`); kernbench should be at least 10x faster while also
   producing the simulated time.

Run: .venv/bin/python bench/python/bench_python.py [--hw npu-default]"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)

import kernbench  # noqa: E402
import speed_kernels  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def python_vs_cpp(hw):
    kernbench.configure(hw, mode="data")
    info = kernbench.current().info()
    programs = info["pe_count"] * info["contexts"]
    rows = []
    cases = [("matmul 1024^3", "matmul1024", (),
              ["M=1024", "N=1024", "K=1024", "BLOCK_SIZE_M=128", "BLOCK_SIZE_N=128",
               "BLOCK_SIZE_K=64", "GROUP_SIZE_M=8", "num_stages=3", "num_warps=8"]),
             ("softmax 1024x1024", "softmax", (programs,),
              ["M=1024", "N=1024", f"num_programs={programs}", "num_stages=4", "num_warps=8"])]
    for label, case, args, params in cases:
        cpp = {"matmul1024": "matmul", "softmax": "softmax"}[case]
        t_cpp, r_cpp = timed(lambda: kernbench._C.run_builtin(cpp, params, hw, [], "data", 0))
        py = speed_kernels.measure(case, *args)
        rec = kernbench.current().launches[-1]
        rows.append((label, py["wall_s"], t_cpp, rec.duration_ps, r_cpp["simulated_ps"],
                     py["correct"] and r_cpp["verified"]))
    return rows


def per_call_cost(hw):
    kernbench.configure(hw, mode="data")
    speed_kernels.measure("tl_calls", 1000)  # warm-up
    r = speed_kernels.measure("tl_calls", 20000)
    return r["wall_s"] / 20000 * 1e6, r["correct"]


def run_script(python, env, case):
    out = subprocess.run([python, os.path.join(HERE, "speed_kernels.py"), case], env=env,
                         check=True, capture_output=True, text=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def kernbench_vs_interpreter(hw):
    ref_python = os.path.join(ROOT, ".venv-triton", "bin", "python")
    ours = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), KERNBENCH_HW=hw)
    ref = {k: v for k, v in os.environ.items() if not k.startswith("KERNBENCH")}
    ref.update(TRITON_INTERPRET="1", PYTHONPATH="")
    rows = []
    for label, case in [("vector add 1M", "vector_add"), ("softmax 1024^2", "softmax"),
                        ("matmul 512^3", "matmul512")]:
        a = run_script(sys.executable, ours, case)
        b = run_script(ref_python, ref, case)
        rows.append((label, a["wall_s"], b["wall_s"], a["correct"] and b["correct"]))
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hw", default="npu-default")
    opts = p.parse_args()
    print(f"Python kernel vs the same kernel in C++ ({opts.hw}, data mode, wall time of one launch)")
    print(f"  {'case':<20} {'python s':>9} {'c++ s':>9} {'ratio':>6} {'sim us (py)':>12} "
          f"{'sim us (c++)':>12} correct")
    for label, tp, tc, sp, sc, ok in python_vs_cpp(opts.hw):
        print(f"  {label:<20} {tp:9.3f} {tc:9.3f} {tp / tc:6.2f} {sp / 1e6:12.3f} "
              f"{sc / 1e6:12.3f} {ok}")
    us, ok = per_call_cost(opts.hw)
    print(f"\nOne tl call on index values (tensor + tensor, 16 lanes): {us:.2f} us, correct {ok}")
    print("\nkernbench (data mode, with simulated timing) vs Triton's interpreter (TRITON_INTERPRET=1)")
    print(f"  {'case':<20} {'kernbench s':>11} {'interpreter s':>13} {'speed-up':>8} correct")
    for label, ta, tb, ok in kernbench_vs_interpreter(opts.hw):
        print(f"  {label:<20} {ta:11.3f} {tb:13.3f} {tb / ta:8.1f} {ok}")


if __name__ == "__main__":
    main()
