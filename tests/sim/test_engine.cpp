#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/sim.hpp"

using namespace kernbench::sim;

namespace {

Process<> log_after(Engine& env, Tick delay, std::vector<std::string>& log, std::string tag) {
  co_await env.timeout(delay);
  log.push_back(tag + "@" + std::to_string(env.now()));
}

}  // namespace

TEST(Engine, AnEmptyEngineRunsToTimeZero) {
  Engine env;
  env.run();
  EXPECT_EQ(env.now(), 0u);
  EXPECT_EQ(env.peek(), kForever);
  EXPECT_FALSE(env.step());
}

TEST(Engine, ATimeoutAdvancesNowByItsDelay) {
  Engine env;
  std::vector<Tick> seen;
  auto p = [](Engine& e, std::vector<Tick>& s) -> Process<> {
    s.push_back(e.now());
    co_await e.timeout(5);
    s.push_back(e.now());
    co_await e.timeout(0);
    s.push_back(e.now());
    co_await e.timeout(ns(2));
    s.push_back(e.now());
  };
  p(env, seen);
  env.run();
  EXPECT_EQ(seen, (std::vector<Tick>{0, 5, 5, 2005}));
  EXPECT_EQ(env.now(), 2005u);
}

TEST(Engine, ProcessesStartInCreationOrder) {
  Engine env;
  std::vector<std::string> log;
  log_after(env, 0, log, "a");
  log_after(env, 0, log, "b");
  log_after(env, 0, log, "c");
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a@0", "b@0", "c@0"}));
}

TEST(Engine, EventsAtTheSameTickFireInTheOrderTheyWereScheduled) {
  Engine env;
  std::vector<std::string> log;
  log_after(env, 7, log, "x");
  log_after(env, 3, log, "y");
  log_after(env, 7, log, "z");
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"y@3", "x@7", "z@7"}));
}

TEST(Engine, UrgentNodesFireBeforeNormalNodesOfTheSameTick) {
  Engine env;
  std::vector<std::string> log;
  Event<> ev = env.event();
  auto watcher = [](Engine&, Event<> e, std::vector<std::string>& l) -> Process<> {
    co_await e;
    l.push_back("event processed");
  };
  auto starter = [](Engine&, std::vector<std::string>& l) -> Process<> {
    l.push_back("process started");
    co_return;
  };
  watcher(env, ev, log);  // URGENT start, scheduled first
  ev.succeed();           // NORMAL, scheduled second
  starter(env, log);      // URGENT start, scheduled third: still before the event
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"process started", "event processed"}));
  EXPECT_EQ(env.now(), 0u);
}

TEST(Engine, RunUntilStopsBeforeEventsAtThatTimeAndSetsNow) {
  Engine env;
  std::vector<std::string> log;
  log_after(env, 10, log, "a");
  log_after(env, 20, log, "b");
  env.run(10);
  EXPECT_EQ(env.now(), 10u);
  EXPECT_TRUE(log.empty());
  env.run(15);
  EXPECT_EQ(env.now(), 15u);
  EXPECT_EQ(log, (std::vector<std::string>{"a@10"}));
  env.run();
  EXPECT_EQ(env.now(), 20u);
  EXPECT_EQ(log, (std::vector<std::string>{"a@10", "b@20"}));
}

TEST(Engine, RunBeforeProcessesEarlierEventsAndLeavesNowAtTheLastOne) {
  Engine env;
  std::vector<std::string> log;
  log_after(env, 10, log, "a");
  log_after(env, 30, log, "b");
  env.run_before(25);
  EXPECT_EQ(log, (std::vector<std::string>{"a@10"}));
  EXPECT_EQ(env.now(), 10u);  // not 25: nothing happened after t=10
  env.run_before(1000);
  EXPECT_EQ(env.now(), 30u);
}

TEST(Engine, RunUntilATimeInThePastIsAnError) {
  Engine env;
  env.run(100);
  try {
    env.run(50);
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "run(until=50 ps) is in the past: now is 100 ps");
  }
  EXPECT_EQ(env.now(), 100u);
}

TEST(Engine, RunUntilAnEventReturnsItsValue) {
  Engine env;
  Event<int> ev = env.event<int>();
  auto setter = [](Engine& e, Event<int> target) -> Process<> {
    co_await e.timeout(42);
    target.succeed(7);
  };
  setter(env, ev);
  std::vector<std::string> later;
  log_after(env, 1000, later, "later");
  EXPECT_EQ(env.run(ev), 7);
  EXPECT_EQ(env.now(), 42u);
  EXPECT_TRUE(later.empty());
}

