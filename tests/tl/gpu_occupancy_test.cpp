// Occupancy, register-file tiles and spills of the GPU execution model
// (in-order PEs with threads, a register file and a TCM as shared memory).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "data/random.hpp"
#include "data/verify.hpp"
#include "gpu_test_util.hpp"
#include "tl/errors.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using namespace kernbench::tl::gpu_test;
using data::DType;
using data::Shape;

namespace {

struct Occupancy {
  std::uint64_t by_threads = 0;  ///< Runner::max_resident_by_threads() of the launch
  Runner::Occupancy learnt;      ///< Runner::occupancy() after the launch
  int peak = 0;                  ///< most programs inside the kernel at once
  std::int64_t first_wave = 0;   ///< programs that issued their load before the first load ended
};

/// What each program does with its tile of `elems` f32.
enum class Body {
  copy,     ///< load it and store it elsewhere (the store waits for the load)
  barrier,  ///< load it and wait for it in debug_barrier()
};

/// Runs `grid` programs on one PE, each holding one tile for a memory
/// latency. `peak` counts programs between entry and return: all of a wave
/// enter together and stay until their loads complete, so the first wave's
/// size is the number of resident programs.
Occupancy run_hold(const hw::HwConfig& cfg, int num_warps, std::int64_t grid, std::int64_t elems,
                   Body body = Body::copy) {
  Runner r(cfg, RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{grid * elems}, DType::f32, "x");
  const Ptr y = r.allocate(Shape{grid * elems}, DType::f32, "y");
  int live = 0;
  Occupancy o;
  r.launch(
      "hold", Grid{grid},
      [&](Program& tl) {
        o.peak = std::max(o.peak, ++live);
        auto offs = tl.program_id(0) * elems + tl.arange(0, elems);
        auto t = tl.load(x + offs);
        if (body == Body::copy) {
          tl.store(y + offs, t);
        } else {
          tl.debug_barrier();
        }
        --live;
      },
      LaunchOptions{num_warps, 1});
  o.by_threads = r.max_resident_by_threads();
  o.learnt = r.occupancy();
  const std::vector<Rec> loads = named(records(r), "load");
  const auto first =
      std::find_if(loads.begin(), loads.end(), [](const Rec& l) { return l.program == 0; });
  for (const Rec& l : loads) o.first_wave += l.issue < first->end ? 1 : 0;
  return o;
}

}  // namespace

TEST(GpuOccupancy, ThreadsLimitResidentProgramsToThreadsOverNumWarpsTimesWarpSize) {
  // 2048 threads per PE, 32 threads per warp, 32 contexts:
  //   num_warps = 4:  2048 / (4 x 32)  = 16 programs
  //   num_warps = 8:  2048 / (8 x 32)  = 8
  //   num_warps = 32: 2048 / (32 x 32) = 2
  // A 1 KiB tile per program keeps registers (16 x 1 KiB of 256 KiB) and the
  // TCM (unused: the tiles are registers) out of the way.
  const hw::HwConfig cfg = gpu({"pe.threads=2048", "pe.warp_size=32", "pe.contexts=32"});
  for (const auto& [warps, resident] : std::vector<std::pair<int, int>>{{4, 16}, {8, 8}, {32, 2}}) {
    SCOPED_TRACE(warps);
    const Occupancy o = run_hold(cfg, warps, 3 * resident, 256);
    EXPECT_EQ(o.by_threads, static_cast<std::uint64_t>(resident));
    EXPECT_EQ(o.learnt.programs, static_cast<std::uint64_t>(resident));
    EXPECT_EQ(o.learnt.limiter, "threads");
    EXPECT_EQ(o.learnt.register_bytes, 1024u);
    EXPECT_EQ(o.peak, resident);
    EXPECT_EQ(o.first_wave, resident);
  }
}

TEST(GpuOccupancy, ContextsCapTheThreadLimit) {
  // num_warps = 1: 2048 / 32 = 64 programs by threads, but only 32 contexts.
  const hw::HwConfig cfg = gpu({"pe.threads=2048", "pe.warp_size=32", "pe.contexts=32"});
  const Occupancy o = run_hold(cfg, 1, 64, 256);
  EXPECT_EQ(o.by_threads, 32u);
  EXPECT_EQ(o.learnt.limiter, "contexts");
  EXPECT_EQ(o.peak, 32);
}

