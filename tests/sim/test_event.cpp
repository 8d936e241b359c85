#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/sim.hpp"

using namespace kernbench::sim;

namespace {
Process<> wait_for(Engine& env, Event<int> ev, std::string tag, std::vector<std::string>& log) {
  const int v = co_await ev;
  log.push_back(tag + "=" + std::to_string(v) + "@" + std::to_string(env.now()));
}
}  // namespace

TEST(Event, SucceedResumesEveryWaiterInTheOrderTheyWaited) {
  Engine env;
  std::vector<std::string> log;
  Event<int> ev = env.event<int>();
  wait_for(env, ev, "a", log);
  wait_for(env, ev, "b", log);
  auto setter = [](Engine& e, Event<int> t) -> Process<> {
    co_await e.timeout(12);
    t.succeed(99);
  };
  setter(env, ev);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a=99@12", "b=99@12"}));
}

TEST(Event, AWaiterOfAProcessedEventGetsItsValueAtOnce) {
  Engine env;
  std::vector<std::string> log;
  Event<int> ev = env.event<int>();
  ev.succeed(3);
  env.run();
  EXPECT_TRUE(ev.processed());
  wait_for(env, ev, "late", log);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"late=3@0"}));
}

TEST(Event, TriggeringAnEventTwiceIsAnError) {
  Engine env;
  Event<int> ev = env.event<int>();
  ev.succeed(1);
  try {
    ev.succeed(2);
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "event.succeed() at t=0 ps: the event was already triggered");
  }
  EXPECT_THROW(ev.fail(std::runtime_error("x")), SimError);
}

TEST(Event, AFailedEventRaisesInItsWaiters) {
  Engine env;
  std::string caught;
  Event<int> ev = env.event<int>();
  auto waiter = [](Engine& e, Event<int> t, std::string& c) -> Process<> {
    try {
      co_await t;
    } catch (const std::runtime_error& ex) {
      c = std::string(ex.what()) + "@" + std::to_string(e.now());
    }
  };
  waiter(env, ev, caught);
  auto failer = [](Engine& e, Event<int> t) -> Process<> {
    co_await e.timeout(8);
    t.fail(std::runtime_error("link down"));
  };
  failer(env, ev);
  env.run();
  EXPECT_EQ(caught, "link down@8");
}

TEST(Event, AFailedEventThatNobodyHandlesStopsTheRun) {
  Engine env;
  Event<int> ev = env.event<int>();
  ev.fail(std::runtime_error("lost"));
  try {
    env.run();
    FAIL() << "expected ProcessError";
  } catch (const ProcessError& e) {
    EXPECT_STREQ(e.what(), "an event failed at t=0 ps and nobody handled it: lost");
  }
}

TEST(Event, ADefusedFailureDoesNotStopTheRun) {
  Engine env;
  Event<int> ev = env.event<int>();
  ev.fail(std::runtime_error("ignored"));
  ev.defuse();
  EXPECT_NO_THROW(env.run());
  EXPECT_THROW((void)ev.value(), std::runtime_error);
}

TEST(Event, ATimeoutEventIsProcessedAfterItsDelayWithItsValue) {
  Engine env;
  std::vector<std::string> log;
  wait_for(env, env.timeout_event(30, 5), "t", log);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"t=5@30"}));
}

TEST(Event, ATimeoutAwaitableReturnsItsValue) {
  Engine env;
  std::string got;
  auto p = [](Engine& e, std::string& g) -> Process<> {
    g = co_await e.timeout(4, std::string("ready"));
    g += "@" + std::to_string(e.now());
  };
  p(env, got);
  env.run();
  EXPECT_EQ(got, "ready@4");
}

TEST(Condition, AllOfWaitsForEveryEventAndGivesAllValues) {
  Engine env;
  ConditionValue<int> got;
  Tick at = 0;
  auto p = [](Engine& e, ConditionValue<int>& g, Tick& t) -> Process<> {
    // (Events are gathered first: GCC 12 mishandles braced lists inside
    // coroutine bodies.)
    std::vector<Event<int>> evs;
    evs.push_back(e.timeout_event(5, 1));
    evs.push_back(e.timeout_event(9, 2));
    evs.push_back(e.timeout_event(3, 3));
    g = co_await all_of(e, std::move(evs));
    t = e.now();
  };
  p(env, got, at);
  env.run();
  EXPECT_EQ(at, 9u);
  EXPECT_EQ(got, (ConditionValue<int>{{0, 1}, {1, 2}, {2, 3}}));
}

TEST(Condition, AnyOfFiresWithTheFirstEventAndGivesWhatFiredByThen) {
  Engine env;
  ConditionValue<int> got;
  Tick at = 0;
  auto p = [](Engine& e, ConditionValue<int>& g, Tick& t) -> Process<> {
    g = co_await (e.timeout_event(5, 1) | e.timeout_event(2, 2));
    t = e.now();
  };
  p(env, got, at);
  env.run();
  EXPECT_EQ(at, 2u);
  EXPECT_EQ(got, (ConditionValue<int>{{1, 2}}));
  EXPECT_EQ(env.now(), 5u);  // the other timeout still runs out
}

TEST(Condition, AndOfTwoEventsWaitsForBoth) {
  Engine env;
  Tick at = 0;
  std::size_t n = 0;
  auto p = [](Engine& e, Tick& t, std::size_t& count) -> Process<> {
    auto v = co_await (e.timeout_event(4, 10) & e.timeout_event(6, 20));
    count = v.size();
    t = e.now();
  };
  p(env, at, n);
  env.run();
  EXPECT_EQ(at, 6u);
  EXPECT_EQ(n, 2u);
}

TEST(Condition, AFailingMemberFailsTheCondition) {
  Engine env;
  std::string caught;
  Event<int> bad = env.event<int>();
  auto p = [](Engine& e, Event<int> b, std::string& c) -> Process<> {
    try {
      std::vector<Event<int>> evs;
      evs.push_back(e.timeout_event(10, 1));
      evs.push_back(b);
      co_await all_of(e, std::move(evs));
    } catch (const std::runtime_error& ex) {
      c = std::string(ex.what()) + "@" + std::to_string(e.now());
    }
  };
  p(env, bad, caught);
  auto failer = [](Engine& e, Event<int> b) -> Process<> {
    co_await e.timeout(3);
    b.fail(std::runtime_error("member failed"));
  };
  failer(env, bad);
  env.run();
  EXPECT_EQ(caught, "member failed@3");
}

TEST(Condition, AnEmptyConditionTriggersAtOnce) {
  Engine env;
  bool done = false;
  auto p = [](Engine& e, bool& d) -> Process<> {
    auto v = co_await all_of(e, std::vector<Event<int>>{});
    d = v.empty();
  };
  p(env, done);
  env.run();
  EXPECT_TRUE(done);
  EXPECT_EQ(env.now(), 0u);
}
