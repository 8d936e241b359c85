#include "sweep/pool.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <vector>

namespace kernbench::sweep {
namespace {

// Points whose kernel name says what the runner does with them.
std::vector<Point> points(const std::vector<std::string>& kinds) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    out.push_back(Point{kinds[i], {{"i", std::to_string(i)}}, "hw", "hw", {}, "timing", 0});
  return out;
}

Outcome fake_run(const Point& p) {
  if (p.kernel == "throws") throw std::runtime_error("a tile does not fit");
  if (p.kernel == "crashes") ::raise(SIGSEGV);
  if (p.kernel == "hangs")
    for (;;) ::pause();
  if (p.kernel == "grows") {
    // Untouched blocks: the address-space limit stops them, not the time.
    std::vector<std::unique_ptr<char[]>> hog;
    for (;;) {
      hog.emplace_back(new char[std::size_t{256} << 20]);
      hog.back()[0] = 'x';
      volatile char* keep = hog.back().get();
      (void)keep;
    }
  }
  Outcome o;
  o.ok = true;
  o.report_json = R"({"point": )" + p.params[0].second + "}";
  return o;
}

std::map<std::size_t, Outcome> run_all(const std::vector<Point>& ps, const PoolOptions& opts) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < ps.size(); ++i) todo.push_back(i);
  std::map<std::size_t, Outcome> got;
  run_local(ps, todo, fake_run, opts, [&](std::size_t i, const Outcome& o) {
    EXPECT_FALSE(got.count(i)) << "point " << i << " finished twice";
    got[i] = o;
  });
  return got;
}

TEST(LocalPool, RunsEveryPointOnceInChildProcesses) {
  PoolOptions opts;
  opts.jobs = 3;
  const auto got = run_all(points(std::vector<std::string>(20, "ok")), opts);
  ASSERT_EQ(got.size(), 20u);
  for (const auto& [i, o] : got) {
    EXPECT_TRUE(o.ok);
    EXPECT_EQ(o.report_json, R"({"point": )" + std::to_string(i) + "}");
    EXPECT_GE(o.worker, 0);
    EXPECT_LT(o.worker, 3);
    EXPECT_FALSE(o.host.empty());
  }
}

TEST(LocalPool, AnErrorACrashATimeoutAndAMemoryOverrunFailOnlyTheirPoint) {
  PoolOptions opts;
  opts.jobs = 2;
  opts.limits.time_seconds = 0.5;
  opts.limits.memory_bytes = std::uint64_t{512} << 20;
  const auto got = run_all(points({"ok", "throws", "crashes", "hangs", "grows", "ok"}), opts);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_TRUE(got.at(0).ok);
  EXPECT_TRUE(got.at(5).ok);
  EXPECT_EQ(got.at(1).error, "a tile does not fit");
  EXPECT_TRUE(got.at(2).error.starts_with("the point's process ended by signal 11"))
      << got.at(2).error;
  EXPECT_EQ(got.at(3).error, "exceeded the time limit of 0.5 s");
  EXPECT_EQ(got.at(4).error, "exceeded the memory limit of 512 MiB");
  for (std::size_t i = 1; i <= 4; ++i) EXPECT_FALSE(got.at(i).ok);
}

TEST(LocalPool, APointWhoseWorkerIsKilledFromOutsideRunsAgain) {
  // The first attempt kills itself as `kill -9` of the worker would; the
  // marker file makes the second attempt succeed.
  const std::string marker = ::testing::TempDir() + "/kernbench_pool_killed_once";
  std::remove(marker.c_str());
  const RunPoint run = [&](const Point&) {
    if (FILE* f = std::fopen(marker.c_str(), "r")) {
      std::fclose(f);
      Outcome o;
      o.ok = true;
      return o;
    }
    std::fclose(std::fopen(marker.c_str(), "w"));
    ::raise(SIGKILL);
    return Outcome{};
  };
  int calls = 0;
  run_local(points({"ok"}), {0}, run, PoolOptions{}, [&](std::size_t, const Outcome& o) {
    ++calls;
    EXPECT_TRUE(o.ok) << o.error;
  });
  EXPECT_EQ(calls, 1);
  std::remove(marker.c_str());
}

TEST(LocalPool, GivesUpOnAPointKilledOnEveryAttempt) {
  const RunPoint run = [](const Point&) -> Outcome {
    ::raise(SIGKILL);
    return {};
  };
  PoolOptions opts;
  opts.max_attempts = 2;
  Outcome got;
  run_local(points({"ok"}), {0}, run, opts, [&](std::size_t, const Outcome& o) { got = o; });
  EXPECT_FALSE(got.ok);
  EXPECT_EQ(got.error, "the point's process ended by signal 9 (Killed) on each of 2 attempts");
}

}  // namespace
}  // namespace kernbench::sweep
