// Issue and memory behaviour of the GPU execution model: in-order issue,
// pipelined math, software-pipelined loops, the block scheduler's dispatch
// interval, the per-PE L1 and posted stores.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "data/array.hpp"
#include "gpu_test_util.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using namespace kernbench::tl::gpu_test;
using data::DType;
using data::Shape;

namespace {

/// load A, add 1 to it, load B: the op log of one program.
std::vector<Rec> run_load_add_load(bool in_order) {
  Runner r(gpu({std::string("pe.cpu.in_order=") + (in_order ? "true" : "false")}),
           RunOptions{Mode::timing});
  const Ptr a = r.allocate(Shape{256}, DType::f32, "a");
  const Ptr b = r.allocate(Shape{256}, DType::f32, "b");
  r.launch("lal", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 256);
    auto x = tl.load(a + offs);
    auto y = x + 1.0;
    auto z = tl.load(b + offs);
  });
  return records(r);
}

}  // namespace

TEST(GpuIssue, InOrderAMathOpOnALoadedTileIssuesAfterTheLoadAndStallsTheNextCommand) {
  const std::vector<Rec> recs = run_load_add_load(true);
  const std::vector<Rec> loads = named(recs, "load");
  const std::vector<Rec> adds = named(recs, "add");
  ASSERT_EQ(loads.size(), 2u);
  ASSERT_EQ(adds.size(), 1u);
  const Rec& la = loads[0];
  const Rec& add = adds[0];
  const Rec& lb = loads[1];
  // The add waits at issue for its operand, then takes one issue cycle; the
  // math pipes are idle, so it starts as it is issued.
  EXPECT_EQ(add.issue, la.end + 1 * kCycle);
  EXPECT_EQ(add.start, add.issue);
  // The next load is behind the add in program order: issued after it
  // (its address arithmetic and issue take CPU cycles after the add's).
  EXPECT_GT(lb.issue, add.issue);
  EXPECT_GT(lb.start, la.end);
}

TEST(GpuIssue, OutOfOrderTheSameProgramRunsAheadOfTheLoad) {
  const std::vector<Rec> recs = run_load_add_load(false);
  const std::vector<Rec> loads = named(recs, "load");
  const std::vector<Rec> adds = named(recs, "add");
  ASSERT_EQ(loads.size(), 2u);
  ASSERT_EQ(adds.size(), 1u);
  // Everything is issued while the first load is in flight; the add still
  // starts only when its operand is there.
  EXPECT_LT(adds[0].issue, loads[0].end);
  EXPECT_LT(loads[1].issue, loads[0].end);
  EXPECT_GE(adds[0].start, loads[0].end);
}

namespace {

/// Two programs on one PE each load a 128 x f32 row (their own) and run one
/// math op on it broadcast to 64 x 128 = 8192 elements: program 0 `op0`,
/// program 1 `op1` ("exp" or "add"). Returns the two math records, by program.
std::pair<Rec, Rec> run_two_math(const std::string& op0, const std::string& op1,
                                 const std::vector<std::string>& sets = {}) {
  Runner r(gpu(sets), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{2 * 128}, DType::f32, "x");
  r.launch("math2", Grid{2}, [&](Program& tl) {
    const std::int64_t p = tl.program_id(0);
    auto row = tl.broadcast_to(tl.load(x + p * 128 + tl.arange(0, 128)), Shape{64, 128});
    auto y = (p == 0 ? op0 : op1) == "exp" ? tl.exp(row) : row + 1.0;
  });
  const std::vector<Rec> recs = records(r);
  const std::vector<Rec> m0 = named(recs, op0, 0);
  const std::vector<Rec> m1 = named(recs, op1, 1);
  EXPECT_EQ(m0.size(), 1u);
  EXPECT_EQ(m1.size(), 1u);
  return {m0.at(0), m1.at(0)};
}

}  // namespace