TEST(GpuOccupancy, TheRegisterFileLimitsResidentProgramsToItsSizeOverAProgramsRegisters) {
  // Each program holds one 1024 x f32 = 4096 B register tile. With a 20 KiB
  // register file: floor(20480 / 4096) = 5 programs, below the 16 the
  // threads allow (num_warps = 4). Spills start only above
  // 4 x 32 x 1020 B = 130560 B per program, so none here.
  const hw::HwConfig cfg = gpu({"pe.regfile.size=20KiB"});
  const Occupancy o = run_hold(cfg, 4, 15, 1024);
  EXPECT_EQ(o.by_threads, 16u);
  EXPECT_EQ(o.learnt.register_bytes, 4096u);
  EXPECT_EQ(o.learnt.programs, 5u);
  EXPECT_EQ(o.learnt.limiter, "registers");
  EXPECT_EQ(o.peak, 5);
  EXPECT_EQ(o.first_wave, 5);
}

TEST(GpuOccupancy, TheTcmLimitsResidentProgramsToItsSizeOverAProgramsSharedMemory) {
  // Without a register file the 4096 B tiles live in the TCM: a 12 KiB TCM
  // holds floor(12288 / 4096) = 3 programs (threads would allow 16). The
  // footprint is learnt from a finished program only (a TCM allocation
  // blocks, so an early under-estimate could deadlock): the first wave
  // holds one program per PE.
  const hw::HwConfig cfg = gpu({"pe.regfile.size=0B", "pe.tcm.size=12KiB"});
  const Occupancy o = run_hold(cfg, 4, 9, 1024);
  EXPECT_EQ(o.by_threads, 16u);
  EXPECT_EQ(o.learnt.tcm_bytes, 4096u);
  EXPECT_EQ(o.learnt.programs, 3u);
  EXPECT_EQ(o.learnt.limiter, "shared memory (TCM)");
  EXPECT_EQ(o.peak, 3);
  EXPECT_EQ(o.first_wave, 1);
}

TEST(GpuOccupancy, ATileLiveAcrossAStallCountsTowardTheRegisterFootprint) {
  // As above, but the program waits for its 4096 B tile in debug_barrier()
  // instead of a store: the tile is just as live between the operations, so
  // the register file still holds floor(20480 / 4096) = 5 programs.
  const hw::HwConfig cfg = gpu({"pe.regfile.size=20KiB"});
  const Occupancy o = run_hold(cfg, 4, 15, 1024, Body::barrier);
  EXPECT_EQ(o.learnt.register_bytes, 4096u);
  EXPECT_EQ(o.learnt.programs, 5u);
  EXPECT_EQ(o.peak, 5);
}

TEST(GpuOccupancy, SpilledBytesDoNotCountTowardTheRegisterFootprint) {
  // num_warps = 1 and per_thread = 128 B: a program holds at most
  // 1 x 32 x 128 = 4096 B of registers. Each program loads two 4096 B tiles
  // and adds them; the second tile (and the sum) spill, so the program keeps
  // 4096 B in registers and the rest in memory. A 16 KiB register file then
  // holds floor(16384 / 4096) = 4 programs (threads: 2048 / 32 = 64, capped
  // at 32 contexts).
  Runner r(gpu({"pe.regfile.size=16KiB", "pe.regfile.per_thread=128B"}), RunOptions{Mode::timing});
  const std::int64_t grid = 12;
  const Ptr x = r.allocate(Shape{grid * 2048}, DType::f32, "x");
  const Ptr y = r.allocate(Shape{grid * 1024}, DType::f32, "y");
  int live = 0, peak = 0;
  r.launch(
      "spill", Grid{grid},
      [&](Program& tl) {
        peak = std::max(peak, ++live);
        const std::int64_t p = tl.program_id(0);
        auto offs = tl.arange(0, 1024);
        auto a = tl.load(x + p * 2048 + offs);
        auto b = tl.load(x + p * 2048 + 1024 + offs);
        tl.store(y + p * 1024 + offs, a + b);
        --live;
      },
      LaunchOptions{1, 1});
  const Runner::Occupancy o = r.occupancy();
  EXPECT_EQ(o.register_bytes, 4096u);
  EXPECT_EQ(o.programs, 4u);
  EXPECT_EQ(peak, 4);
}

TEST(GpuOccupancy, AnInOrderPeWithoutARegisterFileRunsAKernelWhoseProgramsFitTheTcmOneAtATime) {
  // No register file: every tile is TCM. Each program holds x (4096 B) and
  // then x + 1 (4096 B more): 8192 B, which a 12 KiB TCM holds for one
  // program at a time, floor(12288 / 8192) = 1. An estimate of the
  // footprint taken before x + 1 exists (4096 B, 3 programs) must not leave
  // three programs each waiting for TCM the others hold.
  const std::int64_t grid = 9, n = 1024;
  Runner r(gpu({"pe.regfile.size=0B", "pe.tcm.size=12KiB"}));
  const Ptr x = r.allocate(Shape{grid * n}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{grid * n}, DType::f32, "out");
  const data::Array xv = data::random_array(Shape{grid * n}, DType::f32, 5, -1, 1);
  r.upload(x, xv);
  ASSERT_NO_THROW(r.launch("fit1", Grid{grid}, [&](Program& tl) {
    auto offs = tl.program_id(0) * n + tl.arange(0, n);
    tl.store(out + offs, tl.load(x + offs) + 1.0);
  }));
  const data::Array ref =
      data::binary(data::BinOp::add, xv, data::full(Shape{grid * n}, 1.0, DType::f32));
  const data::VerifyResult vr = data::verify(r.download(out, Shape{grid * n}), ref);
  EXPECT_TRUE(vr.passed) << vr.to_string();
  EXPECT_EQ(r.occupancy().tcm_bytes, 8192u);
  EXPECT_EQ(r.occupancy().programs, 1u);
}

