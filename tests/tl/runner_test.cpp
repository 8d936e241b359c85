// End-to-end behaviour of kernel programs on the simulated chip.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "data/random.hpp"
#include "data/verify.hpp"
#include "hw/config/loader.hpp"
#include "tl/errors.hpp"
#include "tl/runner.hpp"

#include <fmt/format.h>

using namespace kernbench;
using namespace kernbench::tl;
using data::DType;
using data::Shape;

namespace {

hw::HwConfig npu(std::vector<std::string> sets = {}) {
  hw::HwConfig cfg = hw::load_preset("npu-default");
  hw::apply_overrides(cfg, sets);
  return cfg;
}

void add_kernel(Program& tl, Ptr x_ptr, Ptr y_ptr, Ptr out_ptr, std::int64_t n,
                std::int64_t BLOCK_SIZE) {
  auto pid = tl.program_id(0);
  auto offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE);
  auto mask = offsets < n;
  auto x = tl.load(x_ptr + offsets, mask);
  auto y = tl.load(y_ptr + offsets, mask);
  tl.store(out_ptr + offsets, x + y, mask);
}

struct VecAdd {
  Ptr x, y, out;
  data::Array xv, yv;
};

VecAdd setup_add(Runner& r, std::int64_t n) {
  VecAdd v;
  v.x = r.allocate(Shape{n}, DType::f32, "x");
  v.y = r.allocate(Shape{n}, DType::f32, "y");
  v.out = r.allocate(Shape{n}, DType::f32, "out");
  if (r.data_mode()) {
    v.xv = data::random_array(Shape{n}, DType::f32, 1, -1, 1);
    v.yv = data::random_array(Shape{n}, DType::f32, 2, -1, 1);
    r.upload(v.x, v.xv);
    r.upload(v.y, v.yv);
  }
  return v;
}

}  // namespace

TEST(Runner, VectorAddComputesTheSumAndTakesSimulatedTime) {
  Runner r(npu());
  const std::int64_t n = 10000;  // not a multiple of the block: the tail is masked
  VecAdd v = setup_add(r, n);
  const LaunchResult res = r.launch("vector_add", Grid{cdiv(n, 1024)},
                                    [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, n, 1024); });
  const data::Array out = r.download(v.out, Shape{n});
  const data::Array ref = data::binary(data::BinOp::add, v.xv, v.yv);
  const data::VerifyResult vr = data::verify(out, ref);
  EXPECT_TRUE(vr.passed) << vr.to_string();
  EXPECT_EQ(vr.max_abs_error, 0.0);
  EXPECT_EQ(res.programs, 10u);
  EXPECT_EQ(res.commands, 40u);  // per program: two loads, one add, one store
  EXPECT_GT(res.end, res.start + r.config().launch.latency.in_ps());
}

namespace {
/// Streams `iters` tiles of 4096 f32 and accumulates them: acc = acc + x.
void stream_kernel(Program& tl, Ptr x, Ptr out, std::int64_t iters) {
  auto offs = tl.arange(0, 4096);
  auto acc = tl.zeros(Shape{4096}, DType::f32);
  for (std::int64_t k = 0; k < iters; ++k) {
    auto t = tl.load(x + k * 4096 + offs);
    acc = acc + t;
  }
  tl.store(out + offs, acc);
}

/// True when a steady-state DMA read overlaps some math command in time.
/// The first two loads are skipped: the accumulator starts as a constant
/// (no TCM), so the first iteration always has a spare stage.
bool dma_overlaps_math(trace::OpLog& log) {
  log.finalize();
  std::vector<std::pair<sim::Tick, sim::Tick>> dma, math;
  int loads = 0;
  for (const trace::OpRecord& rec : log) {
    if (rec.kind == trace::OpKind::DmaRead && ++loads > 2) dma.emplace_back(rec.t_start, rec.t_end);
    if (rec.unit == trace::Unit::math) math.emplace_back(rec.t_start, rec.t_end);
  }
  for (auto [a0, a1] : dma) {
    for (auto [b0, b1] : math) {
      if (a0 < b1 && b0 < a1) return true;
    }
  }
  return false;
}

sim::Tick run_stream(const std::string& tcm, bool& overlapped) {
  Runner r(npu({"pe.tcm.size=" + tcm}));
  Ptr x = r.allocate(Shape{8 * 4096}, DType::f32, "x");
  Ptr out = r.allocate(Shape{4096}, DType::f32, "out");
  r.upload(x, data::random_array(Shape{8 * 4096}, DType::f32, 3, 0, 1));
  const LaunchResult res =
      r.launch("stream", Grid{1}, [&](Program& tl) { stream_kernel(tl, x, out, 8); });
  overlapped = dma_overlaps_math(r.log());
  return res.duration();
}
}  // namespace