TEST(GpuIssue, PipelinedMathOverlapsAnExpAndAnAddOfTwoPrograms) {
  // 8192 f32 elements on 128 lanes:
  //   exp: the transcendental pipe at 0.125 per lane per cycle,
  //        8192 / 16 = 512 cycles busy, + 20 latency = 532 cycles;
  //   add: the simple pipe at 1 per lane per cycle,
  //        8192 / 128 = 64 cycles busy, + 4 latency = 68 cycles.
  // Different pipes: each takes its own time however the two overlap.
  const auto [exp, add] = run_two_math("exp", "add");
  EXPECT_EQ(exp.end - exp.start, 532 * kCycle);
  EXPECT_EQ(add.end - add.start, 68 * kCycle);
  EXPECT_LT(add.start, exp.end);  // they overlap
  EXPECT_LT(exp.start, add.end);
  // One unpipelined engine takes the add only after the exp's 532 cycles.
  const auto [exp1, add1] = run_two_math("exp", "add", {"pe.math.pipelined=false"});
  EXPECT_GE(add1.start, exp1.end);
}

TEST(GpuIssue, PipelinedMathSerialisesTwoAddsOnTheSimplePipe) {
  // Both adds need the simple pipe for 64 cycles: the second starts its
  // pipe work when the first's is done, so it ends 64 + 64 + 4 = 132 cycles
  // after the first started (the second must have arrived before the
  // first's 64 cycles were over for this to show).
  const auto [first, second] = run_two_math("add", "add");
  const auto [a, b] =
      first.start <= second.start ? std::pair{first, second} : std::pair{second, first};
  ASSERT_LT(b.start, a.start + 64 * kCycle);
  EXPECT_EQ(a.end - a.start, 68 * kCycle);
  EXPECT_EQ(b.end, a.start + 132 * kCycle);
}

namespace {

struct Loop {
  sim::Tick duration = 0;
  std::vector<Rec> recs;
  std::uint64_t tcm_footprint = 0;  ///< Runner::occupancy().tcm_bytes after the launch
};

/// One program streams `trips` rows of 256 x f32 (1 KiB apart, a constant
/// step) through `acc = acc + x[k]` in tl.range(0, trips, 1, stages).
Loop run_loop(int stages, std::int64_t trips, Ptr* base = nullptr) {
  Runner r(gpu(), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{trips * 256}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{256}, DType::f32, "out");
  if (base != nullptr) *base = x;
  Loop l;
  l.duration = r.launch("stream", Grid{1}, [&](Program& tl) {
                  auto offs = tl.arange(0, 256);
                  auto acc = tl.zeros(Shape{256}, DType::f32);
                  for (auto k : tl.range(0, trips, 1, stages)) {
                    acc = acc + tl.load(x + k * 256 + offs);
                  }
                  tl.store(out + offs, acc);
                }).duration();
  l.recs = records(r);
  l.tcm_footprint = r.occupancy().tcm_bytes;
  return l;
}

}  // namespace

TEST(GpuPipeline, APipelinedLoopHoldsStagesBuffersPerLoadSite) {
  // One load site of 256 x f32 = 1 KiB: the staging ring is S buffers, as
  // the compiled kernel's shared memory, whether or not the loop runs long
  // enough to fill it.
  for (const std::int64_t trips : {1, 2, 8}) {
    for (int stages : {2, 3, 4}) {
      SCOPED_TRACE(std::to_string(trips) + " trips, " + std::to_string(stages) + " stages");
      EXPECT_EQ(run_loop(stages, trips).tcm_footprint, static_cast<std::uint64_t>(stages) * 1024);
    }
  }
}

