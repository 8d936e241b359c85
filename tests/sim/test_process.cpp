#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/sim.hpp"

using namespace kernbench::sim;

namespace {

Process<int> doubler(Engine& env, int x, Tick delay) {
  co_await env.timeout(delay);
  co_return x * 2;
}

Process<> failing(Engine& env, Tick delay) {
  co_await env.timeout(delay);
  throw std::runtime_error("boom");
}

struct Flag {
  bool* destroyed;
  ~Flag() { *destroyed = true; }
};

}  // namespace

TEST(Process, JoiningAProcessReturnsItsValueWhenItFinishes) {
  Engine env;
  int got = 0;
  Tick at = 0;
  auto parent = [](Engine& e, int& g, Tick& t) -> Process<> {
    g = co_await doubler(e, 21, 30);
    t = e.now();
  };
  parent(env, got, at);
  env.run();
  EXPECT_EQ(got, 42);
  EXPECT_EQ(at, 30u);
}

TEST(Process, JoiningAFinishedProcessReturnsAtOnce) {
  Engine env;
  Process<int> child = doubler(env, 5, 1);
  int got = 0;
  Tick at = 0;
  auto parent = [](Engine& e, Process<int> c, int& g, Tick& t) -> Process<> {
    co_await e.timeout(10);
    g = co_await c;
    t = e.now();
  };
  parent(env, child, got, at);
  env.run();
  EXPECT_EQ(got, 10);
  EXPECT_EQ(at, 10u);
  EXPECT_EQ(child.value(), 10);
}

TEST(Process, AnUnhandledExceptionIsRethrownFromRunNamingTheProcessAndTick) {
  Engine env;
  auto p = failing(env, 25);
  p.named("loader");
  try {
    env.run();
    FAIL() << "expected ProcessError";
  } catch (const ProcessError& e) {
    EXPECT_STREQ(e.what(), "process 'loader' failed at t=25 ps and nobody handled it: boom");
    EXPECT_EQ(e.when(), 25u);
    EXPECT_THROW(std::rethrow_exception(e.original()), std::runtime_error);
  }
  EXPECT_EQ(env.now(), 25u);
}

TEST(Process, AnUnnamedProcessIsNamedByItsId) {
  Engine env;
  failing(env, 1);
  try {
    env.run();
    FAIL();
  } catch (const ProcessError& e) {
    EXPECT_STREQ(e.what(), "process 'process#0' failed at t=1 ps and nobody handled it: boom");
  }
}

TEST(Process, AJoiningProcessCanHandleTheFailure) {
  Engine env;
  std::string caught;
  auto parent = [](Engine& e, std::string& c) -> Process<> {
    try {
      co_await failing(e, 3);
    } catch (const std::runtime_error& ex) {
      c = std::string(ex.what()) + "@" + std::to_string(e.now());
    }
  };
  parent(env, caught);
  EXPECT_NO_THROW(env.run());
  EXPECT_EQ(caught, "boom@3");
}

TEST(Process, FramesOfUnfinishedProcessesAreDestroyedWithTheEngine) {
  bool destroyed = false;
  {
    Engine env;
    auto stuck = [](Engine& e, bool* d) -> Process<> {
      Flag f{d};
      Event<> never = e.event();
      co_await never;
    };
    stuck(env, &destroyed);
    env.run();
    EXPECT_EQ(env.live_processes(), 1u);
    EXPECT_FALSE(destroyed);
  }
  EXPECT_TRUE(destroyed);
}

TEST(Process, AFinishedProcessWithNoHandleIsFreedAtOnce) {
  Engine env;
  doubler(env, 1, 5);
  EXPECT_EQ(env.live_processes(), 1u);
  env.run();
  EXPECT_EQ(env.live_processes(), 0u);
}

TEST(Process, InterruptRaisesInTheTargetAtItsCurrentWait) {
  Engine env;
  std::vector<std::string> log;
  auto sleeper = [](Engine& e, std::vector<std::string>& l) -> Process<> {
    try {
      co_await e.timeout(100);
      l.push_back("woke normally");
    } catch (const Interrupt& i) {
      l.push_back("interrupted@" + std::to_string(e.now()) + " by " +
                  std::any_cast<std::string>(i.cause()));
    }
    co_await e.timeout(5);
    l.push_back("done@" + std::to_string(e.now()));
  };
  Process<> s = sleeper(env, log);
  auto waker = [](Engine& e, Process<> target) -> Process<> {
    co_await e.timeout(40);
    target.interrupt(std::string("alarm"));
  };
  waker(env, s);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"interrupted@40 by alarm", "done@45"}));
  EXPECT_EQ(env.now(), 45u);  // the cancelled timeout at 100 did not resume anything
}

TEST(Process, InterruptingAFinishedProcessIsAnError) {
  Engine env;
  Process<int> p = doubler(env, 1, 2);
  env.run();
  try {
    p.interrupt();
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot interrupt process 'process#0' at t=2 ps: it has already finished");
  }
}

TEST(Process, AnUnhandledInterruptFailsTheProcess) {
  Engine env;
  Process<int> p = doubler(env, 1, 50);
  auto waker = [](Engine& e, Process<int> t) -> Process<> {
    co_await e.timeout(10);
    t.interrupt();
  };
  waker(env, p);
  try {
    env.run();
    FAIL();
  } catch (const ProcessError& e) {
    EXPECT_STREQ(
        e.what(),
        "process 'process#0' failed at t=10 ps and nobody handled it: process interrupted");
  }
}

TEST(Process, AProcessCannotInterruptItself) {
  Engine env;
  std::string msg;
  auto self = [](Engine& e, std::string& m) -> Process<> {
    co_await e.timeout(1);
    try {
      e.active_process()->interrupt();
    } catch (const SimError& ex) {
      m = ex.what();
    }
  };
  self(env, msg);
  env.run();
  EXPECT_EQ(msg, "process 'process#0' cannot interrupt itself");
}

TEST(Process, ManyProcessesCanJoinOneProcess) {
  Engine env;
  Process<int> child = doubler(env, 4, 9);
  std::vector<std::string> log;
  auto joiner = [](Engine& e, Process<int> c, int id, std::vector<std::string>& l) -> Process<> {
    const int v = co_await c;
    l.push_back(std::to_string(id) + ":" + std::to_string(v) + "@" + std::to_string(e.now()));
  };
  for (int i = 0; i < 3; ++i) joiner(env, child, i, log);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"0:8@9", "1:8@9", "2:8@9"}));
}

namespace {
struct Component {
  Engine& env;
  int ticks = 0;
  Engine& engine() { return env; }
  Process<> run(Tick n) {
    for (Tick i = 0; i < n; ++i) {
      co_await env.timeout(10);
      ++ticks;
    }
  }
};
}  // namespace

TEST(Process, AMemberCoroutineFindsTheEngineThroughItsObject) {
  Engine env;
  Component c{env};
  c.run(3);
  env.run();
  EXPECT_EQ(c.ticks, 3);
  EXPECT_EQ(env.now(), 30u);
}
