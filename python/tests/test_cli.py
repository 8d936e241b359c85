"""`kernbench triton`: options before the script are kernbench's, after it
the script's; a summary and a JSON report of the launches; a failing kernel
is one error line and exit code 1."""

import json
import os
import subprocess

import pytest

ROOT = os.environ.get("KERNBENCH_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("KERNBENCH_BUILD_DIR") or os.path.join(ROOT, "build", "release")
KERNBENCH = os.path.join(BUILD, "src", "app", "kernbench")

SCRIPT = '''
import sys, torch, triton, triton.language as tl
@triton.jit
def k(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) + 1, mask=offs < n)
x = torch.zeros(int(sys.argv[1]))
n = int(sys.argv[3]) if len(sys.argv) > 3 else x.numel()
k[(1,)](x, n, BLOCK=int(sys.argv[2]))
print("sum", int(x.sum()))
'''


@pytest.fixture
def script(tmp_path):
    p = tmp_path / "k.py"
    p.write_text(SCRIPT)
    return str(p)


def run(*args):
    if not os.path.exists(KERNBENCH):
        pytest.fail(f"{KERNBENCH} is not built")
    return subprocess.run([KERNBENCH, "triton", *args], capture_output=True, text=True,
                          timeout=300)


def test_a_script_runs_with_its_own_arguments_and_reports_its_launches(script, tmp_path):
    report = tmp_path / "r.json"
    trace = tmp_path / "t.json"
    r = run("--hw", "h200", "--report", str(report), "--trace", str(trace), script, "100", "128")
    assert r.returncode == 0, r.stderr
    assert "sum 100" in r.stdout
    assert "1 launch(es) on h200 (data mode)" in r.stderr
    rep = json.loads(report.read_text())
    assert rep["hw"] == "h200" and rep["launches"][0]["kernel"] == "k"
    assert rep["launches"][0]["duration_ps"] > 0
    assert json.loads(trace.read_text())  # a Chrome trace


def test_a_failing_kernel_is_one_error_line_naming_the_script_line(script):
    r = run(script, "100", "256", "256")  # reads past the 100-element tensor
    assert r.returncode == 1
    assert "error: kernel 'k', program 0 (0, 0, 0) on PE 0, at " + script + ":6 in k, tl.load" \
        in r.stderr
    assert "Traceback" not in r.stderr


def test_an_unknown_preset_is_reported_without_a_traceback(script):
    r = run("--hw", "h300", script, "1", "1")
    assert r.returncode == 1 and "unknown preset `h300`" in r.stderr and "Traceback" not in r.stderr


def test_a_missing_script_is_a_usage_error():
    r = run("/nonexistent.py")
    assert r.returncode == 2 and "does not exist" in r.stderr


QUERIES = '''
import torch
print("capability", torch.cuda.get_device_capability())
print("sms", torch.cuda.get_device_properties(0).multi_processor_count)
'''

TESTS = '''
import torch, triton, triton.language as tl
@triton.jit
def inc(x_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, tl.load(x_ptr + offs) + 1)
def test_inc():
    assert torch.cuda.get_device_capability() == (9, 0)
    x = torch.zeros(16)
    inc[(1,)](x, BLOCK=16)
    assert int(x.sum()) == 16
def test_wrong():
    assert torch.cuda.get_device_capability() == (8, 0)
'''


def test_a_script_asks_torch_cuda_about_the_simulated_device(tmp_path):
    p = tmp_path / "q.py"
    p.write_text(QUERIES)
    r = run("--hw", "h200", str(p))
    assert r.returncode == 0, r.stderr
    assert "capability (9, 0)" in r.stdout and "sms 132" in r.stdout


def test_dash_m_runs_a_module_such_as_pytest_on_the_simulator(tmp_path):
    p = tmp_path / "t.py"
    p.write_text(TESTS)
    r = run("--hw", "h200", "-m", "pytest", "-q", "-p", "no:cacheprovider", str(p))
    assert r.returncode == 1, r.stdout + r.stderr  # one test fails, as pytest reports it
    assert "1 failed, 1 passed" in r.stdout
    assert "test_wrong" in r.stdout and "1 launch(es) on h200" in r.stderr
    r = run("--hw", "h200", "-m", "pytest", "-q", "-p", "no:cacheprovider", str(p), "-k", "inc")
    assert r.returncode == 0 and "1 passed" in r.stdout


def test_dash_m_without_a_module_or_with_an_unknown_one_is_a_usage_error():
    r = run("-m")
    assert r.returncode == 2 and "-m needs a module name" in r.stderr
    r = run("-m", "no_such_module_here")
    assert r.returncode == 2 and "no module named `no_such_module_here`" in r.stderr


GRID_SCRIPT = '''
import torch, triton, triton.language as tl
@triton.jit
def k(x_ptr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, tl.load(x_ptr + offs) + 1)
x = torch.zeros(3000 * 256)
k[(3000,)](x, BLOCK=256)
'''


def test_timing_mode_samples_a_large_grid_and_exact_simulates_every_program(tmp_path):
    p = tmp_path / "grid.py"
    p.write_text(GRID_SCRIPT)
    common = ["--hw", "h200", "--set", "pe.count=4", "--mode", "timing"]
    sampled = run(*common, "--report", str(tmp_path / "s.json"), str(p))
    exact = run(*common, "--exact", "--report", str(tmp_path / "e.json"), str(p))
    assert sampled.returncode == 0 and exact.returncode == 0, sampled.stderr + exact.stderr
    s = json.loads((tmp_path / "s.json").read_text())["launches"][0]
    e = json.loads((tmp_path / "e.json").read_text())["launches"][0]
    assert e["simulated_programs"] == e["programs"] == 3000
    assert s["programs"] == 3000 and s["simulated_programs"] * 2 <= 3000
    assert f"(sampled: {s['simulated_programs']} of 3000 programs)" in sampled.stderr
    assert "sampled" not in exact.stderr
    assert abs(s["duration_ps"] - e["duration_ps"]) <= 0.02 * e["duration_ps"]


def test_the_summary_reports_the_device_the_script_configured(tmp_path):
    p = tmp_path / "own.py"
    p.write_text(SCRIPT.replace("x = torch.zeros", "import kernbench\n"
                                "kernbench.configure('h200', mode='timing')\nx = torch.zeros"))
    r = run(str(p), "100", "128")
    assert r.returncode == 0, r.stderr
    assert "1 launch(es) on h200 (timing mode)" in r.stderr
