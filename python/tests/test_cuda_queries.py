"""torch.cuda's device queries answer from the simulated device while
kernbench.cuda_queries is installed (docs/adr/0073), and only then."""

import pytest
import torch

import kernbench
from kernbench import cuda_queries


def test_the_queries_answer_from_the_preset_inside_and_raise_again_outside():
    kernbench.configure("h200")
    with cuda_queries.installed():
        assert torch.cuda.get_device_capability() == (9, 0)
        props = torch.cuda.get_device_properties(0)
        assert props.multi_processor_count == 132
        assert (props.major, props.minor) == (9, 0)
        assert props.shared_memory_per_block_optin == kernbench.current().info()["tcm_bytes"]
        assert props.L2_cache_size > 0
        assert torch.cuda.get_device_name() == "h200"
        assert torch.cuda.current_device() == 0
        assert torch.cuda.synchronize() is None
        assert torch.cuda.is_available() is False  # tensors cannot go to "cuda"
    with pytest.raises((AssertionError, RuntimeError)):
        torch.cuda.get_device_capability()  # the CPU build of torch, restored


def test_the_answers_follow_the_current_device():
    npu = kernbench.Simulator("npu-default", [], "timing")
    pes = npu.hw["pe_count"]
    npu.close()
    with cuda_queries.installed():
        kernbench.configure("h200")
        assert torch.cuda.get_device_properties().multi_processor_count == 132
        kernbench.configure("npu-default", overrides=["pe.tcm.size=512KiB"])
        props = torch.cuda.get_device_properties()
        assert props.multi_processor_count == pes != 132
        assert props.shared_memory_per_multiprocessor == 512 * 1024
        assert torch.cuda.get_device_name() == "npu-default"


def test_a_stream_can_be_selected_on_the_cpu_device_while_installed():
    had = hasattr(torch.cpu, "set_stream")
    with cuda_queries.installed():
        torch.cpu.set_stream(torch.cpu.Stream())
    assert hasattr(torch.cpu, "set_stream") == had


def test_importing_kernbench_and_triton_leaves_torch_alone():
    import triton  # noqa: F401
    with pytest.raises((AssertionError, RuntimeError)):
        torch.cuda.get_device_capability()
