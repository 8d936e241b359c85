#include "sweep/serial_worker.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace kernbench::sweep {
namespace {

std::vector<Point> points(const std::vector<std::string>& kinds) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    out.push_back(Point{kinds[i], {{"i", std::to_string(i)}}, "hw", "hw", {}, "timing", 0});
  return out;
}

// The report is the worker's process id, so a test can tell whether the
// worker was kept or replaced.
Outcome fake_run(const Point& p) {
  if (p.kernel == "throws") throw std::runtime_error("no");
  if (p.kernel == "crashes") ::raise(SIGABRT);
  if (p.kernel == "hangs")
    for (;;) ::pause();
  Outcome o;
  o.ok = true;
  o.report_json = std::to_string(::getpid());
  return o;
}

TEST(SerialWorker, KeepsOneWorkerAcrossPointsAndReplacesItAfterAFailure) {
  const auto ps = points({"ok", "ok", "throws", "ok", "crashes", "ok", "hangs", "ok"});
  Limits limits;
  limits.time_seconds = 0.3;
  SerialWorker w(ps, fake_run, limits);
  std::vector<Outcome> got;
  for (std::size_t i = 0; i < ps.size(); ++i) got.push_back(w.run(i));
  EXPECT_TRUE(got[0].ok);
  EXPECT_EQ(got[0].report_json, got[1].report_json) << "the worker is kept";
  EXPECT_EQ(got[2].error, "no");
  EXPECT_NE(got[3].report_json, got[1].report_json) << "replaced after a failed point";
  EXPECT_TRUE(got[4].error.starts_with("the point's process ended by signal 6")) << got[4].error;
  EXPECT_TRUE(got[5].ok);
  EXPECT_EQ(got[6].error, "exceeded the time limit of 0.3 s");
  EXPECT_TRUE(got[7].ok);
  EXPECT_EQ(got[7].host, host_name());
  EXPECT_NE(std::to_string(::getpid()), got[0].report_json) << "points never run in the caller";
}

TEST(SerialWorker, RunsAgainAPointWhoseWorkerWasKilledFromOutside) {
  const auto ps = points({"ok", "ok"});
  SerialWorker w(ps, fake_run, Limits{});
  const Outcome first = w.run(0);
  ASSERT_TRUE(first.ok);
  // kill -9 of the idle worker: the next point goes to a new one.
  ::kill(std::stoi(first.report_json), SIGKILL);
  const Outcome second = w.run(1);
  EXPECT_TRUE(second.ok) << second.error;
  EXPECT_NE(second.report_json, first.report_json);
}

}  // namespace
}  // namespace kernbench::sweep
