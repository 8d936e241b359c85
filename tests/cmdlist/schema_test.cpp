// The JSON Schema (schemas/command-list.schema.json) and the parser accept
// the same fields, and the shipped examples parse.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>

#include "cmdlist/parse.hpp"

namespace kernbench::cmdlist {
namespace {

const std::string kSource = KERNBENCH_SOURCE_DIR;

nlohmann::json schema() {
  std::ifstream f(kSource + "/schemas/command-list.schema.json");
  return nlohmann::json::parse(f);
}

std::set<std::string> schema_fields(const nlohmann::json& s, const std::string& def) {
  std::set<std::string> out;
  for (const auto& [key, value] : s.at("$defs").at(def).at("properties").items()) out.insert(key);
  return out;
}

std::set<std::string> parser_fields(const std::string& kind) {
  const auto& f = accepted_fields(kind);
  return {f.begin(), f.end()};
}

}  // namespace

TEST(CommandListSchema, EveryKindHasTheFieldsTheParserAccepts) {
  const nlohmann::json s = schema();
  EXPECT_EQ(schema_fields(s, "Alloc"), parser_fields("Alloc"));
  EXPECT_EQ(schema_fields(s, "Dma"), parser_fields("DmaRead"));
  EXPECT_EQ(schema_fields(s, "Dma"), parser_fields("DmaWrite"));
  EXPECT_EQ(schema_fields(s, "Gemm"), parser_fields("Gemm"));
  EXPECT_EQ(schema_fields(s, "Math"), parser_fields("Math"));
  EXPECT_EQ(schema_fields(s, "Barrier"), parser_fields("Barrier"));
  EXPECT_EQ(schema_fields(s, "Verify"), parser_fields("Verify"));
  EXPECT_TRUE(accepted_fields("Launch").empty());
  const auto& record = record_fields();
  EXPECT_EQ(schema_fields(s, "Record"), std::set<std::string>(record.begin(), record.end()));
}

TEST(CommandListSchema, TheExamplesParse) {
  for (const char* f : {"exp.jsonl", "exp.yaml"}) {
    const CommandList l = parse_command_list(kSource + "/examples/command-lists/" + f);
    EXPECT_EQ(l.allocs.size(), 2u) << f;
    EXPECT_EQ(l.commands.size(), 3u) << f;
    EXPECT_EQ(l.verifies.size(), 1u) << f;
  }
}

}  // namespace kernbench::cmdlist
