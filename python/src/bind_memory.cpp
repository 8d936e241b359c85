// Kernel-language memory access: load and store through pointer tiles,
// scalar pointers, block pointers and tensor descriptors; atomics.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"
#include "convert.hpp"

namespace kernbench::py {
namespace {

using pb::arg;
using tl::BlockPtr;
using tl::Ptr;
using tl::Tensor;
using tl::TensorDescriptor;

std::vector<int> int_list(pb::handle h) {
  std::vector<int> out;
  if (h.is_none()) return out;
  for (std::int64_t v : to_ints(h, "boundary_check")) out.push_back(static_cast<int>(v));
  return out;
}

tl::Padding padding(pb::handle h) {
  if (h.is_none()) return tl::Padding::zero;
  const auto s = pb::str(h).cast<std::string>();
  if (s.empty() || s == "zero") return tl::Padding::zero;
  if (s == "nan") return tl::Padding::nan;
  throw pb::value_error(
      fmt::format("argument 'padding_option': expected \"zero\" or \"nan\", got \"{}\"", s));
}

// A value to store through pointers to `pointee`: a tensor, or a number.
Tensor store_value(tl::Program& p, pb::handle v, data::DType pointee) {
  if (PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr()) || PyBool_Check(v.ptr())) {
    return p.scalar(PyFloat_AsDouble(v.ptr()), pointee);
  }
  return tensor_arg(p, v, nullptr, "value");
}

Tensor load(pb::handle pointer, pb::handle mask, pb::handle other, pb::handle boundary_check,
            pb::handle padding_option) {
  tl::Program& p = active("load");
  if (pb::isinstance<Ptr>(pointer) && mask.is_none()) return p.load(pointer.cast<Ptr>());
  if (pb::isinstance<BlockPtr>(pointer)) {
    return p.load(pointer.cast<const BlockPtr&>(), int_list(boundary_check),
                  padding(padding_option));
  }
  const Tensor ptrs = tensor_arg(p, pointer, nullptr, "pointer");
  if (!ptrs.is_pointer()) {
    throw pb::type_error(fmt::format(
        "argument 'pointer': expected a pointer or a tile of pointers, got a {} tile of {}",
        ptrs.shape().to_string(), data::name(ptrs.dtype())));
  }
  std::optional<Tensor> other_t;
  if (!other.is_none()) other_t = store_value(p, other, ptrs.state().pointee);
  return p.load(ptrs, optional_arg(p, mask, nullptr, "mask"), other_t);
}

void store(pb::handle pointer, pb::handle value, pb::handle mask, pb::handle boundary_check) {
  tl::Program& p = active("store");
  if (pb::isinstance<Ptr>(pointer) && mask.is_none()) {
    const Ptr ptr = pointer.cast<Ptr>();
    p.store(ptr, store_value(p, value, ptr.dtype));
    return;
  }
  if (pb::isinstance<BlockPtr>(pointer)) {
    const auto& bp = pointer.cast<const BlockPtr&>();
    p.store(bp, store_value(p, value, bp.dtype), int_list(boundary_check));
    return;
  }
  const Tensor ptrs = tensor_arg(p, pointer, nullptr, "pointer");
  if (!ptrs.is_pointer()) {
    throw pb::type_error(fmt::format(
        "argument 'pointer': expected a pointer or a tile of pointers, got a {} tile of {}",
        ptrs.shape().to_string(), data::name(ptrs.dtype())));
  }
  p.store(ptrs, store_value(p, value, ptrs.state().pointee),
          optional_arg(p, mask, nullptr, "mask"));
}

void def_load_store(pb::module_& m) {
  m.def(
      "load",
      [](pb::handle pointer, pb::handle mask, pb::handle other, pb::handle boundary_check,
         pb::handle padding_option, pb::handle, pb::handle,
         pb::handle) { return load(pointer, mask, other, boundary_check, padding_option); },
      arg("pointer"), arg("mask") = pb::none(), arg("other") = pb::none(),
      arg("boundary_check") = pb::none(), arg("padding_option") = pb::none(),
      arg("cache_modifier") = pb::none(), arg("eviction_policy") = pb::none(),
      arg("volatile") = false);
  m.def(
      "store",
      [](pb::handle pointer, pb::handle value, pb::handle mask, pb::handle boundary_check,
         pb::handle, pb::handle) { store(pointer, value, mask, boundary_check); },
      arg("pointer"), arg("value"), arg("mask") = pb::none(), arg("boundary_check") = pb::none(),
      arg("cache_modifier") = pb::none(), arg("eviction_policy") = pb::none());
}

void def_block_ptr(pb::module_& m) {
  pb::class_<BlockPtr>(m, "BlockPointer", "tl.make_block_ptr: a tile window into a tensor.")
      .def_property_readonly("dtype",
                             [](const BlockPtr& b) { return dtype_object(b.dtype, true); });
  m.def(
      "make_block_ptr",
      [](const Ptr& base, pb::handle shape, pb::handle strides, pb::handle offsets,
         pb::handle block_shape, pb::handle order) {
        std::vector<int> ord;
        if (!order.is_none()) {
          for (auto v : to_ints(order, "order")) ord.push_back(static_cast<int>(v));
        }
        return active("make_block_ptr")
            .make_block_ptr(base, to_ints(shape, "shape"), to_ints(strides, "strides"),
                            to_ints(offsets, "offsets"), to_ints(block_shape, "block_shape"), ord);
      },
      arg("base"), arg("shape"), arg("strides"), arg("offsets"), arg("block_shape"),
      arg("order") = pb::none());
  m.def(
      "advance",
      [](const BlockPtr& b, pb::handle offsets) {
        return active("advance").advance(b, to_ints(offsets, "offsets"));
      },
      arg("base"), arg("offsets"));
  pb::class_<TensorDescriptor>(m, "TensorDescriptor",
                               "tl.make_tensor_descriptor: a global tensor read by tile offsets.")
      .def_property_readonly("block_shape", [](const TensorDescriptor& d) { return d.block_shape; })
      .def_property_readonly("dtype",
                             [](const TensorDescriptor& d) { return dtype_object(d.dtype, false); })
      .def(
          "load",
          [](const TensorDescriptor& d, pb::handle offsets) {
            return active("load").load(d, to_ints(offsets, "offsets"));
          },
          arg("offsets"))
      .def(
          "store",
          [](const TensorDescriptor& d, pb::handle offsets, const Tensor& v) {
            active("store").store(d, to_ints(offsets, "offsets"), v);
          },
          arg("offsets"), arg("value"));
  m.def(
      "make_tensor_descriptor",
      [](const Ptr& base, pb::handle shape, pb::handle strides, pb::handle block_shape) {
        return active("make_tensor_descriptor")
            .make_tensor_descriptor(base, to_ints(shape, "shape"), to_ints(strides, "strides"),
                                    to_ints(block_shape, "block_shape"));
      },
      arg("base"), arg("shape"), arg("strides"), arg("block_shape"));
}

// A descriptor made on the host (triton.tools.tensor_descriptor), passed to
// the kernel as an argument.
void def_host_descriptor(pb::module_& m) {
  m.def(
      "host_tensor_descriptor",
      [](const Ptr& base, pb::handle shape, pb::handle strides, pb::handle block_shape) {
        auto sh = to_ints(shape, "shape");
        auto st = to_ints(strides, "strides");
        auto bs = to_ints(block_shape, "block_shape");
        if (sh.size() != st.size() || sh.size() != bs.size() || sh.empty()) {
          throw pb::value_error(fmt::format(
              "TensorDescriptor: shape ({}), strides ({}) and block_shape ({}) must have the "
              "same rank",
              sh.size(), st.size(), bs.size()));
        }
        return TensorDescriptor{base.addr, base.dtype, std::move(sh), std::move(st), std::move(bs)};
      },
      arg("base"), arg("shape"), arg("strides"), arg("block_shape"));
}

bool is_number(pb::handle h) {
  return PyLong_Check(h.ptr()) || PyFloat_Check(h.ptr());
}

// Pointer tile (or scalar pointer as a one-element tile) and value for an atomic.
std::pair<Tensor, Tensor> atomic_args(tl::Program& p, pb::handle pointer, pb::handle val) {
  const Tensor ptrs = tensor_arg(p, pointer, nullptr, "pointer");
  return {ptrs, store_value(p, val, ptrs.state().pointee)};
}

using TensorAtomic = Tensor (tl::Program::*)(const Tensor&, const Tensor&,
                                             const std::optional<Tensor>&);

template <TensorAtomic F>
auto atomic_fn(const char* name) {
  return [name](pb::handle pointer, pb::handle val, pb::handle mask, pb::handle, pb::handle) {
    tl::Program& p = active(name);
    auto [ptrs, v] = atomic_args(p, pointer, val);
    return (p.*F)(ptrs, v, optional_arg(p, mask, nullptr, "mask"));
  };
}

void def_atomics(pb::module_& m) {
  const auto sig = [&](const char* name, auto fn) {
    m.def(name, fn, arg("pointer"), arg("val"), arg("mask") = pb::none(), arg("sem") = pb::none(),
          arg("scope") = pb::none());
  };
  sig("atomic_add",
      [](pb::handle pointer, pb::handle val, pb::handle mask, pb::handle sem, pb::handle scope) {
        if (pb::isinstance<Ptr>(pointer) && is_number(val) && mask.is_none()) {
          return active("atomic_add").atomic_add(pointer.cast<Ptr>(), PyFloat_AsDouble(val.ptr()));
        }
        return atomic_fn<&tl::Program::atomic_add>("atomic_add")(pointer, val, mask, sem, scope);
      });
  sig("atomic_max", atomic_fn<&tl::Program::atomic_max>("atomic_max"));
  sig("atomic_min", atomic_fn<&tl::Program::atomic_min>("atomic_min"));
  sig("atomic_xchg", [](pb::handle pointer, pb::handle val, pb::handle mask, pb::handle sem,
                        pb::handle scope) {
    if (pb::isinstance<Ptr>(pointer) && is_number(val) && mask.is_none()) {
      return active("atomic_xchg").atomic_xchg(pointer.cast<Ptr>(), PyFloat_AsDouble(val.ptr()));
    }
    return atomic_fn<&tl::Program::atomic_xchg>("atomic_xchg")(pointer, val, mask, sem, scope);
  });
  m.def(
      "atomic_cas",
      [](pb::handle pointer, pb::handle cmp, pb::handle val, pb::handle, pb::handle) {
        tl::Program& p = active("atomic_cas");
        if (pb::isinstance<Ptr>(pointer) && is_number(cmp) && is_number(val)) {
          return p.atomic_cas(pointer.cast<Ptr>(), PyFloat_AsDouble(cmp.ptr()),
                              PyFloat_AsDouble(val.ptr()));
        }
        auto [ptrs, v] = atomic_args(p, pointer, val);
        return p.atomic_cas(ptrs, store_value(p, cmp, ptrs.state().pointee), v);
      },
      arg("pointer"), arg("cmp"), arg("val"), arg("sem") = pb::none(), arg("scope") = pb::none());
}

}  // namespace

void bind_memory(pb::module_& m) {
  def_load_store(m);
  def_block_ptr(m);
  def_host_descriptor(m);
  def_atomics(m);
}

}  // namespace kernbench::py