TEST(GpuRegisterFile, ATileLargerThanTheTcmRunsInTheRegisterFile) {
  // 8192 x f32 = 32 KiB tiles, a 16 KiB TCM, a 256 KiB register file: x and
  // x + 1 (64 KiB) are registers, below 4 x 32 x 1020 B = 130560 B per
  // program, so nothing spills and the TCM stays empty.
  const std::int64_t n = 8192;
  Runner r(gpu({"pe.tcm.size=16KiB"}));
  const Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{n}, DType::f32, "out");
  const data::Array xv = data::random_array(Shape{n}, DType::f32, 11, -1, 1);
  r.upload(x, xv);
  r.launch("big", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, n);
    auto v = tl.load(x + offs);
    tl.store(out + offs, v + 1.0);
  });
  const data::Array ref = data::binary(data::BinOp::add, xv, data::full(Shape{n}, 1.0, DType::f32));
  const data::VerifyResult vr = data::verify(r.download(out, Shape{n}), ref);
  EXPECT_TRUE(vr.passed) << vr.to_string();
  EXPECT_EQ(r.chip().pe(0).tcm().peak(), 0u);
  EXPECT_EQ(r.chip().pe(0).regfile().peak(), 2u * 32768u);
}

TEST(GpuRegisterFile, WithoutARegisterFileTheSameTileIsTheTcmError) {
  const std::int64_t n = 8192;
  Runner r(gpu({"pe.tcm.size=16KiB", "pe.regfile.size=0B"}));
  const Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{n}, DType::f32, "out");
  try {
    r.launch("big", Grid{1}, [&](Program& tl) {
      auto offs = tl.arange(0, n);
      tl.store(out + offs, tl.load(x + offs) + 1.0);
    });
    FAIL() << "expected KernelError";
  } catch (const KernelError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel 'big', program 0 (0, 0, 0) on PE 0, tl.load: a tile of 32768 bytes does "
                 "not fit the TCM of PE 0 (16384 bytes): use smaller tiles or a larger "
                 "pe.tcm.size");
  }
}

TEST(GpuRegisterFile, ATileLargerThanTheTcmLoadedInAPipelinedLoopRunsInTheRegisterFile) {
  // Each of 4 iterations of a 3-stage loop loads 32 KiB into a 16 KiB TCM:
  // no shared-memory buffer that large exists, so the compiled loop would
  // not stage it; the tile goes to the register file and nothing is
  // prefetched.
  const std::int64_t n = 8192, trips = 4;
  Runner r(gpu({"pe.tcm.size=16KiB"}));
  const Ptr x = r.allocate(Shape{trips * n}, DType::f32, "x");
  const Ptr out = r.allocate(Shape{trips * n}, DType::f32, "out");
  const data::Array xv = data::random_array(Shape{trips * n}, DType::f32, 12, -1, 1);
  r.upload(x, xv);
  r.launch(
      "big_loop", Grid{1},
      [&](Program& tl) {
        for (auto i : tl.range(0, trips, 1, 3)) {
          auto offs = i * n + tl.arange(0, n);
          tl.store(out + offs, tl.load(x + offs) + 1.0);
        }
      },
      LaunchOptions{4, 3});
  const data::Array ref =
      data::binary(data::BinOp::add, xv, data::full(Shape{trips * n}, 1.0, DType::f32));
  const data::VerifyResult vr = data::verify(r.download(out, Shape{trips * n}), ref);
  EXPECT_TRUE(vr.passed) << vr.to_string();
  EXPECT_EQ(r.chip().pe(0).tcm().peak(), 0u);
  EXPECT_TRUE(named(records(r), "prefetch").empty());
  EXPECT_EQ(named(records(r), "load").size(), static_cast<std::size_t>(trips));
}

