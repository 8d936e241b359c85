// Engine-timed units against hand-derived numbers: one command at a time on
// an otherwise idle chip, time passed explicitly.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hw/cache/cache.hpp"
#include "hw/config/loader.hpp"
#include "hw/runtime/chip.hpp"
#include "sim/process.hpp"

using namespace kernbench;
using namespace kernbench::hw;

namespace {

HwConfig npu(std::vector<std::string> sets = {}) {
  HwConfig cfg = load_preset("npu-default");
  apply_overrides(cfg, sets);
  return cfg;
}

struct Rig {
  explicit Rig(const HwConfig& cfg) : chip(env, cfg, &log, stats) {}
  sim::Engine env;
  trace::OpLog log;
  trace::StatSet stats;
  Chip chip;
};

CommandPtr make(CommandKind kind) {
  auto c = std::make_unique<Command>();
  c->kind = kind;
  return c;
}

// Submits `cmd` on PE `pe` at time `at` and records when it completes.
sim::Process<> issue(sim::Engine& env, Chip& chip, int pe, sim::Tick at, CommandPtr cmd,
                     sim::Tick& done_at) {
  co_await env.timeout(at);
  Completion done = env.event<trace::OpId>();
  cmd->done = done;
  co_await chip.pe(pe).submit(std::move(cmd));
  co_await done;
  done_at = env.now();
}

}  // namespace

TEST(GemmEngine, ACommandTakesTheSystolicModelsCyclesAtTheChipClock) {
  // 64x64 WS array at 1 GHz: 128x128x64 f16 -> S_R=K=64, S_C=N=128, T=M=128:
  // SCALE-Sim's Total Cycles: ceil(64/64) * ceil(128/64) = 2 folds of
  // (64 + 128 + 63) + 63 = 318 demand rows, 636 rows -> 635 cycles, plus the
  // pipeline latency of 8 cycles.
  Rig r(npu());
  auto c = make(CommandKind::gemm);
  c->gemm = {128, 128, 64};
  c->precision = Precision::f16;
  sim::Tick done = 0;
  issue(r.env, r.chip, 0, 0, std::move(c), done);
  r.env.run();
  EXPECT_EQ(done, (635u + 8u) * 1000u);
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].t_start, 0u);
  EXPECT_EQ(r.log[0].t_end, 643'000u);
  EXPECT_EQ(r.log[0].unit, trace::Unit::gemm);
}

