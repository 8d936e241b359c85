"""Host-side tensor descriptors (triton.tools.tensor_descriptor): a tensor with
its shape, strides and the block shape a kernel reads it by. Passed to a
kernel, it becomes a descriptor on the device copy of its base tensor; the
kernel reads and writes tiles with `desc.load([...])` / `desc.store([...], v)`."""

import dataclasses
from typing import Any, List


@dataclasses.dataclass
class TensorDescriptor:
    base: Any
    shape: List[int]
    strides: List[int]
    block_shape: List[int]
    padding: str = "zero"

    @staticmethod
    def from_tensor(tensor, block_shape, padding="zero"):
        return TensorDescriptor(tensor, list(tensor.shape), list(tensor.stride()),
                                list(block_shape), padding)
