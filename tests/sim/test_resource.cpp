#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/sim.hpp"

using namespace kernbench::sim;

namespace {
template <class R>
Process<> user(Engine& env, R& res, std::string id, Tick arrive, Tick hold,
               std::vector<std::string>& log, int priority = 0) {
  co_await env.timeout(arrive);
  Request req;
  if constexpr (std::is_same_v<R, Resource>) {
    req = co_await res.request();
  } else {
    req = co_await res.request(priority);
  }
  log.push_back(id + "+" + std::to_string(env.now()));
  co_await env.timeout(hold);
  log.push_back(id + "-" + std::to_string(env.now()));
}
}  // namespace

TEST(Resource, RequestsBeyondCapacityWaitInArrivalOrder) {
  Engine env;
  Resource res(env, 2);
  std::vector<std::string> log;
  user(env, res, "a", 0, 10, log);
  user(env, res, "b", 1, 10, log);
  user(env, res, "c", 2, 5, log);
  user(env, res, "d", 3, 5, log);
  env.run(4);
  EXPECT_EQ(res.count(), 2u);
  EXPECT_EQ(res.queued(), 2u);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a+0", "b+1", "a-10", "c+10", "b-11", "d+11", "c-15",
                                           "d-16"}));
  EXPECT_EQ(res.count(), 0u);
}

TEST(Resource, ReleasingARequestTwiceIsAnError) {
  Engine env;
  Resource res(env, 1);
  std::string msg;
  auto p = [](Engine& e, Resource& r, std::string& m) -> Process<> {
    Request req = co_await r.request();
    co_await e.timeout(1);
    req.release();
    try {
      req.release();
    } catch (const SimError& ex) {
      m = ex.what();
    }
  };
  p(env, res, msg);
  env.run();
  EXPECT_EQ(msg, "request released twice: this Request no longer holds a unit");
  EXPECT_EQ(res.count(), 0u);
}

TEST(Resource, AZeroCapacityIsAnError) {
  Engine env;
  EXPECT_THROW(Resource(env, 0), SimError);
}

TEST(Resource, AnInterruptedWaiterLeavesTheQueue) {
  Engine env;
  Resource res(env, 1);
  std::vector<std::string> log;
  user(env, res, "holder", 0, 20, log);
  auto impatient = [](Engine& e, Resource& r, std::vector<std::string>& l) -> Process<> {
    co_await e.timeout(1);
    try {
      Request req = co_await r.request();
      l.push_back("impatient got it");
    } catch (const Interrupt&) {
      l.push_back("gave up@" + std::to_string(e.now()));
    }
  };
  Process<> imp = impatient(env, res, log);
  user(env, res, "patient", 2, 1, log);
  auto canceller = [](Engine& e, Process<> t) -> Process<> {
    co_await e.timeout(5);
    t.interrupt();
  };
  canceller(env, imp);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"holder+0", "gave up@5", "holder-20", "patient+20",
                                           "patient-21"}));
}

TEST(PriorityResource, LowerPriorityValuesAreServedFirst) {
  Engine env;
  PriorityResource res(env, 1);
  std::vector<std::string> log;
  user(env, res, "first", 0, 10, log, 5);
  user(env, res, "low", 1, 1, log, 9);
  user(env, res, "high", 2, 1, log, 1);
  user(env, res, "high2", 3, 1, log, 1);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"first+0", "first-10", "high+10", "high-11", "high2+11",
                                           "high2-12", "low+12", "low-13"}));
}

TEST(PreemptiveResource, AMoreUrgentRequestEvictsTheWorstUser) {
  Engine env;
  PreemptiveResource res(env, 1);
  std::vector<std::string> log;
  auto victim = [](Engine& e, PreemptiveResource& r, std::vector<std::string>& l) -> Process<> {
    Request req = co_await r.request(5);
    l.push_back("victim+" + std::to_string(e.now()));
    try {
      co_await e.timeout(100);
      l.push_back("victim finished");
    } catch (const Interrupt& i) {
      const auto& p = std::any_cast<const Preempted&>(i.cause());
      l.push_back("victim preempted@" + std::to_string(e.now()) + " since " +
                  std::to_string(p.usage_since));
    }
    EXPECT_FALSE(req.held());
  };
  victim(env, res, log);
  auto vip = [](Engine& e, PreemptiveResource& r, std::vector<std::string>& l) -> Process<> {
    co_await e.timeout(7);
    Request req = co_await r.request(1);
    l.push_back("vip+" + std::to_string(e.now()));
    co_await e.timeout(3);
  };
  vip(env, res, log);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"victim+0", "victim preempted@7 since 0", "vip+7"}));
  EXPECT_EQ(res.count(), 0u);
  EXPECT_EQ(env.now(), 10u);
}

TEST(PreemptiveResource, AnEquallyUrgentRequestWaits) {
  Engine env;
  PreemptiveResource res(env, 1);
  std::vector<std::string> log;
  user(env, res, "a", 0, 10, log, 3);
  user(env, res, "b", 1, 1, log, 3);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a+0", "a-10", "b+10", "b-11"}));
}