TEST(DmaEngine, AContiguousReadCostsSetupThenTheSlowerOfEngineHbmAndFabric) {
  // One channel of 64 GB/s, 100 ns latency; crossbar links of 64 GB/s with
  // 1-cycle hop and 2-cycle router latency (one hop: 3 cycles).
  // 4096 bytes from channel 0 to PE 0:
  //   setup 32 cycles = 32 ns; engine 32 + 4096/64 = 96 cycles = 96 ns;
  //   HBM: 4096 B / 64 GB/s = 64 ns, + 100 ns latency -> 32 + 164 = 196 ns;
  //   fabric: 64 ns + 3 ns -> 32 + 67 = 99 ns.  => done at 196 ns.
  Rig r(npu({"hbm.channels=1", "hbm.bandwidth=64GB/s", "fabric.topology=crossbar"}));
  auto c = make(CommandKind::dma_read);
  c->pattern = Contiguous{0x1000, 4096};
  c->bytes = 4096;
  sim::Tick done = 0;
  issue(r.env, r.chip, 0, 0, std::move(c), done);
  r.env.run();
  EXPECT_EQ(done, 196'000u);
  EXPECT_EQ(r.chip.hbm().channel(0).bytes(), 4096u);
}

TEST(DmaEngine, NarrowTcmPortsBoundATransfer) {
  // Same path as above (done at 196 ns through HBM), but the TCM delivers
  // only 1 bank x 16 B x 1 port = 16 B per cycle: 4096 B take 256 ns.
  Rig r(npu({"hbm.channels=1", "hbm.bandwidth=64GB/s", "fabric.topology=crossbar", "pe.tcm.banks=1",
             "pe.tcm.bank_width=16B", "pe.tcm.ports=1"}));
  auto c = make(CommandKind::dma_read);
  c->pattern = Contiguous{0x1000, 4096};
  c->bytes = c->tcm_bytes = 4096;
  sim::Tick done = 0;
  issue(r.env, r.chip, 0, 0, std::move(c), done);
  r.env.run();
  EXPECT_EQ(done, 256'000u);
  EXPECT_EQ(r.chip.pe(0).tcm_ports().bytes(), 4096u);
}

TEST(MathEngine, ItsOperandsShareTheTcmPortsUnlessItWorksInRegisters) {
  // An f32 add of 1024 elements on 64 lanes: latency 4 + 1024 / 64 = 20
  // cycles. Its two operands and result (3 x 4 KiB) through 1 bank x 16 B x
  // 1 port take 768 cycles; with operands in registers the ports are idle.
  for (const bool in_tcm : {true, false}) {
    SCOPED_TRACE(in_tcm ? "operands in TCM" : "operands in registers");
    Rig r(npu({"pe.tcm.banks=1", "pe.tcm.bank_width=16B", "pe.tcm.ports=1",
               std::string("pe.math.tcm_operands=") + (in_tcm ? "true" : "false")}));
    auto c = make(CommandKind::math);
    c->math_op = MathOp::add;
    c->precision = Precision::f32;
    c->elements = 1024;
    c->bytes = c->tcm_bytes = 3 * 4096;
    sim::Tick done = 0;
    issue(r.env, r.chip, 0, 0, std::move(c), done);
    r.env.run();
    EXPECT_EQ(done, (in_tcm ? 768u : 20u) * 1000u);
    EXPECT_EQ(r.chip.pe(0).tcm_ports().bytes(), in_tcm ? 3u * 4096u : 0u);
    // The engine is held until its TCM traffic is done.
    EXPECT_EQ(r.stats.get_counter("pe0.math.busy").value(), done);
  }
}

TEST(Hbm, TwoPesReadingOneChannelShareItsBandwidth) {
  // Same rig; PE 0 and PE 1 both read 4096 B at t=0 from the single channel.
  // Channel FIFO: first ends at 32+64 = 96 ns, second at 32+128 = 160 ns;
  // plus 100 ns latency -> 196 ns and 260 ns.
  Rig r(npu({"hbm.channels=1", "hbm.bandwidth=64GB/s", "fabric.topology=crossbar"}));
  sim::Tick d0 = 0, d1 = 0;
  for (int pe = 0; pe < 2; ++pe) {
    auto c = make(CommandKind::dma_read);
    c->pattern = Contiguous{0x1000, 4096};
    c->bytes = 4096;
    issue(r.env, r.chip, pe, 0, std::move(c), pe == 0 ? d0 : d1);
  }
  r.env.run();
  EXPECT_EQ(d0, 196'000u);
  EXPECT_EQ(d1, 260'000u);
}

TEST(DmaEngine, AScatteredGatherCostsManyBurstsWhereAContiguousTileCostsFew) {
  Rig r(npu({"hbm.channels=1", "hbm.bandwidth=1TB/s", "fabric.topology=crossbar",
             "fabric.link_bandwidth=1TB/s"}));
  // 64 floats with a 4 KiB stride: 64 distinct 64-byte bursts; engine time
  // 32 + 64*64/64 = 96 cycles versus 32 + 256/64 = 36 cycles contiguous.
  auto g = make(CommandKind::dma_read);
  for (int i = 0; i < 64; ++i) g->gather_addrs.push_back(0x10000 + 4096 * i);
  g->pattern = Gather{g->gather_addrs, 4};
  g->bytes = 256;
  auto c = make(CommandKind::dma_read);
  c->pattern = Contiguous{0x10000, 256};
  c->bytes = 256;
  sim::Tick dg = 0, dc = 0;
  issue(r.env, r.chip, 0, 0, std::move(g), dg);
  issue(r.env, r.chip, 1, 0, std::move(c), dc);
  r.env.run();
  EXPECT_EQ(r.log.size(), 2u);
  EXPECT_EQ(r.stats.get_counter("pe0.dma.busy").value(), 96'000u);
  EXPECT_EQ(r.stats.get_counter("pe1.dma.busy").value(), 36'000u);
  // HBM moves whole bursts for the gather (64 x 64 B) plus the 256 B tile.
  EXPECT_EQ(r.chip.hbm().channel(0).bytes(), 64u * 64u + 256u);
  // The chip hands the same figures out through its statistics.
  EXPECT_EQ(r.stats.value("hbm.ch0.bytes"), 64.0 * 64 + 256);
  EXPECT_EQ(r.stats.value("hbm.ch0.busy"), static_cast<double>(r.chip.hbm().channel(0).busy()));
  EXPECT_EQ(r.stats.value("fabric.busy"), static_cast<double>(r.chip.fabric().link_busy()));
  EXPECT_GT(dg, 0u);
  EXPECT_GT(dc, 0u);
}

TEST(Cache, ARepeatedReadHitsAndSparesHbm) {
  // 512 KiB, 64 B lines, 16 ways: 512 sets, all simulated exactly.
  Rig r(npu(
      {"cache.enabled=true", "cache.size=512KiB", "hbm.channels=1", "fabric.topology=crossbar"}));
  ASSERT_EQ(r.chip.cache()->simulated_sets(), 512u);
  sim::Tick d0 = 0, d1 = 0;
  auto a = make(CommandKind::dma_read);
  a->pattern = Contiguous{0x2000, 4096};
  a->bytes = 4096;
  auto b = make(CommandKind::dma_read);
  b->pattern = Contiguous{0x2000, 4096};
  b->bytes = 4096;
  issue(r.env, r.chip, 0, 0, std::move(a), d0);
  issue(r.env, r.chip, 0, 1'000'000, std::move(b), d1);
  r.env.run();
  EXPECT_EQ(r.chip.hbm().channel(0).bytes(), 4096u);  // only the first read
  EXPECT_EQ(r.chip.cache()->hits(), 4096u / 64u);
  EXPECT_LT(d1 - 1'000'000, d0);  // 20 ns hit latency instead of 100 ns
}

TEST(Cache, ALargeCacheSamplesSetsAndStillServesRepeatedReadsFromCache) {
  // 64 MiB, 64 B lines, 16 ways: 65536 sets, one in 128 simulated. Reading
  // the same 256 KiB twenty times must hit almost always after the first.
  Rig r(npu(
      {"cache.enabled=true", "cache.size=64MiB", "hbm.channels=1", "fabric.topology=crossbar"}));
  EXPECT_EQ(r.chip.cache()->simulated_sets(), 512u);
  std::vector<sim::Tick> done(20, 0);  // outlives the run: the processes write it
  for (int i = 0; i < 20; ++i) {
    auto c = make(CommandKind::dma_read);
    c->pattern = Contiguous{0x100000, 256 * 1024};
    c->bytes = 256 * 1024;
    issue(r.env, r.chip, 0, static_cast<sim::Tick>(i) * 10'000'000, std::move(c),
          done[static_cast<std::size_t>(i)]);
  }
  r.env.run();
  EXPECT_GT(done.back(), 19u * 10'000'000u);
  const double lookups = 20.0 * 256 * 1024 / 64;
  EXPECT_GT(static_cast<double>(r.chip.cache()->hits()) / lookups, 0.85);
  EXPECT_LT(r.chip.hbm().channel(0).bytes(), 4u * 256u * 1024u);
}

TEST(Cache, LinesBeyondThirtyTwoBitTagsStayExact) {
  // Tags are 32 bits while every line number + 1 fits, then 64: a line 2^32
  // lines above another (the same low 32 bits) is a different line, and
  // lines cached before the switch still hit after it.
  CacheConfig cfg{};
  cfg.enabled = true;
  cfg.size = ByteSize::bytes(512 * 1024);
  cfg.line = ByteSize::bytes(64);
  cfg.ways = 16;
  cfg.bandwidth = Bandwidth::bytes_per_second(1'000'000'000'000ULL);
  cfg.sampled_sets = 0;
  Cache c(cfg);
  const std::uint64_t low = 0x4000;
  const std::uint64_t high = low + (std::uint64_t{1} << 32) * 64;  // line number + 2^32
  int misses = 0;
  const auto miss = [&](std::uint64_t) { ++misses; };
  EXPECT_EQ(c.access(low, 64, miss), 0u);
  EXPECT_EQ(c.access(low, 64, miss), 64u);
  EXPECT_EQ(c.access(high, 64, miss), 0u);  // not the low line
  EXPECT_EQ(c.access(high, 64, miss), 64u);
  EXPECT_EQ(c.access(low, 64, miss), 64u);  // still cached after the switch
  EXPECT_EQ(misses, 2);
}

namespace {

CacheConfig exact_cache(std::uint64_t bytes, std::uint64_t ways) {
  CacheConfig cfg{};
  cfg.enabled = true;
  cfg.size = ByteSize::bytes(bytes);
  cfg.line = ByteSize::bytes(64);
  cfg.ways = ways;
  cfg.bandwidth = Bandwidth::bytes_per_second(1'000'000'000'000ULL);
  cfg.sampled_sets = 0;
  return cfg;
}

}  // namespace

TEST(Cache, ATileKnownResidentHitsUntilItsSetsAreFilled) {
  // A tile of 32 rows of one line, 4 KiB apart, read three times: the
  // first misses, the others hit every line (the third is answered from the
  // memo of resident accesses). Then 1 MiB of other lines passes through
  // the 64 KiB cache: the tile's sets were filled, its lines are gone, and
  // the next read misses every line again.
  for (std::uint64_t ways : {4u, 16u}) {
    Cache c(exact_cache(64 * 1024, ways));
    int misses = 0;
    const auto miss = [&](std::uint64_t) { ++misses; };
    const std::uint64_t tile = 32 * 64;
    EXPECT_EQ(c.access_rows(0x10000, 64, 32, 4096, miss), 0u) << ways;
    EXPECT_EQ(c.access_rows(0x10000, 64, 32, 4096, miss), tile) << ways;
    EXPECT_EQ(c.access_rows(0x10000, 64, 32, 4096, miss), tile) << ways;
    EXPECT_EQ(misses, 32) << ways;
    EXPECT_EQ(c.hits(), 64u) << ways;
    c.access(0x1000000, 1024 * 1024, miss);
    misses = 0;
    EXPECT_EQ(c.access_rows(0x10000, 64, 32, 4096, miss), 0u) << ways;
    EXPECT_EQ(misses, 32) << ways;
  }
}

TEST(Cache, AfterFillsInItsSetsARememberedTileIsLookedUpLineByLine) {
  // A 4-way cache of 4 sets (1 KiB of 64 B lines). Cache a reads a tile of
  // 4 lines twice (the second read hits all: remembered), cache b once; then
  // both see the same n other lines, and read the tile again. Whatever n,
  // both must find the same lines (the memo may not answer "all hit" once a
  // set was filled); some n evict part of the tile.
  const auto none = [](std::uint64_t) {};
  bool saw_partial = false;
  for (std::uint64_t n = 1; n <= 24; ++n) {
    Cache a(exact_cache(1024, 4));
    Cache b(exact_cache(1024, 4));
    a.access(0x0, 256, none);
    ASSERT_EQ(a.access(0x0, 256, none), 256u);
    b.access(0x0, 256, none);
    for (std::uint64_t k = 0; k < n; ++k) {
      a.access(0x10000 + k * 64, 64, none);
      b.access(0x10000 + k * 64, 64, none);
    }
    const std::uint64_t hit_a = a.access(0x0, 256, none);
    EXPECT_EQ(hit_a, b.access(0x0, 256, none)) << n;
    saw_partial = saw_partial || (hit_a > 0 && hit_a < 256);
  }
  EXPECT_TRUE(saw_partial);
}

TEST(Pe, ACommandWaitsForItsDependency) {
  Rig r(npu());
  sim::Tick dg = 0, dm = 0;
  auto g = make(CommandKind::gemm);
  g->gemm = {64, 64, 64};
  g->precision = Precision::f16;
  Completion g_done = r.env.event<trace::OpId>();
  g->done = g_done;
  auto m = make(CommandKind::math);
  m->math_op = MathOp::exp;
  m->precision = Precision::f32;
  m->elements = 64;
  m->deps.push_back(g_done);
  auto issuer = [](sim::Engine& env, Chip& chip, CommandPtr g, CommandPtr m, Completion gd,
                   sim::Tick& dg, sim::Tick& dm) -> sim::Process<> {
    Completion md = env.event<trace::OpId>();
    m->done = md;
    co_await chip.pe(0).submit(std::move(g));
    co_await chip.pe(0).submit(std::move(m));
    co_await gd;
    dg = env.now();
    co_await md;
    dm = env.now();
  };
  issuer(r.env, r.chip, std::move(g), std::move(m), g_done, dg, dm);
  r.env.run();
  // GEMM: one WS fold of (64 + 64 + 63) + 63 = 254 demand rows -> 253
  // cycles (SCALE-Sim), + 8 = 261 cycles. exp on 64 f32 elements,
  // 64 lanes at 0.25/cycle: 16 latency + 4 = 20 cycles (math_cycles).
  EXPECT_EQ(dg, 261'000u);
  EXPECT_EQ(dm, dg + math_cycles(r.chip.config().pe.math, MathOp::exp, Precision::f32, 64) * 1000u);
  ASSERT_EQ(r.log.size(), 2u);
  EXPECT_EQ(r.log[1].num_deps, 1);
  EXPECT_EQ(r.log[1].deps[0], r.log[0].id);
}

TEST(Pe, IssueBlocksWhenTheEngineQueueIsFull) {
  // Queue depth 2: the GEMM engine takes command 1 at once; commands 2 and 3
  // fill the queue; command 4 can only be queued when command 1 completes.
  Rig r(npu({"pe.cpu.queue_depth=2"}));
  std::vector<sim::Tick> queued_at;
  auto issuer = [](sim::Engine& env, Chip& chip, std::vector<sim::Tick>& q) -> sim::Process<> {
    for (int i = 0; i < 4; ++i) {
      auto c = std::make_unique<Command>();
      c->kind = CommandKind::gemm;
      c->gemm = {64, 64, 64};
      c->precision = Precision::f16;
      c->done = env.event<trace::OpId>();
      co_await chip.pe(0).submit(std::move(c));
      q.push_back(env.now());
    }
  };
  issuer(r.env, r.chip, queued_at);
  r.env.run();
  // Each 64^3 GEMM takes 253 + 8 = 261 cycles (see ACommandWaitsForItsDependency).
  EXPECT_EQ(queued_at, (std::vector<sim::Tick>{0, 0, 0, 261'000}));
  EXPECT_EQ(r.env.now(), 4u * 261'000u);
}

TEST(Tcm, AFullTcmBlocksUntilABufferIsFreed) {
  Rig r(npu({"pe.tcm.size=64KiB"}));
  std::vector<sim::Tick> got;
  auto user = [](sim::Engine& env, Tcm& tcm, std::uint64_t bytes, sim::Tick hold,
                 std::vector<sim::Tick>& g) -> sim::Process<> {
    TcmBuffer b = co_await tcm.allocate(bytes);
    g.push_back(env.now());
    co_await env.timeout(hold);
  };
  user(r.env, r.chip.pe(0).tcm(), 48 * 1024, 100, got);
  user(r.env, r.chip.pe(0).tcm(), 32 * 1024, 10, got);
  user(r.env, r.chip.pe(0).tcm(), 16 * 1024, 10, got);
  r.env.run();
  // FIFO: the 32 KiB request waits for the 48 KiB buffer; the 16 KiB one,
  // though it would fit, queues behind it.
  EXPECT_EQ(got, (std::vector<sim::Tick>{0, 100, 100}));
  EXPECT_EQ(r.chip.pe(0).tcm().peak(), 48u * 1024u);
  EXPECT_EQ(r.stats.value("pe0.tcm.peak"), 48.0 * 1024);
}

TEST(Tcm, ATileLargerThanTheTcmIsAClearError) {
  Rig r(npu({"pe.tcm.size=64KiB"}));
  try {
    (void)r.chip.pe(3).tcm().try_allocate(65 * 1024);
    FAIL() << "expected TcmError";
  } catch (const TcmError& e) {
    EXPECT_STREQ(e.what(),
                 "a tile of 66560 bytes does not fit the TCM of PE 3 (65536 bytes): use smaller "
                 "tiles or a larger pe.tcm.size");
  }
}

TEST(Fabric, AHugeMeshNeedsNoNodesSquaredTable) {
  // 1024 x 1024 nodes: a dense (src, dst) path table would be 2^40 entries
  // (4 TB, std::bad_alloc at the first run); paths are now kept per pair used.
  HwConfig cfg = npu();
  cfg.fabric.mesh.x = 1024;
  cfg.fabric.mesh.y = 1024;
  sim::Clock clock(1'000'000'000);
  Fabric f(cfg.fabric, clock, 65536, 8);
  // Corner to corner: 2046 hops of 3 cycles, 6400 B at 64 GB/s = 100 ns.
  EXPECT_EQ(f.transfer(0, 1024 * 1024 - 1, 6400, 0), 100'000u + 2046u * 3'000u);
  EXPECT_EQ(f.hops(0, 1024 * 1024 - 1), 2046u);
  // The same pair again reuses its cached path (links now busy until 100 ns).
  EXPECT_EQ(f.transfer(0, 1024 * 1024 - 1, 6400, 0), 200'000u + 2046u * 3'000u);
}

TEST(Fabric, SixtyFiveThousandPesOnACrossbar) {
  HwConfig cfg = npu();
  cfg.fabric.topology = Topology::crossbar;
  sim::Clock clock(1'000'000'000);
  Fabric f(cfg.fabric, clock, 65536, 8);
  EXPECT_GT(f.transfer(0, 65535, 6400, 0), 100'000u);
  EXPECT_EQ(f.hops(0, 65535), 1u);
}

TEST(Fabric, TransfersCrossingOneMeshLinkShareIt) {
  // 4x4 mesh, 64 GB/s links, hop 1 cycle, router 2 cycles at 1 GHz: a route
  // of h hops adds h * (1 + 2) cycles.
  HwConfig cfg = npu();
  sim::Clock clock(1'000'000'000);
  Fabric f(cfg.fabric, clock, 16, 8);
  // Node 0 -> node 1 is one link: 6400 B take 100 ns, + 3 ns.
  EXPECT_EQ(f.transfer(0, 1, 6400, 0), 103'000u);
  // Node 0 -> node 2 crosses 0->1 (busy until 100 ns) and 1->2: 200 + 6 ns.
  EXPECT_EQ(f.transfer(0, 2, 6400, 0), 206'000u);
  // A transfer on a disjoint link is unaffected.
  EXPECT_EQ(f.transfer(5, 4, 6400, 0), 103'000u);
}
