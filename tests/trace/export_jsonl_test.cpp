#include "trace/export_jsonl.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sample_log.hpp"

namespace kernbench::trace {
namespace {

TEST(JsonlExport, EveryLineParsesBackToTheRecordAtThatPosition) {
  OpLog log;
  testing::build_sample_log(log);
  std::ostringstream out;
  write_jsonl(log, out);

  std::istringstream in(out.str());
  std::string line;
  std::size_t pos = 0;
  while (std::getline(in, line)) {
    ASSERT_LT(pos, log.size());
    const OpRecord& r = log[pos];
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j.at("id").get<OpId>(), r.id);
    EXPECT_EQ(j.at("pe").get<std::int32_t>(), r.pe);
    EXPECT_EQ(parse_unit(j.at("unit").get<std::string>()), r.unit);
    EXPECT_EQ(j.at("unit_index").get<std::uint16_t>(), r.unit_index);
    EXPECT_EQ(parse_op_kind(j.at("kind").get<std::string>()), r.kind);
    EXPECT_EQ(j.at("name").get<std::string>(), log.name(r.name));
    EXPECT_EQ(j.at("program").get<std::int64_t>(), r.program);
    EXPECT_EQ(j.at("t_issue").get<std::uint64_t>(), r.t_issue);
    EXPECT_EQ(j.at("t_start").get<std::uint64_t>(), r.t_start);
    EXPECT_EQ(j.at("t_end").get<std::uint64_t>(), r.t_end);
    EXPECT_EQ(j.at("src_addr").get<std::uint64_t>(), r.src_addr);
    EXPECT_EQ(j.at("dst_addr").get<std::uint64_t>(), r.dst_addr);
    EXPECT_EQ(j.at("bytes").get<std::uint64_t>(), r.bytes);
    EXPECT_EQ(j.at("flops").get<std::uint64_t>(), r.flops);
    EXPECT_EQ(j.at("changes_memory").get<bool>(), r.changes_memory);
    const auto& ops = j.at("operands");
    ASSERT_EQ(ops.size(), r.num_operands);
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const auto shape = ops[i].at("shape").get<std::vector<std::uint32_t>>();
      EXPECT_EQ(shape, std::vector<std::uint32_t>(r.shape(i).begin(), r.shape(i).end()));
      EXPECT_EQ(ops[i].at("dtype").get<int>(), r.dtype[i]);
    }
    const auto deps = j.at("deps").get<std::vector<std::uint32_t>>();
    EXPECT_EQ(deps, std::vector<std::uint32_t>(r.dep_ids().begin(), r.dep_ids().end()));
    ++pos;
  }
  EXPECT_EQ(pos, log.size());
}

TEST(JsonlExport, EscapesNamesAndKeepsLargeIntegersExact) {
  OpLog log;
  OpRecord r;
  r.pe = 0;
  r.unit = Unit::dma;
  r.kind = OpKind::DmaWrite;
  r.name = log.intern("say \"hi\"\\\n\x01");
  r.src_addr = 0xFFFF'FFFF'FFFF'FFF0ull;  // above 2^53: must not go through a double
  r.t_end = 123'456'789'012'345ull;
  r.t_start = r.t_issue = 0;
  log.append(r);
  std::ostringstream out;
  write_jsonl(log, out);
  const std::string text = out.str();
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\"src_addr\":18446744073709551600"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("name").get<std::string>(), "say \"hi\"\\\n\x01");
  EXPECT_EQ(j.at("src_addr").get<std::uint64_t>(), 0xFFFF'FFFF'FFFF'FFF0ull);
  EXPECT_EQ(j.at("t_end").get<std::uint64_t>(), 123'456'789'012'345ull);
}

TEST(JsonlExport, AHardwareDescriptionIsTheLastFieldOfItsRecordOnly) {
  OpLog log;
  OpRecord r;
  r.pe = 1;
  r.unit = Unit::gemm;
  r.kind = OpKind::Gemm;
  const OpId described = log.append(r);
  log.append(r);
  log.set_description(described, R"({"command":"Gemm","m":64})");
  EXPECT_EQ(log.description(described), R"({"command":"Gemm","m":64})");
  EXPECT_EQ(log.description(described + 1), "");
  EXPECT_THROW(log.set_description(2, "{}"), std::out_of_range);
  std::ostringstream out;
  write_jsonl(log, out);
  std::istringstream lines(out.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_NE(first.find(R"("keep_dims":false,"hw":{"command":"Gemm","m":64}})"), std::string::npos)
      << first;
  EXPECT_EQ(nlohmann::json::parse(first).at("hw").at("m").get<int>(), 64);
  EXPECT_FALSE(nlohmann::json::parse(second).contains("hw")) << second;
  log.clear();
  EXPECT_EQ(log.description(0), "");
}

TEST(JsonlExport, EmptyLogWritesNothing) {
  OpLog log;
  std::ostringstream out;
  write_jsonl(log, out);
  EXPECT_TRUE(out.str().empty());
}

TEST(JsonlExport, FailingStreamThrowsRuntimeError) {
  OpLog log;
  testing::build_sample_log(log);
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_THROW(write_jsonl(log, out), std::runtime_error);
}

}  // namespace
}  // namespace kernbench::trace
