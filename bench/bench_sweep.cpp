// Benchmark of the sweep machinery (src/sweep): throughput against worker
// processes, and the cost per point of the machinery itself.
//
//   bench_sweep [points] [n]     default: 200 points of vector_add, n elements each (65536)
//
// Table 1: the same sweep of `points` small points (vector_add in timing
// mode on npu-default, n + 1024 i elements, 4 block sizes, 1..16 PEs) run with 1 and
// 2 worker processes, each into a fresh results file: wall time, points/s
// and the speed-up over 1 worker; the CPU time of the worker processes and
// of the sweep process in that run (on a shared machine the speed-up is
// bounded by the CPU the others leave; the CPU columns show the work).
// Each figure is the best of 3 runs (the machine may be shared).
// Table 2: where the time of one point goes with 1 worker: the same points
// run directly in this process (no fork, no database), and a sweep of
// points that do nothing but return a real-sized report (hand-off to the
// worker process, result back through a pipe, JSON, one committed database
// row each): the per-point overhead.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include <sys/resource.h>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/kernel_catalog.hpp"
#include "app/sweep_point.hpp"
#include "sweep/driver.hpp"
#include "sweep/expand.hpp"

namespace {

using namespace kernbench;
using Clock = std::chrono::steady_clock;

constexpr int kRepeats = 3;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// `count` distinct points of similar cost: vector_add of n + 1024 i
// elements, cycling through 4 block sizes and 1..16 PEs.
std::vector<sweep::Point> make_points(int count, long n) {
  std::vector<sweep::Point> out;
  const std::vector<std::string> blocks{"256", "512", "1024", "2048"};
  for (int i = 0; i < count; ++i) {
    sweep::Point p;
    p.kernel = "vector_add";
    p.params = {{"BLOCK_SIZE", blocks[static_cast<std::size_t>(i) % blocks.size()]},
                {"n", std::to_string(n + 1024L * i)}};
    p.hw = p.hw_path = "npu-default";
    p.sets = {{"pe.count", std::to_string(1 + i % 16)}};
    p.mode = "timing";
    out.push_back(p);
  }
  return out;
}

double cpu_seconds(int who) {
  rusage u{};
  ::getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

struct Timing {
  double wall = 1e9;      // best of the repeats
  double worker_cpu = 0;  // CPU seconds of the worker processes, that run
  double sweep_cpu = 0;   // CPU seconds of the sweep process itself, that run
};

double sweep_once(const std::vector<sweep::Point>& points, const sweep::RunPoint& run, int jobs,
                  const std::string& db, Timing* timing = nullptr) {
  const double children0 = cpu_seconds(RUSAGE_CHILDREN), self0 = cpu_seconds(RUSAGE_SELF);
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  std::filesystem::remove(db + "-shm");
  sweep::SweepSpec spec;
  sweep::SweepOptions o;
  o.out = db;
  o.jobs = jobs;
  const auto start = Clock::now();
  const sweep::SweepSummary s = sweep::run_sweep(spec, points, run, o);
  const double wall = seconds_since(start);
  if (timing && wall < timing->wall) {
    timing->wall = wall;
    timing->worker_cpu = cpu_seconds(RUSAGE_CHILDREN) - children0;
    timing->sweep_cpu = cpu_seconds(RUSAGE_SELF) - self0;
  }
  if (s.done != static_cast<std::int64_t>(points.size()))
    fmt::print(stderr, "warning: {} of {} points failed\n", s.failed, points.size());
  return wall;
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 200;
  const long n = argc > 2 ? std::atol(argv[2]) : 65536;
  const app::KernelCatalog kernels = app::builtin_kernels();
  const auto points = make_points(count, n);
  const sweep::RunPoint real = [&](const sweep::Point& p) {
    return app::run_sweep_point(kernels, p);
  };
  const std::string dir = std::filesystem::temp_directory_path() / "kernbench_bench_sweep";
  std::filesystem::create_directories(dir);

  // The null points first: the parent's size (what fork copies) is then
  // that of a sweep process, which never runs a point itself.
  const std::string report = app::run_sweep_point(kernels, points.front()).report_json;
  const sweep::RunPoint null_point = [&](const sweep::Point&) {
    sweep::Outcome o;
    o.ok = true;
    o.report_json = report;
    return o;
  };
  double machinery = 1e9;
  for (int rep = 0; rep < kRepeats; ++rep)
    machinery = std::min(machinery, sweep_once(points, null_point, 1, dir + "/null.db"));

  fmt::print(
      "sweep of {} points: vector_add n={}+1024i in timing mode on npu-default "
      "(best of {})\n\n",
      count, n, kRepeats);
  fmt::print("{:>8} {:>10} {:>10} {:>9} {:>14} {:>13}\n", "workers", "wall s", "points/s",
             "speed-up", "worker CPU s", "sweep CPU s");
  double one = 0;
  for (const int jobs : {1, 2}) {
    Timing t;
    for (int rep = 0; rep < kRepeats; ++rep) sweep_once(points, real, jobs, dir + "/bench.db", &t);
    if (jobs == 1) one = t.wall;
    fmt::print("{:>8} {:>10.3f} {:>10.1f} {:>8.2f}x {:>14.3f} {:>13.3f}\n", jobs, t.wall,
               count / t.wall, one / t.wall, t.worker_cpu, t.sweep_cpu);
  }

  double direct = 1e9;
  for (int rep = 0; rep < kRepeats; ++rep) {
    const auto start = Clock::now();
    for (const auto& p : points) (void)real(p);
    direct = std::min(direct, seconds_since(start));
  }
  fmt::print("\nper point, 1 worker\n");
  fmt::print("  run in this process (no worker, no database)                {:8.3f} ms\n",
             1e3 * direct / count);
  fmt::print("  sweep machinery alone (hand-off, {} B report back, commit)  {:8.3f} ms\n",
             report.size(), 1e3 * machinery / count);
  std::filesystem::remove_all(dir);
  return 0;
}