TEST(Runner, LoadsOverlapComputeWhenTheTcmHoldsTwoStagesAndNotWithOne) {
  // Live during the add of iteration k: x_k, acc_k and acc_{k+1} (48 KiB).
  // With 48 KiB the load of x_{k+1} waits for that add; with 64 KiB it runs
  // alongside it.
  bool one_stage = true, two_stages = false;
  const sim::Tick t1 = run_stream("48KiB", one_stage);
  const sim::Tick t2 = run_stream("64KiB", two_stages);
  EXPECT_FALSE(one_stage);
  EXPECT_TRUE(two_stages);
  EXPECT_LT(t2, t1);
}

TEST(Runner, StallsAreCountedByCause) {
  // One stage of TCM (see above): the stream kernel's loads wait for TCM.
  Runner r(npu({"pe.tcm.size=48KiB"}));
  Ptr x = r.allocate(Shape{8 * 4096}, DType::f32, "x");
  Ptr out = r.allocate(Shape{4096}, DType::f32, "out");
  r.upload(x, data::random_array(Shape{8 * 4096}, DType::f32, 3, 0, 1));
  r.launch("stream", Grid{1}, [&](Program& tl) { stream_kernel(tl, x, out, 8); });
  EXPECT_GT(r.stats().value("pe0.stall.tcm"), 0.0);
  EXPECT_EQ(r.stats().value("pe1.stall.tcm"), 0.0);
}

TEST(Runner, AProgramThatHoldsMoreLiveTilesThanTheTcmIsADeadlock) {
  Runner r(npu({"pe.tcm.size=32KiB"}));
  Ptr x = r.allocate(Shape{8 * 4096}, DType::f32, "x");
  Ptr out = r.allocate(Shape{4096}, DType::f32, "out");
  try {
    r.launch("stream", Grid{1}, [&](Program& tl) { stream_kernel(tl, x, out, 8); });
    FAIL() << "expected DeadlockError";
  } catch (const DeadlockError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("deadlock: kernel 'stream' cannot make progress"), std::string::npos) << msg;
    EXPECT_NE(msg.find("program 0 (0, 0, 0) on PE 0 waits in tl.add for 16384 bytes of TCM "
                       "(32768 of 32768 bytes in use"),
              std::string::npos)
        << msg;
  }
}

TEST(Runner, TimingOnlyAndDataModeGiveTheSameSimulatedTime) {
  auto run = [](Mode mode) {
    Runner r(npu(), RunOptions{mode});
    const std::int64_t n = 50000;
    VecAdd v = setup_add(r, n);
    return r
        .launch("vector_add", Grid{cdiv(n, 1024)},
                [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, n, 1024); })
        .end;
  };
  EXPECT_EQ(run(Mode::data), run(Mode::timing));
}

TEST(Runner, TheSameLaunchGivesTheSameOpLogTwice) {
  auto run = [] {
    Runner r(npu());
    VecAdd v = setup_add(r, 20000);
    r.launch("vector_add", Grid{20},
             [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, 20000, 1024); });
    r.log().finalize();
    std::vector<std::tuple<sim::Tick, sim::Tick, std::int64_t, int>> recs;
    for (const auto& rec : r.log()) recs.emplace_back(rec.t_start, rec.t_end, rec.program, rec.pe);
    return recs;
  };
  EXPECT_EQ(run(), run());
}

TEST(Runner, AKernelMayBranchOnLoadedData) {
  Runner r(npu());
  Ptr flags = r.allocate(Shape{4}, DType::i32, "flags");
  Ptr out = r.allocate(Shape{4}, DType::i32, "out");
  r.upload(flags, data::from_vector(std::vector<std::int64_t>{0, 5, 0, -1}, Shape{4}, DType::i32));
  r.launch("branch", Grid{4}, [&](Program& tl) {
    auto pid = tl.program_id(0);
    auto f = tl.load(flags + pid);
    if (f.item_int() != 0) {
      tl.store(out + pid, tl.scalar(100, DType::i32) + f);
    } else {
      tl.store(out + pid, tl.scalar(7, DType::i32));
    }
  });
  const data::Array o = r.download(out, Shape{4});
  EXPECT_EQ(o.get_double(0), 7);
  EXPECT_EQ(o.get_double(1), 105);
  EXPECT_EQ(o.get_double(2), 7);
  EXPECT_EQ(o.get_double(3), 99);
}

