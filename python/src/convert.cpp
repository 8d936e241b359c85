#include "convert.hpp"

#include <fmt/format.h>

#include <string>

#include "program_thread.hpp"

namespace kernbench::py {
namespace {

// Filled once when triton.language is imported, read-only afterwards.
struct DTypeObjects {
  std::vector<PyObject*> scalars, pointers;
};
DTypeObjects& dtypes() {
  static DTypeObjects d;
  return d;
}

std::string type_name(pb::handle h) {
  return Py_TYPE(h.ptr())->tp_name;
}

}  // namespace

tl::Program& active(const char* fn) {
  ProgramThread* p = active_program();
  if (p == nullptr) {
    throw pb::value_error(fmt::format(
        "tl.{}() was called outside a kernel: call it from a @triton.jit function launched as "
        "kernel[grid](...)",
        fn));
  }
  return *p->prog;
}

void register_dtypes(pb::list scalars, pb::list pointers) {
  DTypeObjects& d = dtypes();
  if (!d.scalars.empty()) return;
  for (pb::handle h : scalars)
    d.scalars.push_back(pb::reinterpret_borrow<pb::object>(h).release().ptr());
  for (pb::handle h : pointers)
    d.pointers.push_back(pb::reinterpret_borrow<pb::object>(h).release().ptr());
}

pb::object dtype_object(data::DType t, bool pointer) {
  const auto& v = pointer ? dtypes().pointers : dtypes().scalars;
  const auto i = static_cast<std::size_t>(t);
  if (i >= v.size()) return pb::str(std::string(data::name(t)));
  return pb::reinterpret_borrow<pb::object>(v[i]);
}

data::DType to_dtype(pb::handle h, const char* arg) {
  if (PyLong_Check(h.ptr())) return static_cast<data::DType>(PyLong_AsLong(h.ptr()));
  if (PyUnicode_Check(h.ptr())) {
    try {
      return data::parse_dtype(h.cast<std::string>());
    } catch (const std::exception& e) {
      throw pb::type_error(fmt::format("argument '{}': {}", arg, e.what()));
    }
  }
  if (PyObject_HasAttrString(h.ptr(), "kb")) {
    return static_cast<data::DType>(h.attr("kb").cast<int>());
  }
  throw pb::type_error(
      fmt::format("argument '{}': expected a dtype (tl.float32, tl.int32, ...), "
                  "got {}",
                  arg, type_name(h)));
}

tl::Tensor operand(tl::Program& prog, pb::handle h, const tl::Tensor* like) {
  PyObject* o = h.ptr();
  if (pb::isinstance<tl::Tensor>(h)) return h.cast<tl::Tensor>();
  if (PyBool_Check(o)) {
    return prog.make_host(tl::HostValue::splat_bool(data::Shape{}, o == Py_True));
  }
  if (PyLong_Check(o)) {
    const auto v = PyLong_AsLongLong(o);
    if (like != nullptr) return prog.weak_scalar(static_cast<double>(v), true, *like);
    const bool small = v >= -2147483648LL && v <= 2147483647LL;
    return prog.make_host(
        tl::HostValue::splat_int(data::Shape{}, v, small ? data::DType::i32 : data::DType::i64));
  }
  if (PyFloat_Check(o)) {
    const double v = PyFloat_AS_DOUBLE(o);
    if (like != nullptr) return prog.weak_scalar(v, false, *like);
    return prog.make_host(tl::HostValue::splat_float(data::Shape{}, v, data::DType::f32));
  }
  if (pb::isinstance<tl::Ptr>(h)) {
    const auto p = h.cast<tl::Ptr>();
    return prog.make_host(tl::HostValue::splat_int(data::Shape{}, static_cast<std::int64_t>(p.addr),
                                                   data::DType::i64),
                          true, p.dtype);
  }
  return {};
}

tl::Tensor tensor_arg(tl::Program& prog, pb::handle h, const tl::Tensor* like, const char* arg) {
  tl::Tensor t = operand(prog, h, like);
  if (!t.valid()) {
    throw pb::type_error(
        fmt::format("argument '{}': expected a tensor, a pointer or a Python number, got {}", arg,
                    type_name(h)));
  }
  return t;
}

std::optional<tl::Tensor> optional_arg(tl::Program& prog, pb::handle h, const tl::Tensor* like,
                                       const char* arg) {
  if (h.is_none()) return std::nullopt;
  return tensor_arg(prog, h, like, arg);
}

std::vector<std::int64_t> to_ints(pb::handle h, const char* arg) {
  std::vector<std::int64_t> out;
  if (PyLong_Check(h.ptr())) {
    out.push_back(h.cast<std::int64_t>());
    return out;
  }
  if (!PySequence_Check(h.ptr())) {
    throw pb::type_error(fmt::format("argument '{}': expected an int or a sequence of ints, got {}",
                                     arg, type_name(h)));
  }
  for (pb::handle e : pb::reinterpret_borrow<pb::sequence>(h)) {
    if (!PyLong_Check(e.ptr()) && !PyObject_HasAttrString(e.ptr(), "__index__")) {
      throw pb::type_error(fmt::format("argument '{}': expected ints, got an element of type {}",
                                       arg, type_name(e)));
    }
    out.push_back(PyNumber_AsSsize_t(e.ptr(), nullptr));
  }
  return out;
}

data::Shape to_shape(pb::handle h, const char* arg) {
  const auto v = to_ints(h, arg);
  return data::Shape(std::span<const std::int64_t>(v));
}

}  // namespace kernbench::py
