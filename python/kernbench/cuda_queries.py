"""torch.cuda's device queries, answered by the simulated device.

A Triton script asks torch about its GPU (`torch.cuda.get_device_capability()`
to pick a Hopper code path, `get_device_properties(...).multi_processor_count`
to size a persistent grid). Under kernbench the device is the simulator and
the tensors stay on the CPU, so with a CPU build of torch those calls raise.
`install()` makes them answer from the current device's hardware instead
(docs/adr/0073); `kernbench triton` installs it for the script's run and
removes it afterwards.

Only queries are replaced: nothing moves tensors, and `torch.cuda.is_available()`
keeps torch's answer (tensors cannot go to a "cuda" device here)."""

import contextlib
import dataclasses

from .device import current

# The compute capability the simulated device reports: the feature level of
# the kernel language (tensor descriptors, fp8 dots), Hopper's.
CAPABILITY = (9, 0)


@dataclasses.dataclass(frozen=True)
class DeviceProperties:
    """What torch.cuda.get_device_properties() reports, from the hardware."""
    name: str
    major: int
    minor: int
    multi_processor_count: int
    max_threads_per_multi_processor: int
    warp_size: int
    regs_per_multiprocessor: int
    shared_memory_per_multiprocessor: int
    shared_memory_per_block_optin: int
    L2_cache_size: int
    clock_rate: int  # kHz, as CUDA reports it
    is_integrated: bool = False
    is_multi_gpu_board: bool = False


def properties(device=None):
    """The current simulated device's properties (`device` is ignored: there is one)."""
    info = current().info()
    regs = info["regfile_bytes"] // 4 if info["regfile_bytes"] else 65536
    return DeviceProperties(
        name=info["name"], major=CAPABILITY[0], minor=CAPABILITY[1],
        multi_processor_count=info["pe_count"],
        max_threads_per_multi_processor=info["threads"] or 2048,
        warp_size=info["warp_size"] or 32, regs_per_multiprocessor=regs,
        shared_memory_per_multiprocessor=info["tcm_bytes"],
        shared_memory_per_block_optin=info["tcm_bytes"], L2_cache_size=info["l2_bytes"],
        clock_rate=info["clock_hz"] // 1000)


def _answers():
    """torch.cuda function name -> its replacement."""
    return {
        "get_device_capability": lambda device=None: CAPABILITY,
        "get_device_properties": properties,
        "get_device_name": lambda device=None: current().info()["name"],
        "current_device": lambda: 0,
        "synchronize": lambda device=None: None,  # a launch has finished when it returns
    }


class Installed:
    """The replaced torch functions; `remove()` puts torch's own back."""

    def __init__(self, saved):
        self._saved = saved  # [(module, name, original or _MISSING)]

    def remove(self):
        for module, name, original in reversed(self._saved):
            if original is _MISSING:
                delattr(module, name)
            else:
                setattr(module, name, original)
        self._saved = []


_MISSING = object()


def install():
    """Makes torch.cuda's device queries answer from the simulated device;
    adds `torch.cpu.set_stream` where torch lacks it (scripts select a stream
    on their device, here the CPU). Returns the handle that removes them."""
    import torch
    saved = []
    for name, fn in _answers().items():
        saved.append((torch.cuda, name, getattr(torch.cuda, name, _MISSING)))
        setattr(torch.cuda, name, fn)
    if not hasattr(torch.cpu, "set_stream"):
        saved.append((torch.cpu, "set_stream", _MISSING))
        torch.cpu.set_stream = lambda stream: None
    return Installed(saved)


@contextlib.contextmanager
def installed():
    """`with kernbench.cuda_queries.installed(): ...`: the queries answer
    from the simulated device inside the block."""
    handle = install()
    try:
        yield handle
    finally:
        handle.remove()