TEST(Runner, ASpinLockBetweenProgramsTerminatesAndSerialisesTheCriticalSection) {
  // Each program increments a counter with a plain load and store inside a
  // lock taken with atomic_cas and released with atomic_xchg.
  Runner r(npu());
  Ptr lock = r.allocate(Shape{1}, DType::i32, "lock");
  Ptr counter = r.allocate(Shape{1}, DType::f32, "counter");
  r.upload(lock, data::full_int(Shape{1}, 0, DType::i32));
  r.upload(counter, data::full(Shape{1}, 0.0, DType::f32));
  const std::int64_t programs = 48;
  r.launch("locked_increment", Grid{programs}, [&](Program& tl) {
    while (tl.atomic_cas(lock, 0, 1).item_int() == 1) {
    }
    auto v = tl.load(counter);
    tl.store(counter, v + 1.0);
    tl.atomic_xchg(lock, 0);
  });
  EXPECT_EQ(r.download(counter, Shape{1}).get_double(0), static_cast<double>(programs));
  EXPECT_EQ(r.download(lock, Shape{1}).get_double(0), 0.0);
}

TEST(Runner, AnOutOfBoundsLoadNamesTheKernelProgramOpAndAddress) {
  Runner r(npu());
  Ptr x = r.allocate(Shape{100}, DType::f32, "x");
  try {
    r.launch("oob", Grid{2}, [&](Program& tl) {
      auto offs = tl.program_id(0) * 64 + tl.arange(0, 64);
      auto v = tl.load(x + offs);  // unmasked: program 1 reads past the end
      tl.store(x + offs, v, offs < 100);
    });
    FAIL() << "expected KernelError";
  } catch (const KernelError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("kernel 'oob', program 1 (1, 0, 0) on PE 1, tl.load: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("'x'"), std::string::npos) << msg;
    EXPECT_NE(msg.find(fmt::format("{:#x}", x.addr + 64 * 4)), std::string::npos) << msg;
  }
}

TEST(Runner, ATileLargerThanTheTcmIsAClearError) {
  Runner r(npu({"pe.tcm.size=64KiB"}));
  Ptr x = r.allocate(Shape{32768}, DType::f32, "x");
  try {
    r.launch("big", Grid{1}, [&](Program& tl) { (void)tl.load(x + tl.arange(0, 32768)); });
    FAIL() << "expected KernelError";
  } catch (const KernelError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel 'big', program 0 (0, 0, 0) on PE 0, tl.load: a tile of 131072 bytes does "
                 "not fit the TCM of PE 0 (65536 bytes): use smaller tiles or a larger "
                 "pe.tcm.size");
  }
}

TEST(Runner, InspectingAValueInTimingOnlyModeIsAClearError) {
  Runner r(npu(), RunOptions{Mode::timing});
  Ptr x = r.allocate(Shape{16}, DType::f32, "x");
  try {
    r.launch("peek", Grid{1}, [&](Program& tl) {
      auto v = tl.load(x + tl.arange(0, 16));
      if (tl.sum(v).item() > 0) tl.store(x + tl.arange(0, 16), v);
    });
    FAIL() << "expected ValueUnavailableError";
  } catch (const ValueUnavailableError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel 'peek', program 0 (0, 0, 0) on PE 0: the kernel reads the values of a [] "
                 "tile computed on the engines, which do not exist in timing-only mode (it "
                 "branches on data); run it in data mode");
  }
}

TEST(Runner, ANonPowerOfTwoArangeIsAClearError) {
  Runner r(npu());
  try {
    r.launch("odd", Grid{1}, [&](Program& tl) { (void)tl.arange(0, 100); });
    FAIL() << "expected KernelError";
  } catch (const KernelError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel 'odd', program 0 (0, 0, 0) on PE 0, tl.arange(0, 100): the length 100 "
                 "must be a power of two (tile sizes are compile-time powers of two, as in "
                 "Triton)");
  }
}

TEST(Runner, ProgramIdsAreHandedOutInOrderAcrossPesAsContextsFreeUp) {
  // Each program loads one tile; the op log says where each program ran.
  Runner r(npu({"pe.count=2", "fabric.mesh.x=2", "fabric.mesh.y=1", "pe.contexts=1"}),
           RunOptions{Mode::timing, trace::TraceLevel::commands});
  const Ptr x = r.allocate(Shape{64}, DType::f32, "x");
  std::vector<std::int64_t> order;
  r.launch("who", Grid{4}, [&](Program& tl) {
    order.push_back(tl.program_id(0));
    tl.load(x + tl.arange(0, 16) + tl.program_id(0) * 16);
  });
  EXPECT_EQ(order, (std::vector<std::int64_t>{0, 1, 2, 3}));
  r.log().finalize();
  std::vector<std::pair<std::int64_t, int>> placed;
  for (const trace::OpRecord& rec : r.log()) placed.emplace_back(rec.program, rec.pe);
  std::sort(placed.begin(), placed.end());
  EXPECT_EQ(placed, (std::vector<std::pair<std::int64_t, int>>{{0, 0}, {1, 1}, {2, 0}, {3, 1}}));
}

