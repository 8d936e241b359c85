"""Triton's own interpreter is the reference: the same kernels
(differential_kernels.py) run under kernbench and under TRITON_INTERPRET=1
(Triton from .venv-triton, in a separate process: both packages are called
`triton`), and their outputs agree."""

import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REFERENCE_PYTHON = os.path.join(ROOT, ".venv-triton", "bin", "python")
SCRIPT = os.path.join(HERE, "differential_kernels.py")


def run(python, env, out):
    subprocess.run([python, SCRIPT, out], env=env, check=True, cwd=HERE, timeout=600)
    return dict(np.load(out))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    if not os.path.exists(REFERENCE_PYTHON):
        pytest.fail(f"{REFERENCE_PYTHON} is missing: run scripts/install-deps.sh")
    d = tmp_path_factory.mktemp("differential")
    ours_env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    ref_env = {k: v for k, v in os.environ.items() if not k.startswith("KERNBENCH")}
    ref_env.update(TRITON_INTERPRET="1", PYTHONPATH="")
    return run(sys.executable, ours_env, str(d / "ours.npz")), \
        run(REFERENCE_PYTHON, ref_env, str(d / "ref.npz"))


@pytest.mark.parametrize("name", ["add", "softmax", "matmul", "stats", "count_until"])
def test_kernbench_agrees_with_tritons_interpreter(outputs, name):
    ours, ref = outputs
    assert ours[name].shape == ref[name].shape
    if ours[name].dtype.kind in "iu":
        np.testing.assert_array_equal(ours[name], ref[name])
    else:
        np.testing.assert_allclose(ours[name], ref[name], rtol=1e-5, atol=1e-6 if name != "matmul"
                                   else 2e-3)
