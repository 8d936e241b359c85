#include "hw/config/params.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace kernbench::hw {
namespace {

TEST(ParamTable, DeclaresEachPathOnceWithAParsableDefaultInRange) {
  std::set<std::string_view> paths;
  HwConfig cfg{};
  for (const auto& p : param_table()) {
    EXPECT_TRUE(paths.insert(p.path).second) << p.path;
    EXPECT_FALSE(p.description.empty()) << p.path;
    EXPECT_NO_THROW(set_param(cfg, p, p.default_text)) << p.path;
    EXPECT_EQ(get_param(cfg, p), get_param(default_hw_config(), p)) << p.path;
  }
  EXPECT_GE(paths.size(), 50u);
}

TEST(ParamTable, DefaultsReachTheTypedStruct) {
  const HwConfig c = default_hw_config();
  EXPECT_EQ(c.clock.frequency.in_hz(), 1'000'000'000u);
  EXPECT_EQ(c.pe.count, 16u);
  EXPECT_EQ(c.pe.tcm.size.in_bytes(), 1u << 20);
  EXPECT_EQ(c.pe.gemm.dataflow, Dataflow::weight_stationary);
  EXPECT_EQ(c.pe.gemm.rate.fp8, 2.0);
  EXPECT_EQ(c.pe.math.transcendental.rate, 0.25);
  EXPECT_TRUE(c.pe.math.pack_subword);
  EXPECT_EQ(c.fabric.topology, Topology::mesh);
  EXPECT_EQ(c.hbm.bandwidth.in_bytes_per_second(), 1'000'000'000'000u);
  EXPECT_FALSE(c.cache.enabled);
  EXPECT_EQ(c.launch.dispatch_latency.in_ps(), 50'000u);
}

TEST(ParamTable, TypesFollowTheBoundField) {
  EXPECT_EQ(find_param("pe.tcm.size")->type(), ParamType::byte_size);
  EXPECT_EQ(find_param("pe.count")->type(), ParamType::integer);
  EXPECT_EQ(find_param("pe.gemm.dataflow")->type(), ParamType::enumeration);
  EXPECT_EQ(find_param("cache.enabled")->type(), ParamType::boolean);
  EXPECT_EQ(find_param("pe.gemm.rate.tf32")->type(), ParamType::real);
  EXPECT_EQ(find_param("hbm.latency")->type(), ParamType::duration);
  EXPECT_EQ(find_param("hbm.bandwidth")->type(), ParamType::bandwidth);
  EXPECT_EQ(find_param("clock.frequency")->type(), ParamType::frequency);
  EXPECT_EQ(find_param("pe.nope"), nullptr);
}

std::string set_error(std::string_view path, std::string_view text) {
  HwConfig c = default_hw_config();
  try {
    set_param(c, *find_param(path), text);
  } catch (const ParamValueError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SetParam, ExplainsWhatWasExpected) {
  EXPECT_EQ(set_error("pe.count", "0"),
            "`0` is out of range: expected an integer (PEs) in [1, 65536]");
  EXPECT_EQ(set_error("pe.count", "1.5"),
            "`1.5` is not a whole number: expected an integer (PEs) in [1, 65536]");
  EXPECT_EQ(set_error("pe.gemm.dataflow", "rs"), "`rs` is not one of os, ws, is, throughput");
  EXPECT_EQ(set_error("cache.enabled", "yes"), "`yes` is not a boolean: expected true or false");
  EXPECT_EQ(set_error("pe.gemm.rate.fp8", "two"),
            "`two` is not a decimal number: expected a decimal number (x) in [0.001, 1024]");
  EXPECT_EQ(set_error("pe.tcm.size", "2 GiB"),
            "`2 GiB` is out of range: expected a byte size in [1 KiB, 1 GiB]");
  EXPECT_EQ(set_error("pe.tcm.size", "2048"),
            "`2048` has no unit: expected a byte size with one of the units B, KB, MB, GB, TB "
            "(powers of 1000), KiB, MiB, GiB, TiB (powers of 1024) (e.g. `256 KiB`)");
}

TEST(SuggestParam, FindsTheNearestPath) {
  EXPECT_EQ(suggest_param("pe.tcm.sise"), "pe.tcm.size");
  EXPECT_EQ(suggest_param("pe.gemm.dataflw"), "pe.gemm.dataflow");
  EXPECT_EQ(suggest_param("fabric.mesh_x"), "fabric.mesh.x");
  EXPECT_EQ(suggest_param("pe.burst"), "pe.dma.burst");  // unique leaf name
  EXPECT_EQ(suggest_param("completely.unrelated.thing"), "");
}

TEST(Flatten, ListsEveryParameterCanonically) {
  const auto flat = flatten(default_hw_config());
  ASSERT_EQ(flat.size(), param_table().size());
  EXPECT_EQ(flat.front(), (std::pair<std::string, std::string>{"clock.frequency", "1 GHz"}));
  bool saw = false;
  for (const auto& [k, v] : flat)
    if (k == "pe.tcm.size") saw = (v == "1 MiB");
  EXPECT_TRUE(saw);
}

TEST(Describe, ListsEveryParameterAsTextAndJson) {
  const std::string text = describe_text();
  const std::string json = describe_json();
  for (const auto& p : param_table()) {
    EXPECT_NE(text.find(p.path), std::string::npos) << p.path;
    EXPECT_NE(json.find("\"path\": \"" + std::string(p.path) + "\""), std::string::npos);
  }
  EXPECT_NE(json.find("\"choices\": [\"os\", \"ws\", \"is\", \"throughput\"]"), std::string::npos);
  EXPECT_EQ(json.front(), '[');
}

TEST(ParamDocs, ConfigurationMarkdownMatchesTheTable) {
  const char* root = std::getenv("KERNBENCH_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "KERNBENCH_SOURCE_DIR is set by CTest";
  std::ifstream in(std::string(root) + "/docs/configuration.md");
  ASSERT_TRUE(in) << "docs/configuration.md is missing";
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), configuration_markdown())
      << "docs/configuration.md is stale; regenerate it with "
         "build/tests/hw/kernbench_hw_config_doc > docs/configuration.md";
}

}  // namespace
}  // namespace kernbench::hw
