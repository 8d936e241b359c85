// Data-mode speed of the kernel runner: the wall time of `Runner::launch`
// alone (simulation, data effects and op log), with inputs already in device
// memory and no host reference. The three workloads of the speed targets:
//   vector_add  1M f32, BLOCK_SIZE 1024 (1024 programs)
//   softmax     1024 x 1024 f32, one row per program (1024 programs)
//   matmul      1024^3 f16, 128x128x64 tiles (64 programs)
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

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::stoi(argv[1])) : 5;
  const hw::HwConfig cfg = hw::load_preset("npu-default");
  struct Work {
    const char* name;
    const char* size;
    std::function<Result(const hw::HwConfig&)> fn;
  };
  const std::vector<Work> work = {{"vector_add", "1M f32, 1024 programs", vector_add},
                                  {"softmax", "1024x1024 f32, 1024 programs", softmax},
                                  {"matmul", "1024^3 f16, 64 programs", matmul}};
  std::printf("data mode, npu-default, op log on (commands); wall time of launch() over %d runs\n",
              reps);
  std::printf("%-11s %-30s %10s %10s %10s %12s\n", "kernel", "size", "best ms", "median ms",
              "commands", "simulated us");
  for (const Work& w : work) {
    std::vector<double> times;
    Result last{};
    for (int i = 0; i < reps; ++i) {
      last = w.fn(cfg);
      times.push_back(last.seconds);
    }
    std::sort(times.begin(), times.end());
    std::printf("%-11s %-30s %10.1f %10.1f %10llu %12.2f\n", w.name, w.size, times.front() * 1e3,
                times[times.size() / 2] * 1e3, static_cast<unsigned long long>(last.commands),
                last.simulated / 1e6);
  }
  return 0;
}
