"""triton.runtime.driver: the active driver is the simulated device.

Kernels run on the simulator and their tensors live on the CPU, so the
active torch device is the CPU. The target reports the "cuda" backend (the
tutorials pick their CUDA code paths with it) with the preset's name as
`arch`; the device properties are derived from the preset."""

import dataclasses

import kernbench


@dataclasses.dataclass(frozen=True)
class GPUTarget:
    backend: str
    arch: object
    warp_size: int


class _Utils:
    def get_device_properties(self, device=None):
        info = kernbench.current().info()
        regs = info["regfile_bytes"] // 4 if info["regfile_bytes"] else 65536
        return {
            "multiprocessor_count": info["pe_count"],
            "max_shared_mem": info["tcm_bytes"],
            "max_num_regs": regs,
            "warpSize": info["warp_size"] or 32,
            "max_threads_per_sm": info["threads"] or 2048,
            "sm_clock_rate": info["clock_hz"] // 1000,
            "mem_clock_rate": 0,
            "mem_bus_width": 0,
        }


class _ActiveDriver:
    def __init__(self):
        self.utils = _Utils()

    def get_active_torch_device(self):
        import torch
        return torch.device("cpu")

    def get_current_target(self):
        info = kernbench.current().info()
        return GPUTarget("cuda", info["name"], info["warp_size"] or 32)

    def get_current_device(self):
        return 0

    def get_current_stream(self, device=None):
        return 0

    def get_device_interface(self):
        import torch
        return torch.cpu

    def get_benchmarker(self):
        from ..testing import do_bench
        return do_bench

    def get_empty_cache_for_benchmark(self):
        import torch
        return torch.empty(0)


class _Driver:
    def __init__(self):
        self.active = _ActiveDriver()

    def set_active(self, driver):
        self.active = driver

    def reset_active(self):
        self.active = _ActiveDriver()


driver = _Driver()
active = driver.active
