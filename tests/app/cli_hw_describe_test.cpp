// Golden end-to-end runs of `kernbench hw describe`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "hw/config/params.hpp"
#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

TEST(HwDescribe, JsonListsEveryParameterOfTheTableOnce) {
  const CliResult r = run_cli({"hw", "describe", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j.size(), hw::param_table().size());
  std::set<std::string> paths;
  for (const auto& p : j) {
    paths.insert(p["path"].get<std::string>());
    for (const char* key : {"type", "default", "unit", "min", "max", "choices", "description"})
      EXPECT_TRUE(p.contains(key)) << p["path"] << " lacks " << key;
    EXPECT_FALSE(p["description"].get<std::string>().empty()) << p["path"];
  }
  EXPECT_EQ(paths.size(), j.size());
  for (const auto& decl : hw::param_table()) EXPECT_TRUE(paths.contains(std::string(decl.path)));
}

TEST(HwDescribe, JsonEntryCarriesDefaultUnitAndRange) {
  const Json j = Json::parse(run_cli({"hw", "describe", "--json"}).out);
  const auto it =
      std::find_if(j.begin(), j.end(), [](const Json& p) { return p["path"] == "pe.tcm.size"; });
  ASSERT_NE(it, j.end());
  EXPECT_EQ((*it)["type"], "bytesize");
  EXPECT_EQ((*it)["default"], "1 MiB");
  EXPECT_EQ((*it)["min"], "1 KiB");
  EXPECT_EQ((*it)["max"], "1 GiB");
  const auto df = std::find_if(j.begin(), j.end(),
                               [](const Json& p) { return p["path"] == "pe.gemm.dataflow"; });
  ASSERT_NE(df, j.end());
  EXPECT_EQ((*df)["choices"], Json::array({"os", "ws", "is", "throughput"}));
  const auto lat = std::find_if(
      j.begin(), j.end(), [](const Json& p) { return p["path"] == "pe.gemm.pipeline_latency"; });
  ASSERT_NE(lat, j.end());
  EXPECT_EQ((*lat)["unit"], "cycles");
}

TEST(HwDescribe, TextHasOneEntryPerParameterWithItsExpectation) {
  const CliResult r = run_cli({"hw", "describe"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("path ", 0), 0u);
  for (const auto& decl : hw::param_table()) {
    EXPECT_NE(r.out.find(std::string(decl.path) + " "), std::string::npos) << decl.path;
    EXPECT_NE(r.out.find(std::string(decl.description)), std::string::npos) << decl.path;
  }
  EXPECT_NE(r.out.find("a byte size in [1 KiB, 1 GiB]"), std::string::npos);
}

}  // namespace
}  // namespace kernbench::app::test