TEST(GpuPipeline, ARingLargerThanTheTcmRunsWithTheBuffersThatFit) {
  // Four stages of a 1 KiB load in a 3 KiB TCM: the ring cannot be whole.
  // A load's own buffer comes before the prefetches that run ahead of it,
  // so the loop runs with the prefetches that fit instead of deadlocking.
  const std::int64_t trips = 8;
  Runner r(gpu({"pe.tcm.size=3KiB"}), RunOptions{Mode::data});
  const Ptr x = r.allocate(Shape{trips * 256}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{256}, DType::f32, "out");
  std::vector<float> xs(static_cast<std::size_t>(trips * 256));
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<float>(i % 7);
  r.upload(x, data::from_vector(xs, Shape{trips * 256}));
  r.launch("stream", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 256);
    auto acc = tl.zeros(Shape{256}, DType::f32);
    for (auto k : tl.range(0, trips, 1, 4)) acc = acc + tl.load(x + k * 256 + offs);
    tl.store(out + offs, acc);
  });
  const data::Array got = r.download(out, Shape{256});
  for (std::int64_t i = 0; i < 256; ++i) {
    float want = 0;
    for (std::int64_t k = 0; k < trips; ++k) want += static_cast<float>((k * 256 + i) % 7);
    EXPECT_EQ(got.get_double(i), want) << "element " << i;
  }
  // Still pipelined: the prefetches that fit were issued.
  EXPECT_FALSE(named(records(r), "prefetch").empty());
}

TEST(GpuPipeline, AProgramWhoseLoopRunsOnceStillReservesItsRingInTheOccupancy) {
  // As in a causal attention: program 0's loop runs one trip, the others'
  // eight. Each trip loads two 1 KiB tiles, the first consumed before the
  // second is loaded (a stall inside the loop). Three stages: the compiled
  // kernel holds 3 x 2 KiB of staging per program, whatever its trip count.
  // Program 0 alone shows the footprint first; its stall before the second
  // load must not admit more programs than the 16 KiB TCM holds rings for,
  // or the others wait for TCM they hold themselves.
  Runner r(gpu({"pe.tcm.size=16KiB"}), RunOptions{Mode::data});
  const std::int64_t programs = 12;
  const Ptr x = r.allocate(Shape{8 * 512}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{programs * 256}, DType::f32, "out");
  std::vector<float> xs(8 * 512);
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<float>(i % 5);
  r.upload(x, data::from_vector(xs, Shape{8 * 512}));
  r.launch("once_then_many", Grid{programs}, [&](Program& tl) {
    const std::int64_t pid = tl.program_id(0);
    const std::int64_t trips = pid == 0 ? 1 : 8;
    auto offs = tl.arange(0, 256);
    auto acc = tl.zeros(Shape{256}, DType::f32);
    for (auto k : tl.range(0, trips, 1, 3)) {
      auto a = tl.load(x + k * 512 + offs);
      auto m = tl.max(a, 0);  // waits for the first tile
      auto b = tl.load(x + k * 512 + 256 + offs);
      acc = acc + a + b + m;
    }
    tl.store(out + pid * 256 + offs, acc);
  });
  const data::Array got = r.download(out, Shape{programs * 256});
  for (std::int64_t p = 0; p < programs; ++p) {
    const std::int64_t trips = p == 0 ? 1 : 8;
    for (std::int64_t i = 0; i < 256; i += 85) {
      float want = 0;
      for (std::int64_t k = 0; k < trips; ++k) {
        float m = 0;
        for (std::int64_t j = 0; j < 256; ++j) {
          m = std::max(m, static_cast<float>((k * 512 + j) % 5));
        }
        want +=
            static_cast<float>((k * 512 + i) % 5) + static_cast<float>((k * 512 + 256 + i) % 5) + m;
      }
      EXPECT_EQ(got.get_double(p * 256 + i), want) << "program " << p << ", element " << i;
    }
  }
  EXPECT_LE(r.occupancy().programs, 2u);  // 16 KiB / (3 x 2 KiB) rings
}

