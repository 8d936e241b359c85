#include "sweep/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "sweep/export.hpp"

namespace kernbench::sweep {
namespace {

std::string fresh(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / "kernbench_sweep_tests" / info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::vector<Point> points(int n) {
  std::vector<Point> out;
  for (int i = 0; i < n; ++i)
    out.push_back(Point{"vector_add",
                        {{"n", std::to_string(1024 * (i + 1))}},
                        "npu-default",
                        "npu-default",
                        {},
                        "timing",
                        0});
  return out;
}

Outcome ok_with(std::uint64_t ps) {
  Outcome o;
  o.ok = true;
  o.host = "h";
  o.worker = 1;
  o.wall_seconds = 0.5;
  o.report_json = R"({"simulated_ps": )" + std::to_string(ps) +
                  R"(, "simulated_seconds": 1e-6, "bound": "hbm", "verified": false,
                      "utilisation": {"hbm": 0.25}, "peak": {"flops_per_s": 1e12}})";
  return o;
}

TEST(ResultStore, PlansPendingRowsAndRecordsEachPointOnce) {
  const std::string path = fresh("r.db");
  const auto ps = points(3);
  ResultStore s(path, ResultStore::Access::write);
  s.plan(ps);
  s.plan(ps);  // planning again adds nothing
  EXPECT_EQ(s.counts().pending, 3);
  EXPECT_TRUE(s.record(ps[1], ok_with(1234)));
  Outcome bad;
  bad.error = "boom";
  EXPECT_TRUE(s.record(ps[2], bad));
  EXPECT_FALSE(s.record(ps[1], ok_with(99)));  // already finished: left alone
  EXPECT_EQ(s.finished(), (std::set<std::string>{ps[1].id(), ps[2].id()}));
  const auto rows = s.rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].status, "done");
  EXPECT_EQ(rows[1].figures["simulated_ps"], 1234);
  EXPECT_EQ(rows[1].figures["bound"], "hbm");
  EXPECT_EQ(rows[1].figures["util_hbm"], 0.25);
  EXPECT_EQ(rows[1].figures["verified"], false);
  EXPECT_TRUE(rows[1].figures["util_gemm"].is_null());
  EXPECT_EQ(rows[2].status, "failed");
  EXPECT_EQ(rows[2].error, "boom");
  EXPECT_EQ(rows[0].status, "pending");
}

TEST(ResultStore, KeepsResultsAcrossReopening) {
  const std::string path = fresh("r.db");
  const auto ps = points(2);
  {
    ResultStore s(path, ResultStore::Access::write);
    s.plan(ps);
    s.record(ps[0], ok_with(7));
  }
  const ResultStore r(path, ResultStore::Access::read);
  EXPECT_EQ(r.counts().done, 1);
  EXPECT_EQ(r.counts().pending, 1);
}

TEST(ResultStore, ASecondWriterIsRefusedWithAClearMessage) {
  const std::string path = fresh("r.db");
  ResultStore s(path, ResultStore::Access::write);
  try {
    ResultStore t(path, ResultStore::Access::write);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("are being written by another sweep"), std::string::npos);
  }
  // Readers are not blocked by the writer.
  EXPECT_NO_THROW(ResultStore(path, ResultStore::Access::read));
}

TEST(ResultStore, ReadingSomethingElseIsAnError) {
  const std::string path = fresh("not.db");
  EXPECT_THROW(ResultStore(path, ResultStore::Access::read), StoreError);
}

TEST(ResultStore, MergeTakesFinishedRowsOnlyWhereTheTargetHasNone) {
  const auto ps = points(3);
  const std::string a = fresh("a.db"), b = a + ".b", out = a + ".out";
  {
    ResultStore s(a, ResultStore::Access::write);
    s.plan(ps);
    s.record(ps[0], ok_with(1));
    ResultStore t(b, ResultStore::Access::write);
    t.plan({ps[1], ps[2]});
    t.record(ps[1], ok_with(2));
  }
  ResultStore target(out, ResultStore::Access::write);
  EXPECT_EQ(merge_results(target, ResultStore(a, ResultStore::Access::read)), 1u);
  EXPECT_EQ(merge_results(target, ResultStore(b, ResultStore::Access::read)), 1u);
  EXPECT_EQ(merge_results(target, ResultStore(b, ResultStore::Access::read)), 0u);
  const auto rows = target.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].figures["simulated_ps"], 1);
  EXPECT_EQ(rows[1].figures["simulated_ps"], 2);
}

TEST(ResultStore, ExportsCsvAndJsonLines) {
  const std::string path = fresh("r.db");
  const auto ps = points(2);
  ResultStore s(path, ResultStore::Access::write);
  s.plan(ps);
  s.record(ps[0], ok_with(5));
  std::ostringstream csv, jsonl;
  write_csv(s.rows(), csv);
  write_jsonl(s.rows(), jsonl);
  std::istringstream lines(csv.str());
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_TRUE(header.starts_with("id,status,kernel,hw,mode,seed,n,simulated_ps,")) << header;
  EXPECT_TRUE(header.ends_with(",host,worker,wall_seconds,error,finished_at")) << header;
  EXPECT_TRUE(first.starts_with(ps[0].id() + ",done,vector_add,npu-default,timing,0,1024,5,"))
      << first;
  const auto j = nlohmann::json::parse(jsonl.str().substr(0, jsonl.str().find('\n')));
  EXPECT_EQ(j["params"]["n"], "1024");
  EXPECT_EQ(j["report"]["simulated_ps"], 5);
}

}  // namespace
}  // namespace kernbench::sweep
