#pragma once
/// @file program_thread.hpp
/// Running a Python kernel body as one simulated program.
///
/// Contract:
/// - Every program runs on its own Boost.Context fiber (tl/fiber.hpp) and has
///   its own CPython thread state, taken from a pool owned by the launch.
///   While the fiber runs, that thread state is current; when the fiber
///   suspends (a tl op waits for simulated time) the thread state that was
///   current before is restored, so each program's frames, data stack,
///   recursion depth and exception state stay with its stack
///   (docs/adr/0071-python-suspension-by-thread-state.md).
/// - pybind11 keeps two per-thread values that a switch must carry as well:
///   the top of its argument keep-alive stack and its notion of this thread's
///   state (used by gil_scoped_acquire); both are swapped with the thread state.
/// - `active_program()` is the program whose fiber is running on this thread
///   (nullptr outside a kernel): the `tl.*` functions act on it.
/// - An error in the body (a Python exception, or a C++ error raised by a tl
///   op) ends the program with tl::KernelError naming the kernel, the program
///   id, the Python file and line of the innermost kernel frame and the tl op.
/// - A program abandoned while suspended (its launch failed elsewhere) unwinds
///   its Python frames with an exception nobody can catch as `Exception`, then
///   lets the fiber finish its own unwinding.
/// The GIL is held throughout (fibers never run in parallel).

#include <Python.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "tl/program.hpp"

namespace kernbench::py {

/// Thread states for the programs of one launch, reused across programs.
class ThreadStatePool {
 public:
  ThreadStatePool() = default;
  ThreadStatePool(const ThreadStatePool&) = delete;
  ThreadStatePool& operator=(const ThreadStatePool&) = delete;
  ~ThreadStatePool();
  PyThreadState* take();
  void give(PyThreadState* ts) { free_.push_back(ts); }

 private:
  std::vector<PyThreadState*> free_;
};

/// The state of one running Python program (lives on its fiber's stack).
struct ProgramThread {
  tl::Program* prog = nullptr;
  PyThreadState* ts = nullptr;
  PyThreadState* outer = nullptr;      // current before the fiber ran
  PyThreadState* pyb_outer = nullptr;  // pybind11's thread state outside
  void* life_outer = nullptr;          // pybind11 keep-alive top outside
  void* life_inner = nullptr;          // and inside, while suspended
  ProgramThread* active_outer = nullptr;
  std::exception_ptr unwind;  // set when abandoned
};

/// The program running on this thread, or nullptr.
ProgramThread* active_program();

/// Calls `fn(*args)` as program `prog`; throws tl::KernelError on error.
/// `package_dirs`: directories whose frames are not the user's kernel (the
/// error names the innermost frame outside them).
void run_program(tl::Program& prog, ThreadStatePool& pool, PyObject* fn, PyObject* args,
                 const std::vector<std::string>& package_dirs);

/// The Python exception type for an abandoned program (a BaseException).
PyObject* abandoned_type();
void set_abandoned_type(PyObject* t);

}  // namespace kernbench::py
