// The memory path on its own (no chip, no PE): a DMA's memory side through
// the cache, the HBM channels and the fabric, against hand-derived numbers.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "hw/config/loader.hpp"
#include "hw/memory/memory_path.hpp"

using namespace kernbench;
using namespace kernbench::hw;

namespace {

HwConfig npu(const std::vector<std::string>& sets) {
  HwConfig cfg = load_preset("npu-default");
  apply_overrides(cfg, sets);
  return cfg;
}

// The units of a chip of npu-default with `sets`, and a path over them
// logging transactions.
struct Units {
  explicit Units(const std::vector<std::string>& sets) : cfg(npu(sets)) {
    if (cfg.cache.enabled) cache.emplace(cfg.cache);
  }
  MemoryPath path() { return {cfg, hbm, fabric, cache ? &*cache : nullptr, &log}; }
  HwConfig cfg;
  sim::Clock clock{cfg.clock.frequency.in_hz()};
  Hbm hbm{cfg.hbm};
  Fabric fabric{cfg.fabric, clock, cfg.pe.count, cfg.hbm.channels};
  std::optional<Cache> cache;
  trace::OpLog log{trace::TraceLevel::transactions};
};

Command read(std::uint64_t addr, std::uint64_t bytes) {
  Command c;
  c.kind = CommandKind::dma_read;
  c.pattern = Contiguous{addr, bytes};
  c.bytes = bytes;
  return c;
}

}  // namespace

TEST(MemoryPath, ACrossbarReadEndsWithTheSlowerOfHbmAndThePort) {
  // One channel of 64 GB/s, 100 ns latency: 4096 B take 64 + 100 = 164 ns;
  // the PE's crossbar port at 64 GB/s: 64 ns + one hop of 3 cycles = 67 ns.
  Units u({"hbm.channels=1", "hbm.bandwidth=64GB/s", "fabric.topology=crossbar"});
  MemoryPath path = u.path();
  EXPECT_EQ(path.transfer(read(0x1000, 4096), 0, 0), 164'000u);
  // One record per HBM channel share, then the port's transfer.
  ASSERT_EQ(u.log.size(), 2u);
  EXPECT_EQ(u.log[0].unit, trace::Unit::hbm);
  EXPECT_EQ(u.log[0].pe, trace::kChipLevel);
  EXPECT_EQ(u.log[0].kind, trace::OpKind::HbmAccess);
  EXPECT_EQ(u.log[0].bytes, 4096u);
  EXPECT_EQ(u.log[0].t_end, 64'000u);  // the channel's transfer; the latency follows
  EXPECT_EQ(u.log[1].unit, trace::Unit::fabric);
  EXPECT_EQ(u.log[1].pe, 0);
  EXPECT_EQ(u.log[1].kind, trace::OpKind::FabricXfer);
  EXPECT_EQ(u.log[1].t_end, 67'000u);
}

TEST(MemoryPath, ARepeatedReadHitsTheSharedCacheAndSkipsHbm) {
  // 512 KiB, 64 B lines, 16 ways: 512 sets, all simulated exactly.
  Units u({"hbm.channels=1", "hbm.bandwidth=64GB/s", "fabric.topology=crossbar",
           "cache.enabled=true", "cache.size=512KiB"});
  MemoryPath path = u.path();
  path.transfer(read(0x1000, 4096), 0, 0);
  const std::uint64_t after_first = u.hbm.channel(0).bytes();
  EXPECT_EQ(after_first, 4096u);
  path.transfer(read(0x1000, 4096), 0, 1'000'000);
  EXPECT_EQ(u.hbm.channel(0).bytes(), after_first);
  EXPECT_EQ(u.cache->hits(), 4096u / u.cache->line());
}
