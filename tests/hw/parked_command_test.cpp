// Pe::submit_when_ready: a command waits outside its queue until its
// dependencies have completed and its issue time has come, takes a full
// queue's room in the order it became ready, and a teardown releases the
// commands still waiting.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "hw/config/loader.hpp"
#include "hw/runtime/chip.hpp"
#include "sim/process.hpp"

using namespace kernbench;
using namespace kernbench::hw;

namespace {

struct Rig {
  explicit Rig(std::vector<std::string> sets = {})
      : chip(env, config(std::move(sets)), &log, stats) {}
  static HwConfig config(std::vector<std::string> sets) {
    HwConfig cfg = load_preset("npu-default");
    apply_overrides(cfg, sets);
    return cfg;
  }
  sim::Engine env;
  trace::OpLog log;
  trace::StatSet stats;
  Chip chip;
};

// A 64^3 f16 GEMM: 253 + 8 = 261 cycles of 1 ns on npu-default (runtime_test).
constexpr sim::Tick kGemm = 261'000;

CommandPtr gemm(sim::Engine& env) {
  auto c = std::make_unique<Command>();
  c->kind = CommandKind::gemm;
  c->gemm = {64, 64, 64};
  c->precision = Precision::f16;
  c->done = env.event<trace::OpId>();
  return c;
}

CommandPtr exp_after(sim::Engine& env, const Completion& dep) {
  auto c = std::make_unique<Command>();
  c->kind = CommandKind::math;
  c->math_op = MathOp::exp;
  c->precision = Precision::f32;
  c->elements = 64;
  c->deps.push_back(dep);
  c->done = env.event<trace::OpId>();
  return c;
}

const trace::OpRecord& record_of(const trace::OpLog& log, trace::Unit unit) {
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].unit == unit) return log[i];
  }
  throw std::runtime_error("no record of the unit");
}

}  // namespace

TEST(ParkedCommand, EntersItsQueueWhenItsDependencyCompletesAfterItsIssueTime) {
  Rig r;
  CommandPtr g = gemm(r.env);
  CommandPtr m = exp_after(r.env, g->done);
  r.chip.pe(0).submit_when_ready(std::move(g), 0);
  r.chip.pe(0).submit_when_ready(std::move(m), 100'000);
  r.env.run();
  const trace::OpRecord& rec = record_of(r.log, trace::Unit::math);
  EXPECT_EQ(rec.t_issue, kGemm);  // issued when it entered the queue
  EXPECT_EQ(rec.t_start, kGemm);
}

TEST(ParkedCommand, EntersItsQueueAtItsIssueTimeWhenItsDependencyCompletedEarlier) {
  Rig r;
  CommandPtr g = gemm(r.env);
  CommandPtr m = exp_after(r.env, g->done);
  r.chip.pe(0).submit_when_ready(std::move(g), 0);
  r.chip.pe(0).submit_when_ready(std::move(m), 500'000);
  r.env.run();
  const trace::OpRecord& rec = record_of(r.log, trace::Unit::math);
  EXPECT_EQ(rec.t_issue, 500'000u);
  EXPECT_EQ(rec.t_start, 500'000u);
}

TEST(ParkedCommand, ReadyCommandsTakeAFullQueuesRoomInTheOrderTheyWereParked) {
  // Queue depth 2: the GEMM engine takes the first command at once, the next
  // two fill the queue, the fourth waits for room until the engine takes the
  // second. Its issue time is when it began to wait (as for submit()).
  Rig r({"pe.cpu.queue_depth=2"});
  std::vector<trace::NameId> names;
  for (int i = 0; i < 4; ++i) {
    CommandPtr c = gemm(r.env);
    c->name = r.chip.name_id("gemm " + std::to_string(i));
    names.push_back(c->name);
    r.chip.pe(0).submit_when_ready(std::move(c), 0);
  }
  r.env.run(kGemm / 2);
  EXPECT_EQ(r.chip.pe(0).queued(EngineKind::gemm), 2u);  // the fourth waits
  r.env.run(kGemm + kGemm / 2);
  EXPECT_EQ(r.chip.pe(0).queued(EngineKind::gemm), 2u);  // the fourth entered
  r.env.run();
  ASSERT_EQ(r.log.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r.log[i].name, names[i]);
    EXPECT_EQ(r.log[i].t_start, i * kGemm);
    EXPECT_EQ(r.log[i].t_issue, 0u);
  }
}

TEST(ParkedCommand, ATeardownReleasesTheCommandsStillWaiting) {
  auto owner = std::make_shared<int>(0);
  const auto owned = [&owner](CommandPtr c) {
    c->effect = [owner](const Command&) {};
    return c;
  };
  {
    auto r = std::make_unique<Rig>(std::vector<std::string>{"pe.cpu.queue_depth=1"});
    const Completion never = r->env.event<trace::OpId>();
    // One command waits for a dependency that never completes, one for its
    // issue time.
    r->chip.pe(0).submit_when_ready(owned(exp_after(r->env, never)), 0);
    r->chip.pe(1).submit_when_ready(owned(gemm(r->env)), 1'000'000);
    // PE 2's GEMM engine takes a command that waits for `never`, one more
    // fills the queue, and two ready commands wait for room in it.
    CommandPtr first = owned(gemm(r->env));
    first->deps.push_back(never);
    ASSERT_TRUE(r->chip.pe(2).try_submit(first, 0));
    r->env.run(1'000);
    CommandPtr second = owned(gemm(r->env));
    ASSERT_TRUE(r->chip.pe(2).try_submit(second, 1'000));
    for (int i = 0; i < 2; ++i) r->chip.pe(2).submit_when_ready(owned(gemm(r->env)), 1'000);
    r->env.run(500'000);
    EXPECT_EQ(r->chip.pe(2).queued(EngineKind::gemm), 1u);
    EXPECT_EQ(owner.use_count(), 7);
  }
  EXPECT_EQ(owner.use_count(), 1);
}