TEST(Replay, ReplayingInStartOrderReproducesARaceFreeRun) {
  Runner r(npu(), RunOptions{Mode::data, trace::TraceLevel::commands, 256 * 1024, true});
  const std::int64_t n = 5000;
  VecAdd v = setup_add(r, n);
  r.launch("vector_add", Grid{cdiv(n, 1024)},
           [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, n, 1024); });
  const ReplayReport rep = r.replay();
  EXPECT_TRUE(rep.matches) << rep.to_string();
  EXPECT_EQ(rep.ops, 20u);  // 5 programs x (2 loads, 1 add, 1 store)
  EXPECT_EQ(rep.to_string(), "replay of 20 ops in t_start order reproduces the run");
}

TEST(Replay, ALoadThatStartsBeforeAnotherProgramsStoreCompletesIsReportedAsARace) {
  // Program 1 starts a long load of x; program 0's short store to x[0..15]
  // starts a cycle later but completes first. Live (effects at completion)
  // the load sees the store; replayed in start order it does not.
  Runner r(npu(), RunOptions{Mode::data, trace::TraceLevel::commands, 256 * 1024, true});
  const std::int64_t n = 16384;
  Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  Ptr y = r.allocate(Shape{n}, DType::f32, "y");
  Ptr scratch = r.allocate(Shape{16}, DType::f32, "scratch");
  r.upload(x, data::full(Shape{n}, 0.0, DType::f32));
  r.launch("race", Grid{2}, [&](Program& tl) {
    if (tl.program_id(0) == 0) {
      (void)tl.load(scratch + tl.arange(0, 16));
      tl.store(x + tl.arange(0, 16), tl.full(Shape{16}, 1.0, DType::f32));
    } else {
      auto offs = tl.arange(0, n);
      tl.store(y + offs, tl.load(x + offs));
    }
  });
  EXPECT_EQ(r.download(y, Shape{n}).get_double(0), 1.0);  // the live run saw the store
  const ReplayReport rep = r.replay();
  ASSERT_FALSE(rep.matches);
  ASSERT_EQ(rep.mismatches.size(), 1u);
  EXPECT_EQ(rep.mismatches[0].allocation, "y");
  EXPECT_EQ(rep.mismatches[0].address, y.addr + 2);        // 1.0f is 00 00 80 3f
  EXPECT_EQ(rep.mismatches[0].differing_bytes, 16u * 2u);  // 1.0f differs from 0.0f in 2 bytes
  ASSERT_EQ(rep.mismatches[0].writers.size(), 1u);
  EXPECT_NE(rep.mismatches[0].writers[0].find("store"), std::string::npos);
  EXPECT_NE(rep.mismatches[0].writers[0].find("program 1 (1, 0, 0)"), std::string::npos)
      << rep.mismatches[0].writers[0];
}

TEST(Runner, AProgramThatSpinsForeverIsStoppedAtTheTimeLimit) {
  RunOptions opts;
  opts.time_limit = sim::us(20);
  Runner r(npu(), opts);
  Ptr lock = r.allocate(Shape{1}, DType::i32, "lock");
  r.upload(lock, data::full_int(Shape{1}, 1, DType::i32));  // held, never released
  try {
    r.launch("spin", Grid{1}, [&](Program& tl) {
      while (tl.atomic_cas(lock, 0, 1).item_int() == 1) {
      }
    });
    FAIL() << "expected KernelError";
  } catch (const KernelError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("kernel 'spin' did not finish within 20.000 us (20000000 ps) of simulated "
                        "time (0 of 1 programs finished, 0 posted stores in flight)",
                        0),
              0u)
        << msg;
    EXPECT_NE(msg.find("kernel 'spin', program 0 (0, 0, 0) on PE 0"), std::string::npos) << msg;
  }
}

// A time limit is a budget an autotuner can give a trial: a launch whose
// duration would be the limit or more stops with TimeLimitError (its posted
// stores included: on h200 the last stores complete after their programs
// retire), and one picosecond more lets it finish with the same duration.
TEST(Runner, ALaunchTakingItsTimeLimitOrMoreStopsAndOnePicosecondMoreFinishes) {
  for (const char* preset : {"npu-default", "h200"}) {
    const hw::HwConfig cfg = hw::load_preset(preset);
    const std::int64_t n = 1 << 16;
    const auto run = [&](sim::Tick limit) {
      RunOptions opts{Mode::timing};
      if (limit > 0) opts.time_limit = limit;
      Runner r(cfg, opts);
      VecAdd v = setup_add(r, n);
      return r.launch("vector_add", Grid{cdiv(n, 1024)},
                      [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, n, 1024); });
    };
    const sim::Tick duration = run(0).duration();
    EXPECT_THROW(run(duration), TimeLimitError) << preset;
    EXPECT_EQ(run(duration + 1).duration(), duration) << preset;
  }
}