TEST(GpuPipeline, ALoadThatItsOwnProgramLeavesNoTcmForGoesToRegisters) {
  // One program streams 2 KiB rows through a 3 KiB TCM, keeping the last
  // row alive while it loads the next (as a persistent softmax's `row`):
  // the two copies never fit together, and no other program could free
  // them. The load goes to registers instead of waiting for ever.
  const std::int64_t trips = 4;
  Runner r(gpu({"pe.tcm.size=3KiB"}), RunOptions{Mode::data});
  const Ptr x = r.allocate(Shape{trips * 512}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{512}, DType::f32, "out");
  std::vector<float> xs(static_cast<std::size_t>(trips * 512));
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<float>(i % 11);
  r.upload(x, data::from_vector(xs, Shape{trips * 512}));
  r.launch("rows", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 512);
    auto acc = tl.zeros(Shape{512}, DType::f32);
    std::optional<Tensor> row;
    for (auto k : tl.range(0, trips, 1, 2)) {
      auto next = tl.load(x + k * 512 + offs);
      acc = acc + next;
      row = next;
    }
    tl.store(out + offs, acc);
  });
  const data::Array got = r.download(out, Shape{512});
  for (std::int64_t i = 0; i < 512; i += 37) {
    float want = 0;
    for (std::int64_t k = 0; k < trips; ++k) want += static_cast<float>((k * 512 + i) % 11);
    EXPECT_EQ(got.get_double(i), want) << "element " << i;
  }
}

TEST(GpuPipeline, ARingSlotIsRefilledOnlyAfterTheCommandsOfItsIterationComplete) {
  const std::int64_t trips = 8;
  for (int stages : {2, 3}) {
    SCOPED_TRACE(stages);
    Ptr x;
    const Loop l = run_loop(stages, trips, &x);
    const std::vector<Rec> adds = named(l.recs, "add");
    ASSERT_EQ(adds.size(), static_cast<std::size_t>(trips));
    int refills = 0;
    for (const Rec& p : named(l.recs, "prefetch")) {
      const auto m = static_cast<std::int64_t>((p.src - x.addr) / 1024);
      if (m < stages) continue;  // the ring is still filling: a buffer of its own
      // The slot of iteration m - S: its add (the buffer's reader) ends first.
      EXPECT_GE(p.start, adds[m - stages].end) << "prefetch of iteration " << m;
      ++refills;
    }
    EXPECT_EQ(refills, trips - stages);
  }
}

TEST(GpuPipeline, APipelinedLoopPrefetchesItsLoadsAtMostStagesMinusOneIterationsAhead) {
  const std::int64_t trips = 8;
  for (int stages : {2, 3, 4}) {
    SCOPED_TRACE(stages);
    Ptr x;
    const Loop l = run_loop(stages, trips, &x);
    const std::vector<Rec> adds = named(l.recs, "add");
    const std::vector<Rec> prefetches = named(l.recs, "prefetch");
    ASSERT_EQ(adds.size(), static_cast<std::size_t>(trips));  // in issue order: by iteration
    // Iteration 1 is the first to see the step, so iterations 2 .. trips - 1
    // are prefetched, each once.
    ASSERT_EQ(prefetches.size(), static_cast<std::size_t>(trips - 2));
    std::vector<bool> seen(trips, false);
    for (const Rec& p : prefetches) {
      const auto m = static_cast<std::int64_t>((p.src - x.addr) / 1024);
      ASSERT_GE(m, 2);
      ASSERT_LT(m, trips);
      EXPECT_FALSE(seen[m]);
      seen[m] = true;
      // Issued during iteration d = max(1, m - (stages - 1)): after the add
      // of iteration d - 1 and before the add of iteration d. So never more
      // than stages - 1 iterations ahead, and exactly that many once the
      // loop is under way.
      const std::int64_t during = std::max<std::int64_t>(1, m - (stages - 1));
      EXPECT_GT(p.issue, adds[during - 1].issue) << "prefetch of iteration " << m;
      EXPECT_LT(p.issue, adds[during].issue) << "prefetch of iteration " << m;
    }
  }
}

TEST(GpuPipeline, APipelinedLoopIsFasterThanTheSameLoopInOneStage) {
  const std::int64_t trips = 8;
  const Loop one = run_loop(1, trips);
  const Loop three = run_loop(3, trips);
  EXPECT_TRUE(named(one.recs, "prefetch").empty());
  // In one stage each load is issued only after the previous iteration's add
  // had its operand, i.e. after the previous load completed: the loads are
  // serial.
  const std::vector<Rec> loads = named(one.recs, "load");
  ASSERT_EQ(loads.size(), static_cast<std::size_t>(trips));
  for (std::size_t k = 1; k < loads.size(); ++k) EXPECT_GT(loads[k].issue, loads[k - 1].end);
  EXPECT_LT(three.duration, one.duration);
}

