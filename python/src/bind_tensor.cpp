// The tensor and pointer types of the Python kernel language: Triton's
// operators on tiles, Python numbers and device pointers.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"
#include "convert.hpp"

namespace kernbench::py {
namespace {

using data::BinOp;
using data::UnOp;
using tl::Ptr;
using tl::Tensor;

pb::object not_implemented() {
  return pb::reinterpret_borrow<pb::object>(Py_NotImplemented);
}

// `a OP b` (reflected: `b OP a`) with Triton's weak typing of Python numbers.
template <BinOp Op>
pb::object binop(const Tensor& a, pb::handle b, bool reflected) {
  tl::Program& prog = a.program();
  Tensor y = operand(prog, b, &a);
  if (!y.valid()) return not_implemented();
  const Tensor& l = reflected ? y : a;
  const Tensor& r = reflected ? a : y;
  // `/` is Triton's true division (a float result, BinOp::truediv).
  BinOp op = Op;
  if constexpr (Op == BinOp::floordiv) {
    // Triton's `//` truncates on integers and floors on floats.
    op = data::is_float(l.dtype()) || data::is_float(r.dtype()) ? BinOp::floordiv : BinOp::div;
  }
  return pb::cast(prog.binary(op, l, r));
}

template <BinOp Op>
void def_binop(pb::class_<Tensor>& c, const char* name, const char* rname) {
  c.def(name, [](const Tensor& a, pb::handle b) { return binop<Op>(a, b, false); });
  if (rname != nullptr) {
    c.def(rname, [](const Tensor& a, pb::handle b) { return binop<Op>(a, b, true); });
  }
}

void def_operators(pb::class_<Tensor>& c) {
  def_binop<BinOp::add>(c, "__add__", "__radd__");
  def_binop<BinOp::sub>(c, "__sub__", "__rsub__");
  def_binop<BinOp::mul>(c, "__mul__", "__rmul__");
  def_binop<BinOp::truediv>(c, "__truediv__", "__rtruediv__");
  def_binop<BinOp::floordiv>(c, "__floordiv__", "__rfloordiv__");
  def_binop<BinOp::mod>(c, "__mod__", "__rmod__");
  def_binop<BinOp::lt>(c, "__lt__", nullptr);
  def_binop<BinOp::le>(c, "__le__", nullptr);
  def_binop<BinOp::gt>(c, "__gt__", nullptr);
  def_binop<BinOp::ge>(c, "__ge__", nullptr);
  def_binop<BinOp::eq>(c, "__eq__", nullptr);
  def_binop<BinOp::ne>(c, "__ne__", nullptr);
  def_binop<BinOp::bit_and>(c, "__and__", "__rand__");
  def_binop<BinOp::bit_or>(c, "__or__", "__ror__");
  def_binop<BinOp::bit_xor>(c, "__xor__", "__rxor__");
  def_binop<BinOp::shl>(c, "__lshift__", "__rlshift__");
  def_binop<BinOp::shr>(c, "__rshift__", "__rrshift__");
  c.def("__neg__", [](const Tensor& a) { return a.program().unary(UnOp::neg, a); });
  c.def("__pos__", [](const Tensor& a) { return a; });
  c.def("__invert__", [](const Tensor& a) { return a.program().unary(UnOp::bit_not, a); });
  c.def("__abs__", [](const Tensor& a) { return a.program().unary(UnOp::abs, a); });
}

void def_values(pb::class_<Tensor>& c) {
  // Reading a value blocks the program until the tile is ready (data mode).
  c.def("__bool__", [](const Tensor& a) { return a.item() != 0.0; });
  c.def("__float__", [](const Tensor& a) { return a.item(); });
  c.def("__int__", [](const Tensor& a) { return a.item_int(); });
  c.def("__index__", [](const Tensor& a) { return a.item_int(); });
  c.def("item", [](const Tensor& a) -> pb::object {
    if (data::is_float(a.dtype())) return pb::float_(a.item());
    return pb::int_(a.item_int());
  });
  c.def("__hash__", [](const Tensor& a) { return reinterpret_cast<std::intptr_t>(&a.state()); });
  c.def_property_readonly("shape", [](const Tensor& a) {
    const auto d = a.shape().dims();
    return std::vector<std::int64_t>(d.begin(), d.end());
  });
  c.def_property_readonly("dtype", [](const Tensor& a) {
    return dtype_object(a.is_pointer() ? a.state().pointee : a.dtype(), a.is_pointer());
  });
  c.def("numel", [](const Tensor& a) { return a.numel(); });
  c.def_property_readonly("T", [](const Tensor& a) { return a.T(); });
  c.def("_to", [](const Tensor& a, pb::handle dt) { return a.to(to_dtype(dt, "dtype")); });
  c.def("_expand_dims", [](const Tensor& a, int axis) { return a.program().expand_dims(a, axis); });
  c.def("__repr__", [](const Tensor& a) {
    return fmt::format("tensor(shape={}, dtype={}{})", a.shape().to_string(),
                       data::name(a.is_pointer() ? a.state().pointee : a.dtype()),
                       a.is_pointer() ? ", pointer" : "");
  });
}

pb::object ptr_add(const Ptr& p, pb::handle o, std::int64_t sign) {
  if (PyLong_Check(o.ptr())) return pb::cast(p + sign * PyLong_AsLongLong(o.ptr()));
  if (pb::isinstance<Tensor>(o)) {
    const Tensor& t = o.cast<const Tensor&>();
    tl::Program& prog = t.program();
    if (sign > 0) return pb::cast(p + t);
    return pb::cast(p + prog.unary(UnOp::neg, t));
  }
  return not_implemented();
}

void def_ptr(pb::module_& m) {
  pb::class_<Ptr>(m, "Pointer", "A device pointer argument of a kernel (an address and a dtype).")
      .def_readonly("addr", &Ptr::addr)
      .def("__add__", [](const Ptr& p, pb::handle o) { return ptr_add(p, o, 1); })
      .def("__radd__", [](const Ptr& p, pb::handle o) { return ptr_add(p, o, 1); })
      .def("__sub__", [](const Ptr& p, pb::handle o) { return ptr_add(p, o, -1); })
      .def_property_readonly("dtype", [](const Ptr& p) { return dtype_object(p.dtype, true); })
      .def_property_readonly("type", [](const Ptr& p) { return dtype_object(p.dtype, true); })
      .def("__repr__", [](const Ptr& p) {
        return fmt::format("pointer<{}>(0x{:x})", data::name(p.dtype), p.addr);
      });
}

}  // namespace

void bind_tensor(pb::module_& m) {
  pb::class_<Tensor> c(m, "Tensor", "A tile of a kernel program (triton.language.tensor).");
  def_operators(c);
  def_values(c);
  def_ptr(m);
}

}  // namespace kernbench::py
