#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/sim.hpp"

using namespace kernbench::sim;

TEST(Store, ItemsComeOutInTheOrderTheyWentIn) {
  Engine env;
  Store<int> st(env);
  std::vector<int> got;
  auto prod = [](Engine& e, Store<int>& s) -> Process<> {
    for (int i = 0; i < 5; ++i) {
      co_await s.put(i * 10);
      co_await e.timeout(1);
    }
  };
  auto cons = [](Engine&, Store<int>& s, std::vector<int>& g) -> Process<> {
    for (int i = 0; i < 5; ++i) g.push_back(co_await s.get());
  };
  cons(env, st, got);
  prod(env, st);
  env.run();
  EXPECT_EQ(got, (std::vector<int>{0, 10, 20, 30, 40}));
  EXPECT_EQ(env.now(), 5u);
}

TEST(Store, PeekShowsTheItemsInTheOrderGetsWillReturnThem) {
  Engine env;
  Store<int> st(env);
  for (int v : {7, 8, 9}) ASSERT_TRUE(st.try_put(v));
  ASSERT_NE(st.peek(), nullptr);
  EXPECT_EQ(*st.peek(0), 7);
  EXPECT_EQ(*st.peek(2), 9);
  EXPECT_EQ(st.peek(3), nullptr);
  int got = 0;
  auto cons = [](Store<int>& s, int& g) -> Process<> { g = co_await s.get(); };
  cons(st, got);
  env.run();
  EXPECT_EQ(got, 7);
  EXPECT_EQ(*st.peek(), 8);
  EXPECT_EQ(st.size(), 2u);
}

TEST(Store, APutWaitsWhileTheStoreIsFull) {
  Engine env;
  Store<std::string> st(env, 1);
  std::vector<std::string> log;
  auto prod = [](Engine& e, Store<std::string>& s, std::vector<std::string>& l) -> Process<> {
    co_await s.put("x");
    l.push_back("put x@" + std::to_string(e.now()));
    co_await s.put("y");
    l.push_back("put y@" + std::to_string(e.now()));
  };
  auto cons = [](Engine& e, Store<std::string>& s, std::vector<std::string>& l) -> Process<> {
    co_await e.timeout(10);
    l.push_back("got " + co_await s.get() + "@" + std::to_string(e.now()));
  };
  prod(env, st, log);
  cons(env, st, log);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"put x@0", "got x@10", "put y@10"}));
  EXPECT_EQ(st.size(), 1u);
}

TEST(Store, APutFromOutsideAProcessQueuesBehindWaitingPuttersAndIsToldWhenItEnters) {
  Engine env;
  Store<std::string> st(env, 1);
  std::vector<std::string> log;
  struct Told : Store<std::string>::PutWaiter {
    std::vector<std::string>* log = nullptr;
  };
  std::string now_item = "a";
  Told unused;
  EXPECT_TRUE(st.put_or_queue(now_item, &unused));  // room: put at once
  EXPECT_FALSE(unused.linked());
  auto prod = [](Engine& e, Store<std::string>& s, std::vector<std::string>& l) -> Process<> {
    co_await s.put("b");
    l.push_back("process put b@" + std::to_string(e.now()));
  };
  prod(env, st, log);
  env.run();  // the process now waits for room
  std::string later = "c";
  Told told;
  told.log = &log;
  told.wake = [](Engine& e, Waiter* w) {
    static_cast<Told*>(static_cast<Store<std::string>::PutWaiter*>(w))
        ->log->push_back("told c@" + std::to_string(e.now()));
  };
  EXPECT_FALSE(st.put_or_queue(later, &told));
  auto cons = [](Engine& e, Store<std::string>& s, std::vector<std::string>& l) -> Process<> {
    for (int i = 0; i < 3; ++i) {
      co_await e.timeout(10);
      l.push_back("got " + co_await s.get() + "@" + std::to_string(e.now()));
    }
  };
  cons(env, st, log);
  env.run();
  // The waiter is told as its item enters (inside the get that made room);
  // a process putter resumes at a later event of the same tick.
  EXPECT_EQ(log, (std::vector<std::string>{"got a@10", "process put b@10", "told c@20", "got b@20",
                                           "got c@30"}));
  EXPECT_TRUE(later.empty());  // moved into the store
}

