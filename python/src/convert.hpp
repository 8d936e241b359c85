#pragma once
/// @file convert.hpp
/// Python values <-> kernel-language values for the bindings.
///
/// Contract:
/// - A dtype argument may be a `triton.language.dtype` (its `kb` attribute,
///   the data::DType value), an int (that value) or a name ("float16",
///   "fp16", "f16", ...); anything else is a TypeError naming the argument.
/// - `operand()` turns a tensor, a Python bool/int/float (Triton's weak
///   scalar typing against `like`) or a device pointer into a tl::Tensor of
///   the active program; anything else yields an empty tensor.
/// - `active()` is the running program; outside a kernel a RuntimeError
///   names the tl function that was called.

#include <pybind11/pybind11.h>

#include <optional>
#include <vector>

#include "tl/program.hpp"

namespace kernbench::py {

namespace pb = pybind11;

tl::Program& active(const char* fn);

data::DType to_dtype(pb::handle h, const char* arg);
/// The Python dtype object for `t` (registered by triton.language).
pb::object dtype_object(data::DType t, bool pointer);
void register_dtypes(pb::list scalars, pb::list pointers);

/// An operand of a binary op (empty when `h` is of no supported type).
tl::Tensor operand(tl::Program& prog, pb::handle h, const tl::Tensor* like);
/// A tensor from a required argument; TypeError naming `arg` otherwise.
tl::Tensor tensor_arg(tl::Program& prog, pb::handle h, const tl::Tensor* like, const char* arg);
/// An optional tensor argument (None -> nullopt).
std::optional<tl::Tensor> optional_arg(tl::Program& prog, pb::handle h, const tl::Tensor* like,
                                       const char* arg);
/// A shape from an int or a sequence of ints.
data::Shape to_shape(pb::handle h, const char* arg);
std::vector<std::int64_t> to_ints(pb::handle h, const char* arg);

}  // namespace kernbench::py