TEST(GpuRegisterFile, AProgramsRegistersAreAtMostTheRegisterFile) {
  // num_warps = 4 allows 4 x 32 x 1020 B = 130560 B per program, but a
  // 48 KiB register file holds no more than 49152 B. The loaded 32 KiB tile
  // and the add's 32 KiB result bring the program to 65536 B: 16384 B over
  // the register file are stored and loaded back, 2 x 16384 B on the TCM
  // ports (128 B per cycle): 256 cycles, more than the add's pipe time
  // (8192 / 128 lanes = 64 cycles + 4 latency). With the preset's 256 KiB
  // register file nothing spills and the pipe decides.
  auto add_cycles = [](const std::vector<std::string>& sets) {
    Runner r(gpu(sets), RunOptions{Mode::timing});
    const Ptr x = r.allocate(Shape{8192}, DType::f32, "x");
    r.launch(
        "spill", Grid{1}, [&](Program& tl) { auto y = tl.load(x + tl.arange(0, 8192)) + 1.0; },
        LaunchOptions{4, 1});
    const std::vector<Rec> adds = named(records(r), "add");
    EXPECT_EQ(adds.size(), 1u);
    return adds.empty() ? 0 : (adds[0].end - adds[0].start) / kCycle;
  };
  EXPECT_EQ(add_cycles({"pe.regfile.size=48KiB"}), 256);
  EXPECT_EQ(add_cycles({}), 68);
}

namespace {

/// One program (num_warps = 1) loads 1024 x f32 (4096 B) and adds 1 to it;
/// returns the add's op-log record. The launch ends when the add completes.
Rec run_add(const std::vector<std::string>& sets, sim::Tick* end = nullptr) {
  Runner r(gpu(sets), RunOptions{Mode::timing});
  const Ptr x = r.allocate(Shape{1024}, DType::f32, "x");
  const LaunchResult res = r.launch(
      "spill", Grid{1}, [&](Program& tl) { auto y = tl.load(x + tl.arange(0, 1024)) + 1.0; },
      LaunchOptions{1, 1});
  if (end != nullptr) *end = res.end;
  const std::vector<Rec> adds = named(records(r), "add");
  EXPECT_EQ(adds.size(), 1u);
  return adds.at(0);
}

}  // namespace

TEST(GpuRegisterFile, ASpillCostsTwiceTheSpilledBytesOnTheTcmPorts) {
  // A program's register limit is num_warps x warp_size x per_thread:
  //   per_thread = 192 B:  1 x 32 x 192  = 6144 B
  //   per_thread = 1020 B: 1 x 32 x 1020 = 32640 B
  // The loaded tile (4096 B) fits either; the add's result brings the
  // program to 8192 B, 2048 B over 6144: those are stored and loaded back,
  // 2 x 2048 = 4096 B on the TCM ports (32 banks x 4 B = 128 B per cycle).
  //
  // With pe.math.tcm_operands the add's own operand and result (4096 + 4096
  // B) cross the ports too, 8192 / 128 = 64 cycles, more than its pipe time
  // (1024 elements / 128 lanes = 8 cycles + 4 latency = 12), so the port
  // decides: 64 cycles without the spill, (8192 + 4096) / 128 = 96
  // with it. The difference is exactly the spill's 4096 / 128 = 32 cycles
  // (128 B per 1000 ps is 7.8125 ps per byte, exact in the port server's
  // fixed point, so there is no rounding).
  const std::vector<std::string> ports = {"pe.math.tcm_operands=true"};
  auto with = [&](std::vector<std::string> s, const std::string& extra) {
    s.push_back(extra);
    return s;
  };
  sim::Tick end_spill = 0, end_fit = 0;
  const Rec spill = run_add(with(ports, "pe.regfile.per_thread=192B"), &end_spill);
  const Rec fit = run_add(with(ports, "pe.regfile.per_thread=1020B"), &end_fit);
  EXPECT_EQ(fit.end - fit.start, 64 * kCycle);
  EXPECT_EQ(spill.end - spill.start, 96 * kCycle);
  EXPECT_EQ(spill.start, fit.start);
  EXPECT_EQ(end_spill - end_fit, 4096 / 128 * kCycle);
}

TEST(GpuRegisterFile, ASpillIsChargedEvenWhenMathOperandsStayInRegisters) {
  // pe.math.tcm_operands = false (the h200 preset): only the spill crosses
  // the ports. The add's pipe takes 8 + 4 = 12 cycles; the spill's 4096 B
  // take 32 cycles from the add's start, so the add ends at 32 instead of 12.
  sim::Tick end_spill = 0, end_fit = 0;
  const Rec spill = run_add({"pe.regfile.per_thread=192B"}, &end_spill);
  const Rec fit = run_add({"pe.regfile.per_thread=1020B"}, &end_fit);
  EXPECT_EQ(fit.end - fit.start, 12 * kCycle);
  EXPECT_EQ(spill.end - spill.start, 32 * kCycle);
  EXPECT_EQ(end_spill - end_fit, 20 * kCycle);
}
