// Thread-state switching for Python programs on fibers, and their errors.

#include "program_thread.hpp"

#include <pybind11/pybind11.h>

#include <fmt/format.h>
#include <boost/context/fiber.hpp>

#include "tl/errors.hpp"
#include "tl/fiber.hpp"

namespace kernbench::py {
namespace {

namespace pyd = pybind11::detail;

// pybind11 keeps the top of its argument keep-alive stack in a private
// thread-local. A suspended program's bound call still owns its frame, so the
// top must be carried with the program. Explicit instantiation may name a
// private member: this reads the accessor's address without changing pybind11.
using LifeTopFn = pyd::loader_life_support*& (*)();
LifeTopFn life_top_fn();
template <LifeTopFn F>
struct LifeTopAccess {
  friend LifeTopFn life_top_fn() { return F; }
};
template struct LifeTopAccess<&pyd::loader_life_support::tls_current_frame>;

pyd::loader_life_support*& life_top() {
  return life_top_fn()();
}

thread_local ProgramThread* t_active = nullptr;
PyObject* g_abandoned = nullptr;  // set once when the module is imported

void enter(void* ctx) {
  auto* p = static_cast<ProgramThread*>(ctx);
  p->outer = PyThreadState_Swap(p->ts);
  auto& internals = pyd::get_internals();
  p->pyb_outer = internals.tstate.get();
  internals.tstate.set(p->ts);
  p->life_outer = life_top();
  life_top() = static_cast<pyd::loader_life_support*>(p->life_inner);
  p->active_outer = t_active;
  t_active = p;
}

void leave(void* ctx) {
  auto* p = static_cast<ProgramThread*>(ctx);
  t_active = p->active_outer;
  p->life_inner = life_top();
  life_top() = static_cast<pyd::loader_life_support*>(p->life_outer);
  pyd::get_internals().tstate.set(p->pyb_outer);
  PyThreadState_Swap(p->outer);
}

std::string attr_str(PyObject* o, const char* name) {
  PyObject* v = PyObject_GetAttrString(o, name);
  if (v == nullptr) {
    PyErr_Clear();
    return "?";
  }
  PyObject* s = PyObject_Str(v);
  Py_DECREF(v);
  if (s == nullptr) {
    PyErr_Clear();
    return "?";
  }
  const char* c = PyUnicode_AsUTF8(s);
  std::string out = c ? c : "?";
  Py_DECREF(s);
  return out;
}

bool in_package(const std::string& file, const std::vector<std::string>& dirs) {
  for (const std::string& d : dirs) {
    if (file.rfind(d, 0) == 0) return true;
  }
  return false;
}

// "file:line in func" of the innermost frame outside the package (the user's
// kernel or a helper it called).
std::string kernel_location(PyObject* tb, const std::vector<std::string>& dirs) {
  std::string best;
  for (PyObject* t = tb; t != nullptr && t != Py_None;) {
    PyObject* frame = PyObject_GetAttrString(t, "tb_frame");
    PyObject* code = frame ? PyObject_GetAttrString(frame, "f_code") : nullptr;
    if (code != nullptr) {
      const std::string file = attr_str(code, "co_filename");
      if (!in_package(file, dirs)) {
        best =
            fmt::format("{}:{} in {}", file, attr_str(t, "tb_lineno"), attr_str(code, "co_name"));
      }
    }
    Py_XDECREF(code);
    Py_XDECREF(frame);
    PyObject* next = PyObject_GetAttrString(t, "tb_next");
    if (t != tb) Py_DECREF(t);
    t = next;
    if (t == nullptr) PyErr_Clear();
  }
  return best;
}

std::string strip_prefix(std::string msg, const std::string& where) {
  if (msg.rfind(where, 0) == 0) {
    msg.erase(0, where.size());
    while (!msg.empty() && (msg[0] == ':' || msg[0] == ',' || msg[0] == ' ')) msg.erase(0, 1);
  }
  return msg;
}

// Builds the message of the pending Python error and clears it.
std::string take_error(tl::Program& prog, const std::vector<std::string>& dirs,
                       bool& value_unavailable) {
  PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  const std::string where = prog.where();
  const std::string loc = kernel_location(tb, dirs);
  std::string msg = value ? attr_str(value, "args") : "";
  PyObject* s = value ? PyObject_Str(value) : nullptr;
  if (s != nullptr) {
    const char* c = PyUnicode_AsUTF8(s);
    msg = c ? c : msg;
    Py_DECREF(s);
  }
  PyErr_Clear();
  const std::string tname = type ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "error";
  value_unavailable = tname.find("ValueUnavailableError") != std::string::npos;
  const bool from_tl = value_unavailable || tname.find("KernelError") != std::string::npos;
  std::string out = where;
  if (!loc.empty()) out += ", at " + loc;
  if (from_tl) {
    const std::string op = prog.current_op();
    msg = strip_prefix(msg, where);
    if (!op.empty()) {
      out += ", tl." + op;
      msg = strip_prefix(msg, "tl." + op);
    }
    out += ": " + msg;
  } else {
    out += fmt::format(": {}: {}", tname, msg);
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
  return out;
}

}  // namespace

ThreadStatePool::~ThreadStatePool() {
  for (PyThreadState* ts : free_) {
    PyThreadState_Clear(ts);
    PyThreadState_Delete(ts);
  }
}

PyThreadState* ThreadStatePool::take() {
  if (free_.empty()) {
    PyThreadState* ts = PyThreadState_New(PyThreadState_Get()->interp);
    // pybind11's gil_scoped_acquire, run inside the program, must see a
    // thread state it does not own.
    ts->gilstate_counter = 1;
    return ts;
  }
  PyThreadState* ts = free_.back();
  free_.pop_back();
  return ts;
}

ProgramThread* active_program() {
  return t_active;
}

PyObject* abandoned_type() {
  return g_abandoned;
}
void set_abandoned_type(PyObject* t) {
  g_abandoned = t;
}

void run_program(tl::Program& prog, ThreadStatePool& pool, PyObject* fn, PyObject* args,
                 const std::vector<std::string>& package_dirs) {
  ProgramThread p;
  p.prog = &prog;
  p.ts = pool.take();
  prog.fiber()->set_switch_hooks({&leave, &enter, &p});
  enter(&p);
  PyObject* r = PyObject_Call(fn, args, nullptr);
  std::string error;
  bool value_unavailable = false;
  if (r == nullptr) {
    if (p.unwind) {
      PyErr_Clear();
    } else {
      error = take_error(prog, package_dirs, value_unavailable);
    }
  }
  Py_XDECREF(r);
  leave(&p);
  prog.fiber()->set_switch_hooks({});
  pool.give(p.ts);
  if (p.unwind) std::rethrow_exception(p.unwind);
  if (value_unavailable) throw tl::ValueUnavailableError(error);
  if (!error.empty()) throw tl::KernelError(error);
}

}  // namespace kernbench::py
