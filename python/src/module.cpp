// kernbench._C: the kernel language and the simulator, bound for Python.

#include <pybind11/pybind11.h>

#include <boost/context/fiber.hpp>

#include "bindings.hpp"
#include "convert.hpp"
#include "hw/config/loader.hpp"
#include "hw/config/params.hpp"
#include "program_thread.hpp"
#include "tl/errors.hpp"

namespace pb = pybind11;
namespace kpy = kernbench::py;

namespace {

// Exception types of the module (created once at import).
struct Errors {
  PyObject* kernel = nullptr;
  PyObject* value_unavailable = nullptr;
  PyObject* time_limit = nullptr;
  PyObject* config = nullptr;
};

Errors& errors() {
  static Errors e;
  return e;
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const boost::context::detail::forced_unwind&) {
    // A suspended program is being unwound (its launch failed elsewhere):
    // unwind its Python frames too, then let the fiber finish (program_thread).
    if (kpy::ProgramThread* a = kpy::active_program()) a->unwind = std::current_exception();
    PyErr_SetString(kpy::abandoned_type(), "the launch was abandoned");
  } catch (const pb::builtin_exception& e) {
    e.set_error();
  } catch (const kernbench::tl::TimeLimitError& e) {
    PyErr_SetString(errors().time_limit, e.what());
  } catch (const kernbench::tl::ValueUnavailableError& e) {
    PyErr_SetString(errors().value_unavailable, e.what());
  } catch (const kernbench::hw::ConfigError& e) {
    PyErr_SetString(errors().config, e.what());
  } catch (const std::runtime_error& e) {
    PyErr_SetString(errors().kernel, e.what());
  }
}

}  // namespace

PYBIND11_MODULE(_C, m) {
  m.doc() = "kernbench: the kernel language and simulator (C++), bound for Python";
  Errors& e = errors();
  e.kernel = PyErr_NewExceptionWithDoc(
      "kernbench._C.KernelError",
      "An error in a kernel: names the kernel, the program, the Python line and the tl op.",
      PyExc_RuntimeError, nullptr);
  e.value_unavailable = PyErr_NewExceptionWithDoc(
      "kernbench._C.ValueUnavailableError",
      "A kernel read tile values in timing-only mode (it branches on data).", e.kernel, nullptr);
  e.time_limit = PyErr_NewExceptionWithDoc(
      "kernbench._C.TimeLimitError",
      "A launch did not finish within its budget of simulated time (Simulator's time_limit_ps).",
      e.kernel, nullptr);
  e.config = PyErr_NewExceptionWithDoc("kernbench._C.ConfigError",
                                       "A bad hardware description or override.", PyExc_ValueError,
                                       nullptr);
  PyObject* abandoned = PyErr_NewExceptionWithDoc(
      "kernbench._C.ProgramAbandoned",
      "Unwinds a suspended program whose launch failed elsewhere (not an Exception).",
      PyExc_BaseException, nullptr);
  kpy::set_abandoned_type(abandoned);
  m.attr("KernelError") = pb::handle(e.kernel);
  m.attr("ValueUnavailableError") = pb::handle(e.value_unavailable);
  m.attr("TimeLimitError") = pb::handle(e.time_limit);
  m.attr("ConfigError") = pb::handle(e.config);
  m.attr("ProgramAbandoned") = pb::handle(abandoned);
  pb::register_exception_translator(&translate);
  kpy::bind_tensor(m);
  kpy::bind_ops(m);
  kpy::bind_memory(m);
  kpy::bind_runner(m);
  m.def("_register_dtypes", &kpy::register_dtypes);
}
