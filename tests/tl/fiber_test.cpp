// Fiber switch hooks: a front end keeping per-stack state outside the C++
// stack (an interpreter's thread state) is told of every suspension.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tl/fiber.hpp"

namespace kernbench::tl {
namespace {

struct Log {
  std::string events;
};

void leave(void* ctx) {
  static_cast<Log*>(ctx)->events += "L";
}
void enter(void* ctx) {
  static_cast<Log*>(ctx)->events += "E";
}

TEST(FiberSwitchHooks, LeaveAndEnterRunAroundEverySuspension) {
  StackPool stacks(64 * 1024);
  Log log;
  Fiber* self = nullptr;
  Fiber f(stacks, [&] {
    self->set_switch_hooks({&leave, &enter, &log});
    log.events += "a";
    self->yield();
    log.events += "b";
    self->yield();
    log.events += "c";
  });
  self = &f;
  f.resume();
  EXPECT_EQ(log.events, "aL");
  f.resume();
  EXPECT_EQ(log.events, "aLEbL");
  f.resume();
  EXPECT_TRUE(f.done());
  EXPECT_EQ(log.events, "aLEbLEc");
}

TEST(FiberSwitchHooks, EnterRunsWhenASuspendedFiberIsUnwound) {
  StackPool stacks(64 * 1024);
  Log log;
  bool unwound = false;
  {
    Fiber* self = nullptr;
    auto f = std::make_unique<Fiber>(stacks, [&] {
      struct Guard {
        bool& flag;
        ~Guard() { flag = true; }
      } guard{unwound};
      self->set_switch_hooks({&leave, &enter, &log});
      self->yield();
      log.events += "never";
    });
    self = f.get();
    f->resume();
    EXPECT_EQ(log.events, "L");
  }  // destroyed while suspended
  EXPECT_TRUE(unwound);
  EXPECT_EQ(log.events, "LE");
}

TEST(FiberSwitchHooks, AFiberWithoutHooksSuspendsAsBefore) {
  StackPool stacks(64 * 1024);
  int steps = 0;
  Fiber* self = nullptr;
  Fiber f(stacks, [&] {
    ++steps;
    self->yield();
    ++steps;
  });
  self = &f;
  f.resume();
  EXPECT_EQ(steps, 1);
  f.resume();
  EXPECT_EQ(steps, 2);
  EXPECT_TRUE(f.done());
}

}  // namespace
}  // namespace kernbench::tl
