"""Shared set-up: the project's `triton` and `kernbench` packages on the path
(python/), a data-mode npu-default device per test."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import kernbench  # noqa: E402


@pytest.fixture(autouse=True)
def device():
    return kernbench.configure("npu-default", mode="data")
