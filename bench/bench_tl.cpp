// Data-mode speed of the kernel runner: the wall time of `Runner::launch`
// alone (simulation, data effects and op log), with inputs already in device
// memory and no host reference. The three workloads of the speed targets:
//   vector_add  1M f32, BLOCK_SIZE 1024 (1024 programs)
//   softmax     1024 x 1024 f32, one row per program (1024 programs)
//   matmul      1024^3 f16, 128x128x64 tiles (64 programs)
// Next to each launch, the whole data-mode run of the same work through the
// kernel catalogue (what `kernbench run` does: inputs, launch, host
// reference, verification) and the ratio whole / launch of the medians.
// matmul has no whole-run column (its whole run is dominated by the f16
// reference GEMM, which is not part of the kernel layer's target).
// usage: bench_tl [repetitions=5]   (prints the best and the median)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "data/random.hpp"
#include "hw/config/loader.hpp"
#include "kernels/matmul.hpp"
#include "kernels/registry.hpp"
#include "kernels/softmax.hpp"
#include "kernels/vector_add.hpp"
#include "tl/runner.hpp"

using namespace kernbench;
using data::DType;
using data::Shape;

namespace {

struct Result {
  double seconds;
  std::uint64_t commands;
  sim::Tick simulated;
};

Result timed_launch(tl::Runner& r, const std::string& name, tl::Grid grid,
                    const tl::Runner::Kernel& k) {
  const auto t0 = std::chrono::steady_clock::now();
  const tl::LaunchResult res = r.launch(name, grid, k);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {s, res.commands, res.duration()};
}

Result vector_add(const hw::HwConfig& cfg) {
  tl::Runner r(cfg);
  const std::int64_t n = 1 << 20;
  tl::Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  tl::Ptr y = r.allocate(Shape{n}, DType::f32, "y");
  tl::Ptr out = r.allocate(Shape{n}, DType::f32, "output");
  r.upload(x, data::random_array(Shape{n}, DType::f32, 1, -1, 1));
  r.upload(y, data::random_array(Shape{n}, DType::f32, 2, -1, 1));
  return timed_launch(r, "vector_add", tl::Grid{n / 1024},
                      [&](tl::Program& tl) { kernels::add_kernel(tl, x, y, out, n, 1024); });
}

Result softmax(const hw::HwConfig& cfg) {
  tl::Runner r(cfg);
  const std::int64_t m = 1024, n = 1024;
  tl::Ptr in = r.allocate(Shape{m, n}, DType::f32, "x");
  tl::Ptr out = r.allocate(Shape{m, n}, DType::f32, "y");
  r.upload(in, data::random_array(Shape{m, n}, DType::f32, 3, -4, 4));
  return timed_launch(r, "softmax", tl::Grid{m}, [&](tl::Program& tl) {
    kernels::softmax_kernel(tl, out, in, n, n, m, n, 1024, 4);
  });
}

Result matmul(const hw::HwConfig& cfg) {
  tl::Runner r(cfg);
  const std::int64_t s = 1024;
  tl::Ptr a = r.allocate(Shape{s, s}, DType::f16, "a");
  tl::Ptr b = r.allocate(Shape{s, s}, DType::f16, "b");
  tl::Ptr c = r.allocate(Shape{s, s}, DType::f16, "c");
  r.upload(a, data::random_array(Shape{s, s}, DType::f16, 4, -1, 1));
  r.upload(b, data::random_array(Shape{s, s}, DType::f16, 5, -1, 1));
  const std::int64_t grid = (s / 128) * (s / 128);
  return timed_launch(r, "matmul", tl::Grid{grid}, [&](tl::Program& tl) {
    kernels::matmul_kernel(tl, a, b, c, s, s, s, s, 1, s, 1, s, 1, 128, 128, 64, 8, 3);
  });
}

/// Wall seconds of the whole data-mode run of `kernel` with `params`.
double whole_run(const hw::HwConfig& cfg, const std::string& kernel,
                 const std::vector<std::string>& params) {
  const kernels::KernelCatalog cat = kernels::builtin_catalog();
  const kernels::Kernel& k = kernels::find_kernel(cat, kernel);
  const kernels::ParamValues p = k.parse(params);
  const auto t0 = std::chrono::steady_clock::now();
  tl::Runner r(cfg);
  const kernels::KernelRun run = k.run(r, p, 0);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!run.verified)
    std::fprintf(stderr, "%s: not verified: %s\n", kernel.c_str(), run.verify_note.c_str());
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::stoi(argv[1])) : 5;
  const hw::HwConfig cfg = hw::load_preset("npu-default");
  struct Work {
    const char* name;
    const char* size;
    std::function<Result(const hw::HwConfig&)> fn;
    std::vector<std::string> whole;  ///< catalogue parameters of the same work; empty: none
  };
  const std::vector<Work> work = {
      {"vector_add", "1M f32, 1024 programs", vector_add, {"n=1048576", "BLOCK_SIZE=1024"}},
      {"softmax",
       "1024x1024 f32, 1024 programs",
       softmax,
       {"M=1024", "N=1024", "BLOCK_SIZE=1024", "num_programs=1024"}},
      {"matmul", "1024^3 f16, 64 programs", matmul, {}}};
  std::printf("data mode, npu-default, op log on (commands); wall time of launch() over %d runs\n",
              reps);
  std::printf("%-11s %-30s %10s %10s %10s %12s %14s %12s\n", "kernel", "size", "best ms",
              "median ms", "commands", "simulated us", "whole run ms", "whole/launch");
  for (const Work& w : work) {
    std::vector<double> times;
    std::vector<double> wholes;
    Result last{};
    for (int i = 0; i < reps; ++i) {  // alternate, so that both see the same machine
      last = w.fn(cfg);
      times.push_back(last.seconds);
      if (!w.whole.empty()) wholes.push_back(whole_run(cfg, w.name, w.whole));
    }
    const double launch = median(times);
    std::printf("%-11s %-30s %10.1f %10.1f %10llu %12.2f", w.name, w.size,
                *std::min_element(times.begin(), times.end()) * 1e3, launch * 1e3,
                static_cast<unsigned long long>(last.commands), last.simulated / 1e6);
    if (wholes.empty()) {
      std::printf(" %14s %12s\n", "-", "-");
    } else {
      const double whole = median(wholes);
      std::printf(" %14.1f %12.2f\n", whole * 1e3, whole / launch);
    }
  }
  return 0;
}
