// `Simulator`: one simulated chip with its device memory, on which Python
// kernels are launched (a tl::Runner seen from Python).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "app/hw_select.hpp"
#include "bindings.hpp"
#include "hw/config/loader.hpp"
#include "kernels/registry.hpp"

#include <nlohmann/json.hpp>
#include "convert.hpp"
#include "program_thread.hpp"
#include "tl/errors.hpp"
#include "tl/runner.hpp"
#include "trace/export_chrome.hpp"

namespace kernbench::py {
namespace {

using pb::arg;

tl::Mode parse_mode(const std::string& m) {
  if (m == "data") return tl::Mode::data;
  if (m == "timing") return tl::Mode::timing;
  throw pb::value_error(fmt::format("mode '{}': expected \"data\" or \"timing\"", m));
}

/// The state a launch's programs refer to; outlives the runner's fibers.
struct LaunchState {
  ThreadStatePool pool;
  std::vector<std::string> package_dirs;
};

class Simulator {
 public:
  /// `time_limit_ps` > 0: a launch not finished within it (its duration
  /// would be that or more) raises TimeLimitError; 0: the runner's default.
  /// `sample`: timing-only launches of large grids simulate windows of them
  /// (tl::SampleOptions::standard()). `trace`: record every command in the
  /// op log, for write_trace (without it, write_trace writes no commands).
  Simulator(const std::string& hw, const std::vector<std::string>& overrides,
            const std::string& mode, sim::Tick time_limit_ps, bool sample, bool trace)
      : cfg_(app::select_hw(hw, overrides)) {
    tl::RunOptions o;
    o.mode = parse_mode(mode);
    o.trace = trace ? trace::TraceLevel::commands : trace::TraceLevel::off;
    if (time_limit_ps > 0) o.time_limit = time_limit_ps;
    if (sample) o.sample = tl::SampleOptions::standard();
    // A Python program's frames take more C stack than a C++ kernel's; the
    // stacks are mapped once and touched only as deep as they are used.
    o.fiber_stack_bytes = 1024 * 1024;
    runner_ = std::make_unique<tl::Runner>(cfg_, o);
  }

  tl::Runner& runner() {
    if (!runner_) {
      throw pb::value_error("this Simulator was closed (a launch on it failed); create a new one");
    }
    return *runner_;
  }

  tl::Ptr allocate(std::uint64_t bytes, pb::handle dtype, const std::string& name) {
    return tl::Ptr{runner().memory().allocate(std::max<std::uint64_t>(bytes, 1), name),
                   to_dtype(dtype, "dtype")};
  }

  void write(std::uint64_t addr, std::uintptr_t host, std::uint64_t bytes) {
    data::MemoryStore& mem = runner().memory();
    if (!mem.backed() || bytes == 0) return;
    mem.write(addr, {reinterpret_cast<const std::byte*>(host), bytes});
  }

  void read(std::uint64_t addr, std::uintptr_t host, std::uint64_t bytes) {
    data::MemoryStore& mem = runner().memory();
    if (!mem.backed() || bytes == 0) return;
    mem.read(addr, {reinterpret_cast<std::byte*>(host), bytes});
  }

  pb::dict launch(std::string name, std::vector<std::int64_t> grid, pb::object fn, pb::tuple args,
                  int num_warps, int num_stages, std::vector<std::string> package_dirs);

  void close() {
    runner_.reset();  // unwinds abandoned programs while their launch state lives
    launch_.reset();
  }

  const hw::HwConfig& config() const { return cfg_; }

