#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

TEST(Presets, AreEmbeddedAndIdenticalToTheFilesInConfigs) {
  const auto names = preset_names();
  ASSERT_EQ(names, (std::vector<std::string>{"h200", "npu-default"}));
  const char* root = std::getenv("KERNBENCH_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  for (const auto& n : names) {
    std::ifstream in(std::string(root) + "/configs/" + n + ".yaml");
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_EQ(preset_text(n), s.str()) << n;
    EXPECT_EQ(load_preset(n).name, n);
  }
}

TEST(Presets, NpuDefaultIsTheDescribedDesignPoint) {
  const HwConfig c = load_preset("npu-default");
  EXPECT_EQ(c.pe.count, 16u);
  EXPECT_EQ(c.fabric.mesh.x * c.fabric.mesh.y, 16u);
  EXPECT_EQ(c.clock.frequency.in_hz(), 1'000'000'000u);
  EXPECT_EQ(c.pe.gemm.rows * c.pe.gemm.cols, 4096u);
  EXPECT_EQ(c.pe.math.lanes, 64u);
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 1u << 20);
  EXPECT_EQ(c.pe.dma.engines, 2u);
  EXPECT_EQ(c.hbm.channels, 8u);
  EXPECT_EQ(c.hbm.bandwidth.in_bytes_per_second(), 1'000'000'000'000u);
}

TEST(Presets, H200FollowsTheCalibrationNotes) {
  const HwConfig c = load_preset("h200");
  EXPECT_EQ(c.pe.count, 132u);
  EXPECT_EQ(c.clock.frequency.in_hz(), 1'545'000'000u);
  // 989e12 / (132 * 1.83e9 * 2) = 2047.1 -> 2048 FMA per clock per SM.
  EXPECT_EQ(c.pe.gemm.rows * c.pe.gemm.cols, 2048u);
  EXPECT_NEAR(989e12 / (132 * 1.83e9 * 2), static_cast<double>(c.pe.gemm.rows * c.pe.gemm.cols),
              1.0);
  EXPECT_EQ(c.pe.gemm.dataflow, Dataflow::throughput);
  EXPECT_EQ(c.pe.gemm.rate.fp8, 2.0);
  EXPECT_EQ(c.pe.gemm.rate.tf32, 0.5);
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 228u * 1024);
  EXPECT_EQ(c.cache.size.in_bytes(), 62'914'560u);
  EXPECT_TRUE(c.cache.enabled);
  EXPECT_EQ(c.hbm.bandwidth.in_bytes_per_second(), 4'230'000'000'000u);
  EXPECT_EQ(c.fabric.topology, Topology::crossbar);
  // Smallest-kernel critical path: launch + dispatch + HBM read + HBM write ~ 4.3 us.
  const std::uint64_t path =
      c.launch.latency.in_ps() + c.launch.dispatch_latency.in_ps() + 2 * c.hbm.latency.in_ps();
  EXPECT_EQ(path, 4'300'000u);
}

}  // namespace
}  // namespace kernbench::hw