TEST(Store, DestroyingAQueuedPutterWithdrawsIt) {
  Engine env;
  Store<int> st(env, 1);
  int first = 1;
  ASSERT_TRUE(st.try_put(first));
  int second = 2;
  {
    Store<int>::PutWaiter w;
    w.wake = [](Engine&, Waiter*) { FAIL() << "a withdrawn putter was told"; };
    EXPECT_FALSE(st.put_or_queue(second, &w));
  }
  int got = 0;
  auto cons = [](Store<int>& s, int& g) -> Process<> { g = co_await s.get(); };
  cons(st, got);
  env.run();
  EXPECT_EQ(got, 1);
  EXPECT_EQ(st.size(), 0u);
  EXPECT_EQ(second, 2);
}

TEST(PriorityStore, TheSmallestItemComesOutFirst) {
  Engine env;
  PriorityStore<int> st(env);
  std::vector<int> got;
  auto p = [](Engine& e, PriorityStore<int>& s, std::vector<int>& g) -> Process<> {
    for (int v : {5, 1, 4, 1, 3}) co_await s.put(v);
    co_await e.timeout(1);
    for (int i = 0; i < 5; ++i) g.push_back(co_await s.get());
  };
  p(env, st, got);
  env.run();
  EXPECT_EQ(got, (std::vector<int>{1, 1, 3, 4, 5}));
}

TEST(FilterStore, AGetReturnsTheFirstItemItAccepts) {
  Engine env;
  FilterStore<int> st(env);
  std::vector<std::string> log;
  auto even_getter = [](Engine& e, FilterStore<int>& s, std::vector<std::string>& l) -> Process<> {
    auto is_even = [](int v) { return v % 2 == 0; };
    const int v = co_await s.get(is_even);
    l.push_back("even " + std::to_string(v) + "@" + std::to_string(e.now()));
  };
  auto any_getter = [](Engine& e, FilterStore<int>& s, std::vector<std::string>& l) -> Process<> {
    co_await e.timeout(1);
    const int v = co_await s.get();
    l.push_back("any " + std::to_string(v) + "@" + std::to_string(e.now()));
  };
  auto prod = [](Engine& e, FilterStore<int>& s) -> Process<> {
    co_await e.timeout(2);
    co_await s.put(3);
    co_await e.timeout(2);
    co_await s.put(8);
  };
  even_getter(env, st, log);
  any_getter(env, st, log);
  prod(env, st);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"any 3@2", "even 8@4"}));
}

TEST(Container, GetsWaitForTheLevelAndPutsForRoom) {
  Engine env;
  Container<double> tank(env, 100.0, 10.0);
  std::vector<std::string> log;
  auto consumer = [](Engine& e, Container<double>& c, std::vector<std::string>& l) -> Process<> {
    co_await c.get(30.0);
    l.push_back("got 30@" + std::to_string(e.now()));
  };
  auto producer = [](Engine& e, Container<double>& c, std::vector<std::string>& l) -> Process<> {
    co_await e.timeout(5);
    co_await c.put(50.0);
    l.push_back("put 50@" + std::to_string(e.now()));
    co_await c.put(80.0);
    l.push_back("put 80@" + std::to_string(e.now()));
  };
  auto drainer = [](Engine& e, Container<double>& c) -> Process<> {
    co_await e.timeout(20);
    co_await c.get(25.0);
  };
  consumer(env, tank, log);
  producer(env, tank, log);
  drainer(env, tank);
  env.run();
  EXPECT_EQ(log, (std::vector<std::string>{"put 50@5", "got 30@5", "put 80@20"}));
  EXPECT_DOUBLE_EQ(tank.level(), 85.0);
}

TEST(Container, AnAmountOutsideZeroToCapacityIsAnError) {
  Engine env;
  Container<int> c(env, 10, 0);
  EXPECT_THROW((void)c.put(0), SimError);
  EXPECT_THROW((void)c.get(11), SimError);
  EXPECT_THROW((Container<int>(env, 10, 20)), SimError);
}
