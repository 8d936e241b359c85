#pragma once
/// @file bindings.hpp
/// The parts of the `kernbench._C` extension module, each adding its names.

#include <pybind11/pybind11.h>

namespace kernbench::py {

void bind_tensor(pybind11::module_& m);  ///< Tensor, Pointer and their operators
void bind_ops(pybind11::module_& m);     ///< creation, math, reductions, dot, program ids
void bind_memory(pybind11::module_& m);  ///< load, store, block pointers, descriptors, atomics
void bind_runner(pybind11::module_& m);  ///< Simulator: hardware, device memory, launches

}  // namespace kernbench::py