 private:
  hw::HwConfig cfg_;
  std::unique_ptr<LaunchState> launch_;  // declared before runner_: destroyed after it
  std::unique_ptr<tl::Runner> runner_;
};

pb::dict Simulator::launch(std::string name, std::vector<std::int64_t> grid, pb::object fn,
                           pb::tuple args, int num_warps, int num_stages,
                           std::vector<std::string> package_dirs) {
  tl::Runner& r = runner();
  while (grid.size() < 3) grid.push_back(1);
  if (grid.size() > 3) {
    throw pb::value_error(
        fmt::format("kernel '{}': the grid has {} dimensions; at most 3", name, grid.size()));
  }
  launch_ = std::make_unique<LaunchState>();
  launch_->package_dirs = std::move(package_dirs);
  LaunchState* st = launch_.get();
  PyObject* f = fn.ptr();
  PyObject* a = args.ptr();
  tl::LaunchResult res;
  try {
    res = r.launch(
        std::move(name), tl::Grid{grid[0], grid[1], grid[2]},
        [st, f, a](tl::Program& prog) { run_program(prog, st->pool, f, a, st->package_dirs); },
        tl::LaunchOptions{num_warps, num_stages});
  } catch (...) {
    close();
    throw;
  }
  pb::dict d;
  d["start_ps"] = res.start;
  d["end_ps"] = res.end;
  d["duration_ps"] = res.duration();
  d["programs"] = res.programs;
  d["simulated_programs"] = res.simulated_programs;
  d["commands"] = res.commands;
  return d;
}

pb::dict hw_info(const hw::HwConfig& c) {
  pb::dict d;
  d["name"] = c.name;
  d["pe_count"] = c.pe.count;
  d["contexts"] = c.pe.contexts;
  d["threads"] = c.pe.threads;
  d["warp_size"] = c.pe.warp_size;
  d["tcm_bytes"] = c.pe.tcm.size.in_bytes();
  d["regfile_bytes"] = c.pe.regfile.size.in_bytes();
  d["clock_hz"] = c.clock.frequency.in_hz();
  d["in_order"] = c.pe.cpu.in_order;
  d["l2_bytes"] = c.cache.enabled ? c.cache.size.in_bytes() : 0;
  return d;
}

}  // namespace

void bind_runner(pb::module_& m) {
  pb::class_<Simulator>(m, "Simulator",
                        "One simulated chip (a preset or YAML file, with overrides) and its "
                        "device memory; kernels launched on it run on the event engine.")
      .def(pb::init<const std::string&, const std::vector<std::string>&, const std::string&,
                    sim::Tick, bool, bool>(),
           arg("hw") = "npu-default", arg("overrides") = std::vector<std::string>{},
           arg("mode") = "data", arg("time_limit_ps") = sim::Tick{0}, arg("sample") = false,
           arg("trace") = true)
      .def("allocate", &Simulator::allocate, arg("nbytes"), arg("dtype"), arg("name"))
      .def("write", &Simulator::write, arg("addr"), arg("host_ptr"), arg("nbytes"))
      .def("read", &Simulator::read, arg("addr"), arg("host_ptr"), arg("nbytes"))
      .def("launch", &Simulator::launch, arg("name"), arg("grid"), arg("fn"), arg("args"),
           arg("num_warps") = 4, arg("num_stages") = 3,
           arg("package_dirs") = std::vector<std::string>{})
      .def("close", &Simulator::close)
      .def_property_readonly("hw", [](const Simulator& s) { return hw_info(s.config()); })
      .def_property_readonly("data_mode", [](Simulator& s) { return s.runner().data_mode(); })
      .def("occupancy",
           [](Simulator& s) {
             const auto o = s.runner().occupancy();
             pb::dict d;
             d["programs"] = o.programs;
             d["limiter"] = std::string(o.limiter);
             d["register_bytes"] = o.register_bytes;
             d["tcm_bytes"] = o.tcm_bytes;
             return d;
           })
      .def(
          "write_trace",
          [](Simulator& s, const std::string& path) {
            std::ofstream os(path);
            if (!os) throw pb::value_error(fmt::format("cannot write the trace to '{}'", path));
            s.runner().log().finalize();
            trace::write_chrome_trace(s.runner().log(), os);
          },
          arg("path"))
      .def("now_ps", [](Simulator& s) { return s.runner().engine().now(); })
      .def("stats_json", [](Simulator& s) { return s.runner().stats().to_json().dump(); });
  m.def(
      "pointer",
      [](std::uint64_t addr, pb::handle dtype) {
        return tl::Ptr{addr, to_dtype(dtype, "dtype")};
      },
      arg("addr"), arg("dtype"));
  m.def("presets", [] { return hw::preset_names(); });
  m.def(
      "run_builtin",
      [](const std::string& name, const std::vector<std::string>& params, const std::string& hw,
         const std::vector<std::string>& overrides, const std::string& mode, std::uint64_t seed) {
        // A built-in C++ kernel (src/kernels), as `kernbench run` runs it: for
        // comparing a Python kernel with its C++ twin in one process.
        const kernels::KernelCatalog catalog = kernels::builtin_catalog();
        const kernels::Kernel& k = kernels::find_kernel(catalog, name);
        tl::RunOptions o;
        o.mode = parse_mode(mode);
        tl::Runner runner(app::select_hw(hw, overrides), o);
        const kernels::KernelRun run = k.run(runner, k.parse(params), seed);
        pb::dict d;
        d["simulated_ps"] = run.simulated_ps();
        d["commands"] = run.commands();
        d["programs"] = run.programs();
        d["verified"] = run.verified;
        return d;
      },
      arg("name"), arg("params") = std::vector<std::string>{}, arg("hw") = "npu-default",
      arg("overrides") = std::vector<std::string>{}, arg("mode") = "data", arg("seed") = 0);
}

}  // namespace kernbench::py