namespace {

/// `grid` programs of one load each on 4 PEs; the first command of each.
std::vector<Rec> run_dispatch(const std::string& interval, std::int64_t grid) {
  Runner r(gpu({"pe.count=4", "launch.dispatch_interval=" + interval}), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{grid * 256}, DType::f32, "x");
  r.launch("dispatch", Grid{grid}, [&](Program& tl) {
    auto v = tl.load(x + tl.program_id(0) * 256 + tl.arange(0, 256));
    tl.debug_barrier();
  });
  return first_commands(records(r), grid);
}

}  // namespace

TEST(GpuDispatch, TheBlockSchedulerStartsOneProgramPerDispatchInterval) {
  // 12 programs, 4 PEs of 32 contexts: room for all at once, but the block
  // scheduler starts one program per 50 ns, chip-wide, in program order.
  // Every program does the same CPU work before its first command, so the
  // first commands are issued exactly 50 ns apart.
  const std::int64_t grid = 12;
  const std::vector<Rec> first = run_dispatch("50ns", grid);
  for (std::int64_t i = 1; i < grid; ++i) {
    EXPECT_EQ(first[i].issue - first[0].issue, static_cast<sim::Tick>(i) * sim::ns(50))
        << "program " << i;
  }
  // Without an interval the first program of every PE starts at once.
  const std::vector<Rec> at_once = run_dispatch("0ps", 4);
  for (std::int64_t i = 1; i < 4; ++i) EXPECT_EQ(at_once[i].issue, at_once[0].issue);
}

namespace {

struct TwoReads {
  Rec second;
  std::uint64_t hbm_bytes = 0;
};

/// One program loads the same 512 B row twice, waiting in between.
TwoReads run_two_reads(const std::string& l1_size) {
  // No L2, so every miss is HBM traffic.
  Runner r(gpu({"cache.enabled=false", "pe.l1.size=" + l1_size}), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{128}, DType::f32, "x");
  r.launch("twice", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 128);
    auto a = tl.load(x + offs);
    tl.debug_barrier();
    auto b = tl.load(x + offs);
  });
  const std::vector<Rec> loads = named(records(r), "load");
  EXPECT_EQ(loads.size(), 2u);
  return {loads.at(1), hbm_bytes(r)};
}

}  // namespace

TEST(GpuL1, ARowReadTwiceIsServedTheSecondTimeByTheL1) {
  // The second read hits all 4 lines of 128 B: it takes the hit latency,
  // 32 cycles (its 512 B on the 128 B/cycle TCM ports take 4, hidden), and
  // HBM serves only the first read's 512 B.
  const TwoReads r = run_two_reads("256KiB");
  EXPECT_EQ(r.second.end - r.second.start, 32 * kCycle);
  EXPECT_EQ(r.hbm_bytes, 512u);
}

TEST(GpuL1, WithoutAnL1TheSecondReadGoesToMemory) {
  const TwoReads r = run_two_reads("0B");
  EXPECT_EQ(r.hbm_bytes, 1024u);
  EXPECT_GE(r.second.end - r.second.start, sim::ns(600));  // the HBM latency
}

TEST(GpuL1, ASecondReadOfALineStillInFlightCompletesNoEarlierThanTheFirst) {
  // Two loads of the same 512 B row back to back (a load waits for nothing,
  // so the second starts while the first is still in memory). The second
  // finds the lines the first is fetching: it may share that fetch (HBM
  // still serves 512 B) but its data cannot arrive before the first's.
  Runner r(gpu({"cache.enabled=false"}), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{128}, DType::f32, "x");
  r.launch("twice", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 128);
    auto a = tl.load(x + offs);
    auto b = tl.load(x + offs);
  });
  const std::vector<Rec> loads = named(records(r), "load");
  ASSERT_EQ(loads.size(), 2u);
  ASSERT_LT(loads[1].start, loads[0].end);  // the first is in flight
  EXPECT_GE(loads[1].end, loads[0].end);
  EXPECT_EQ(hbm_bytes(r), 512u);
}

