// Engine benchmark: three SimPy-style workloads, one table line each.
//
// All random draws use the LCG s = s*6364136223846793005 + 1442695040888963407
// (mod 2^64); a draw is s >> 33.
//   timeouts: 1000 processes, each seeded with i+1, 1000 waits of draw%10+1.
//   pingpong: producer puts 0..K-1 into a Store of capacity 1; consumer sums.
//   resource: 100,000 customers, inter-arrival draw%10+1, service draw%40+1,
//             on a FIFO Resource of capacity 4 (seed 42).

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/sim.hpp"

namespace {

using namespace kernbench::sim;

struct Lcg {
  std::uint64_t s;
  std::uint64_t draw() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  }
};

struct Result {
  const char* name;
  const char* unit;
  std::uint64_t units;
  double seconds;
  std::string check;
  bool ok;
};

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

template <class F>
double timed(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Process<> ticker(Engine& env, std::uint64_t seed, int n) {
  Lcg r{seed};
  for (int i = 0; i < n; ++i) co_await env.timeout(r.draw() % 10 + 1);
}

Result bench_timeouts() {
  Engine env;
  constexpr int kProcs = 1000;
  constexpr int kWaits = 1000;
  for (int i = 0; i < kProcs; ++i) ticker(env, static_cast<std::uint64_t>(i) + 1, kWaits);
  const double s = timed([&] { env.run(); });
  const bool ok = env.now() == 5833;
  return {"timeouts",
          "timeouts",
          std::uint64_t{kProcs} * kWaits,
          s,
          "end time " + std::to_string(env.now()) + " (expect 5833)",
          ok};
}

Process<> producer(Engine& env, Store<std::uint64_t>& st, std::uint64_t k) {
  for (std::uint64_t i = 0; i < k; ++i) co_await st.put(i);
  (void)env;
}

Process<> consumer(Engine& env, Store<std::uint64_t>& st, std::uint64_t k, std::uint64_t& sum) {
  for (std::uint64_t i = 0; i < k; ++i) sum += co_await st.get();
  (void)env;
}

Result bench_pingpong() {
  Engine env;
  constexpr std::uint64_t kItems = 1'000'000;
  Store<std::uint64_t> st(env, 1);
  std::uint64_t sum = 0;
  producer(env, st, kItems);
  consumer(env, st, kItems, sum);
  const double s = timed([&] { env.run(); });
  const std::uint64_t expect = kItems * (kItems - 1) / 2;
  return {"pingpong",
          "items",
          kItems,
          s,
          "checksum " + std::to_string(sum) + " (expect " + std::to_string(expect) + ")",
          sum == expect};
}

Process<> customer(Engine& env, Resource& res, Tick service, std::uint64_t& waited) {
  const Tick arrive = env.now();
  Request req = co_await res.request();
  waited += env.now() - arrive;
  co_await env.timeout(service);
}

Process<> source(Engine& env, Resource& res, int n, std::uint64_t& waited) {
  Lcg r{42};
  for (int i = 0; i < n; ++i) {
    const Tick gap = r.draw() % 10 + 1;
    const Tick service = r.draw() % 40 + 1;
    co_await env.timeout(gap);
    customer(env, res, service, waited);
  }
}

Result bench_resource() {
  Engine env;
  constexpr int kCustomers = 100'000;
  Resource res(env, 4);
  std::uint64_t waited = 0;
  source(env, res, kCustomers, waited);
  const double s = timed([&] { env.run(); });
  const bool ok = env.now() == 548900 && waited == 1974136;
  return {"resource",
          "customers",
          kCustomers,
          s,
          "end time " + std::to_string(env.now()) + ", waited " + std::to_string(waited) +
              " (expect 548900, 1974136)",
          ok};
}

}  // namespace

int main(int argc, char** argv) {
  std::string only = argc > 1 ? argv[1] : "";
  std::printf("%-9s %10s %-9s %10s %14s %9s  %s\n", "workload", "units", "unit", "run() s",
              "units/s", "peak RSS", "check");
  bool all_ok = true;
  auto report = [&](const Result& r) {
    std::printf("%-9s %10llu %-9s %10.4f %12.2f M %6.1f MB  %s%s\n", r.name,
                static_cast<unsigned long long>(r.units), r.unit, r.seconds,
                static_cast<double>(r.units) / r.seconds / 1e6, peak_rss_mb(), r.check.c_str(),
                r.ok ? "" : "  MISMATCH");
    all_ok = all_ok && r.ok;
  };
  if (only.empty() || only == "timeouts") report(bench_timeouts());
  if (only.empty() || only == "pingpong") report(bench_pingpong());
  if (only.empty() || only == "resource") report(bench_resource());
  return all_ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
