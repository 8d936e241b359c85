#include "trace/op_log_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sample_log.hpp"
#include "trace/export_jsonl.hpp"

namespace kernbench::trace {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string dir = ::testing::TempDir() + "/op_log_reader";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    (void)read_oplog_jsonl(path);
  } catch (const OpLogReadError& e) {
    return e.what();
  }
  return "no error";
}

constexpr const char* kRecord =
    R"({"id":0,"pe":0,"unit":"dma","unit_index":0,"kind":"DmaRead","name":"load","program":0,)"
    R"("t_issue":1,"t_start":2,"t_end":3,"src_addr":0,"dst_addr":0,"bytes":4,"flops":0,)"
    R"("changes_memory":true,"operands":[],"deps":[],"has_result":true,"acc_dtype":null,)"
    R"("axis":null,"keep_dims":false})";

}  // namespace

TEST(OpLogReader, ReadsBackEveryRecordTheJsonlWriterWrote) {
  OpLog log;
  testing::build_sample_log(log);
  log.finalize();
  std::ostringstream out;
  write_jsonl(log, out);
  const LoggedRun run = read_oplog_jsonl(write_file("sample.jsonl", out.str()));
  ASSERT_EQ(run.records.size(), log.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    const OpRecord& r = log[i];
    const LoggedRecord& g = run.records[i];
    EXPECT_EQ(g.id, r.id);
    EXPECT_EQ(g.pe, r.pe);
    EXPECT_EQ(g.unit, r.unit);
    EXPECT_EQ(g.kind, r.kind);
    EXPECT_EQ(g.name, log.name(r.name));
    EXPECT_EQ(g.program, r.program);
    EXPECT_EQ(g.t_issue, r.t_issue);
    EXPECT_EQ(g.t_start, r.t_start);
    EXPECT_EQ(g.t_end, r.t_end);
    EXPECT_EQ(g.src_addr, r.src_addr);
    EXPECT_EQ(g.bytes, r.bytes);
    EXPECT_EQ(g.changes_memory, r.changes_memory);
    ASSERT_EQ(g.deps.size(), r.num_deps);
    for (std::size_t d = 0; d < r.num_deps; ++d) EXPECT_EQ(g.deps[d], r.deps[d]);
    EXPECT_TRUE(g.effect.is_null());
    EXPECT_EQ(g.line, i + 1);
  }
}

TEST(OpLogReader, ReadsAllocationLinesAndEffectsAndIgnoresUnknownKeys) {
  std::string rec = kRecord;
  rec.insert(rec.size() - 1, R"(,"future_field":{"x":[1,2]},"effect":{"op":"load","in":[null]})");
  const std::string path = write_file(
      "alloc.jsonl", std::string(R"({"alloc":"x","base":4294967296,"dtype":0,"shape":[4,2]})") +
                         "\n\n" + rec + "\n");
  const LoggedRun run = read_oplog_jsonl(path);
  ASSERT_EQ(run.allocations.size(), 1u);
  EXPECT_EQ(run.allocations[0].name, "x");
  EXPECT_EQ(run.allocations[0].base, 4294967296u);
  EXPECT_EQ(run.allocations[0].shape, (std::vector<std::uint64_t>{4, 2}));
  ASSERT_EQ(run.records.size(), 1u);
  EXPECT_EQ(run.records[0].line, 3u);
  EXPECT_EQ(run.records[0].effect.at("op"), "load");
}

TEST(OpLogReader, ABadJsonLineIsAnErrorNamingFileAndLine) {
  const std::string path = write_file("bad.jsonl", std::string(kRecord) + "\n{\"id\": 1,\n");
  EXPECT_EQ(error_of(path).rfind(path + ":2: not valid JSON", 0), 0u) << error_of(path);
}

TEST(OpLogReader, AWrongFieldIsAnErrorNamingFileLineAndKey) {
  std::string rec = kRecord;
  rec.replace(rec.find(R"("t_start":2)"), 11, R"("t_start":"2")");
  const std::string path = write_file("field.jsonl", std::string(kRecord) + "\n" + rec + "\n");
  EXPECT_EQ(error_of(path), path + R"(:2: t_start: expected an unsigned integer, got "2")");

  std::string kind = kRecord;
  kind.replace(kind.find("DmaRead"), 7, "Teleport");
  const std::string kpath = write_file("kind.jsonl", kind + "\n");
  EXPECT_EQ(error_of(kpath).rfind(kpath + ":1: kind: `Teleport` is not a record kind", 0), 0u);

  const std::string apath = write_file("alloc_bad.jsonl", R"({"alloc":"x","dtype":0,"shape":[1]})");
  EXPECT_EQ(error_of(apath), apath + ":1: base: missing; expected an unsigned integer");

  const std::string other = write_file("other.jsonl", R"([1,2,3])");
  EXPECT_EQ(error_of(other), other + ":1: expected a JSON object");
}

TEST(OpLogReader, AMissingFileIsAnErrorNamingIt) {
  EXPECT_EQ(error_of("/nonexistent/log.jsonl"), "/nonexistent/log.jsonl: cannot open the op log");
}

TEST(OpLogReader, KeepsFileOrderSoTheCallerCanJudgeIt) {
  std::string late = kRecord;
  late.replace(late.find(R"("t_start":2,"t_end":3)"), 20, R"("t_start":9,"t_end":9)");
  std::string early = kRecord;
  early.replace(early.find(R"("id":0)"), 6, R"("id":1)");
  const LoggedRun run = read_oplog_jsonl(write_file("order.jsonl", late + "\n" + early + "\n"));
  ASSERT_EQ(run.records.size(), 2u);
  EXPECT_EQ(run.records[0].t_start, 9u);
  EXPECT_EQ(run.records[1].t_start, 2u);
}

}  // namespace kernbench::trace