namespace {

/// Two programs, one context: each copies its 256 x f32 row.
std::vector<Rec> run_copy(bool in_order, LaunchResult* res) {
  Runner r(gpu({"pe.contexts=1", std::string("pe.cpu.in_order=") + (in_order ? "true" : "false")}),
           RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{512}, DType::f32, "x");
  const Ptr y = r.allocate(Shape{512}, DType::f32, "y");
  *res = r.launch("copy", Grid{2}, [&](Program& tl) {
    auto offs = tl.program_id(0) * 256 + tl.arange(0, 256);
    tl.store(y + offs, tl.load(x + offs));
  });
  return records(r);
}

}  // namespace

TEST(GpuStores, AnInOrderProgramRetiresBeforeItsStoreCompletesAndTheLaunchWaitsForIt) {
  LaunchResult res;
  const std::vector<Rec> recs = run_copy(true, &res);
  const std::vector<Rec> stores = named(recs, "store");
  const std::vector<Rec> loads = named(recs, "load");
  ASSERT_EQ(stores.size(), 2u);
  ASSERT_EQ(loads.size(), 2u);
  // One context: program 1 starts only once program 0 has left it, yet its
  // load is issued while program 0's store is still in flight.
  EXPECT_EQ(stores[0].program, 0);
  EXPECT_EQ(loads[1].program, 1);
  EXPECT_LT(loads[1].issue, stores[0].end);
  // The launch ends with the last store's completion.
  sim::Tick last = 0;
  for (const Rec& rec : recs) last = std::max(last, rec.end);
  EXPECT_EQ(stores[1].end, last);
  EXPECT_EQ(res.end, last);
}

TEST(GpuStores, AnOutOfOrderProgramHoldsItsContextUntilItsStoreCompletes) {
  LaunchResult res;
  const std::vector<Rec> recs = run_copy(false, &res);
  const std::vector<Rec> stores = named(recs, "store");
  const std::vector<Rec> loads = named(recs, "load");
  ASSERT_EQ(stores.size(), 2u);
  ASSERT_EQ(loads.size(), 2u);
  EXPECT_EQ(loads[1].program, 1);
  EXPECT_GE(loads[1].issue, stores[0].end);
  EXPECT_EQ(res.end, stores[1].end);
}

namespace {

/// One program stores 1.0 to a row (after reading it first when `warm`),
/// loads the row back and copies it to y; returns y.
data::Array run_store_load(const std::vector<std::string>& sets, bool warm) {
  Runner r(gpu(sets));
  const Ptr x = r.allocate(Shape{128}, DType::f32, "x");
  const Ptr y = r.allocate(Shape{128}, DType::f32, "y");
  r.upload(x, data::full(Shape{128}, 0.0, DType::f32));
  r.launch("raw", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 128);
    if (warm) {
      auto old = tl.load(x + offs);
      tl.debug_barrier();
    }
    tl.store(x + offs, tl.full(Shape{128}, 1.0, DType::f32));
    tl.store(y + offs, tl.load(x + offs));
  });
  return r.download(y, Shape{128});
}

}  // namespace

TEST(GpuStores, AProgramLoadsWhatItStoredBefore) {
  // A program's own store is visible to its later load of the same
  // addresses, however the two travel (posted store, L2 and L1 hits).
  for (const auto& [sets, warm] : std::vector<std::pair<std::vector<std::string>, bool>>{
           {{}, false},                       // h200: L2 write-allocates, the load hits it
           {{}, true},                        // the row is in L1 too
           {{"cache.enabled=false"}, false},  // HBM only
       }) {
    SCOPED_TRACE(::testing::Message() << (sets.empty() ? "h200" : sets[0]) << " warm=" << warm);
    const data::Array y = run_store_load(sets, warm);
    int stale = 0;
    for (std::int64_t i = 0; i < 128; ++i) stale += y.get_double(i) != 1.0 ? 1 : 0;
    EXPECT_EQ(stale, 0) << "of 128 elements read the value from before the store";
  }
}