TEST(Engine, RunUntilAnEventThatNeverTriggersIsAnError) {
  Engine env;
  Event<int> ev = env.event<int>();
  EXPECT_THROW(env.run(ev), SimError);
}

TEST(Engine, StepProcessesOneNodeAndPeekShowsTheNext) {
  Engine env;
  std::vector<std::string> log;
  log_after(env, 5, log, "a");
  EXPECT_EQ(env.peek(), 0u);  // the process start
  EXPECT_TRUE(env.step());
  EXPECT_EQ(env.now(), 0u);
  EXPECT_EQ(env.peek(), 5u);
  EXPECT_TRUE(env.step());
  EXPECT_EQ(env.now(), 5u);
  EXPECT_EQ(log.size(), 1u);
  EXPECT_FALSE(env.step());
}

TEST(Engine, ANegativeDelayIsAnError) {
  Engine env;
  try {
    (void)env.timeout(-5);
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "negative delay -5 ps at t=0 ps: delays must be >= 0");
  }
}

TEST(Engine, ADelayThatOverflowsTimeIsAnError) {
  Engine env;
  env.run(10);
  EXPECT_THROW((void)env.timeout(kForever), SimError);
}

TEST(Engine, FarAndNearEventsInterleaveInTotalOrder) {
  // Delays on both sides of the timing wheel's horizon, many landing on the
  // same ticks, must come out ordered by (tick, scheduling order).
  Engine env;
  struct Rec {
    Tick when;
    int id;
  };
  std::vector<Rec> got;
  std::vector<Rec> want;
  std::uint64_t s = 12345;
  auto draw = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  };
  auto waiter = [](Engine& e, Tick first, Tick second, int id, std::vector<Rec>& out) -> Process<> {
    co_await e.timeout(first);
    co_await e.timeout(second);
    out.push_back({e.now(), id});
  };
  for (int i = 0; i < 2000; ++i) {
    const Tick a = draw() % 10000;
    const Tick b = (draw() % 3 == 0) ? draw() % 20000 : draw() % 50;
    waiter(env, a, b, i, got);
    want.push_back({a + b, i});
  }
  env.run();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 1; i < got.size(); ++i) {
    ASSERT_LE(got[i - 1].when, got[i].when) << "at " << i;
  }
  std::vector<std::pair<Tick, int>> g, w;
  for (auto& r : got) g.emplace_back(r.when, r.id);
  for (auto& r : want) w.emplace_back(r.when, r.id);
  std::sort(w.begin(), w.end(), [](auto& x, auto& y) { return x.first < y.first; });
  std::sort(g.begin(), g.end(), [](auto& x, auto& y) { return x.first < y.first; });
  EXPECT_EQ(g.size(), w.size());
  for (std::size_t i = 0; i < g.size(); ++i) EXPECT_EQ(g[i].first, w[i].first);
}

TEST(Engine, SparseEventsAcrossTheWheelAndItsWrapFireInTimeOrder) {
  // From a time near the end of the wheel's range, lone events in the same
  // 64-bucket word, in later words, past the wrap and one tick short of the
  // horizon must be found in time order.
  Engine env;
  std::vector<Tick> seen;
  auto at = [](Engine& e, Tick start, Tick delay, std::vector<Tick>& out) -> Process<> {
    co_await e.timeout(start);
    co_await e.timeout(delay);
    out.push_back(e.now());
  };
  const Tick start = 4000;  // bucket 4000 of 4096: word 62
  for (const Tick d : {Tick{4095}, Tick{3}, Tick{200}, Tick{60}, Tick{1}, Tick{95}, Tick{96}}) {
    at(env, start, d, seen);
  }
  env.run();
  const std::vector<Tick> want{4001, 4003, 4060, 4095, 4096, 4200, 8095};
  EXPECT_EQ(seen, want);
}

TEST(Engine, TheSameScenarioGivesTheSameTimelineTwice) {
  auto scenario = [] {
    Engine env;
    std::vector<std::string> log;
    Resource res(env, 2);
    auto user = [](Engine& e, Resource& r, int id, std::vector<std::string>& l) -> Process<> {
      co_await e.timeout(id % 3);
      Request req = co_await r.request();
      l.push_back(std::to_string(id) + "@" + std::to_string(e.now()));
      co_await e.timeout(5 + id % 4);
    };
    for (int i = 0; i < 50; ++i) user(env, res, i, log);
    env.run();
    return log;
  };
  EXPECT_EQ(scenario(), scenario());
}
