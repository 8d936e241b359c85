#include "trace/export_chrome.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "sample_log.hpp"

namespace kernbench::trace {
namespace {

using nlohmann::json;

struct Exported {
  std::string text;
  json doc;
};

Exported export_log(const OpLog& log, const TraceOptions& opt = {}) {
  std::ostringstream out;
  write_chrome_trace(log, out, opt);
  Exported e{out.str(), {}};
  e.doc = json::parse(e.text);
  return e;
}

std::vector<json> events_with_ph(const json& doc, std::string_view ph) {
  std::vector<json> out;
  for (const auto& e : doc.at("traceEvents")) {
    if (e.at("ph").get<std::string>() == ph) out.push_back(e);
  }
  return out;
}

// (pid, tid) -> thread name
std::map<std::pair<std::int64_t, std::int64_t>, std::string> thread_names(const json& doc) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> names;
  for (const auto& e : events_with_ph(doc, "M")) {
    if (e.at("name") == "thread_name") {
      names[{e.at("pid").get<std::int64_t>(), e.at("tid").get<std::int64_t>()}] =
          e.at("args").at("name").get<std::string>();
    }
  }
  return names;
}

std::map<std::uint64_t, json> slices_by_id(const json& doc) {
  std::map<std::uint64_t, json> by_id;
  for (const auto& e : events_with_ph(doc, "X")) {
    by_id[e.at("args").at("id").get<std::uint64_t>()] = e;
  }
  return by_id;
}

TEST(ChromeTraceExport, HasTraceEventsAndDisplayUnit) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  ASSERT_TRUE(e.doc.contains("traceEvents"));
  EXPECT_TRUE(e.doc.at("traceEvents").is_array());
  EXPECT_EQ(e.doc.at("displayTimeUnit"), "ns");
  EXPECT_EQ(e.doc.at("otherData").at("records").get<std::size_t>(), log.size());
}

TEST(ChromeTraceExport, NamesOneProcessPerPeAndOneForTheChip) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  std::map<std::int64_t, std::string> procs;
  for (const auto& m : events_with_ph(e.doc, "M")) {
    if (m.at("name") == "process_name") {
      procs[m.at("pid").get<std::int64_t>()] = m.at("args").at("name").get<std::string>();
    }
  }
  const std::map<std::int64_t, std::string> expected = {
      {1, "PE 0"}, {2, "PE 1"}, {kChipPid, "Chip"}};
  EXPECT_EQ(procs, expected);
}

TEST(ChromeTraceExport, NamesOneThreadPerEngineWithLanesForOverlap) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  std::map<std::int64_t, std::set<std::string>> per_pid;
  for (const auto& [key, name] : thread_names(e.doc)) per_pid[key.first].insert(name);
  EXPECT_EQ(per_pid[1], (std::set<std::string>{"cpu", "dma0", "dma1", "gemm", "math"}));
  EXPECT_EQ(per_pid[2], (std::set<std::string>{"dma0", "dma0 #1"}));
  EXPECT_EQ(per_pid[kChipPid], (std::set<std::string>{"hbm2", "hbm3", "fabric5"}));
}

TEST(ChromeTraceExport, WritesOneCompleteEventPerRecordOnItsEngine) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  const auto threads = thread_names(e.doc);
  const auto slices = slices_by_id(e.doc);
  ASSERT_EQ(events_with_ph(e.doc, "X").size(), log.size());
  ASSERT_EQ(slices.size(), log.size());
  for (const OpRecord& r : log) {
    const json& x = slices.at(r.id);
    EXPECT_EQ(x.at("pid").get<std::int64_t>(), r.pe == kChipLevel ? kChipPid : r.pe + 1);
    const std::string thread =
        threads.at({x.at("pid").get<std::int64_t>(), x.at("tid").get<std::int64_t>()});
    EXPECT_EQ(thread.rfind(std::string(to_string(r.unit)), 0), 0u) << thread;
    EXPECT_EQ(x.at("cat"), std::string(to_string(r.unit)));
    const std::string name(log.name(r.name));
    EXPECT_EQ(x.at("name"), name.empty() ? std::string(to_string(r.kind)) : name);
    EXPECT_NEAR(x.at("ts").get<double>(), static_cast<double>(r.t_start) / 1e6, 1e-12);
    EXPECT_NEAR(x.at("dur").get<double>(), static_cast<double>(r.duration()) / 1e6, 1e-12);
    const json& args = x.at("args");
    EXPECT_EQ(args.at("kind"), std::string(to_string(r.kind)));
    EXPECT_EQ(args.at("t_start_ps").get<std::uint64_t>(), r.t_start);
    EXPECT_EQ(args.at("t_end_ps").get<std::uint64_t>(), r.t_end);
    EXPECT_EQ(args.value("bytes", std::uint64_t{0}), r.bytes);
    EXPECT_EQ(args.value("flops", std::uint64_t{0}), r.flops);
  }
}

TEST(ChromeTraceExport, PrintsMicrosecondsExactlyFromPicoseconds) {
  OpLog log;
  const auto ids = testing::build_sample_log(log);
  const auto e = export_log(log);
  // load a: t_start 1'234'567 ps, duration 3'765'433 ps.
  EXPECT_NE(e.text.find(R"("ts":1.234567,"dur":3.765433)"), std::string::npos);
  // dot: t_start 6'000'001 ps, duration 3'499'999 ps.
  EXPECT_NE(e.text.find(R"("ts":6.000001,"dur":3.499999)"), std::string::npos);
  // exp: 1 ps long.
  EXPECT_NE(e.text.find(R"("ts":9.5,"dur":0.000001)"), std::string::npos);
  const auto slices = slices_by_id(e.doc);
  EXPECT_EQ(slices.at(ids.launch).at("ts").get<double>(), 0.0);
  EXPECT_EQ(slices.at(ids.launch).at("dur").get<double>(), 0.001);
}

TEST(ChromeTraceExport, CarriesShapesAddressesAndDepsInArgs) {
  OpLog log;
  const auto ids = testing::build_sample_log(log);
  TraceOptions opt;
  opt.dtype_name = [](std::uint8_t c) { return c == 1 ? std::string("f16") : "f32"; };
  const auto e = export_log(log, opt);
  const auto slices = slices_by_id(e.doc);
  const json& dot = slices.at(ids.dot).at("args");
  EXPECT_EQ(dot.at("operands"), json::array({"64x64 f16", "64x64 f16", "64x64 f32"}));
  EXPECT_EQ(dot.at("deps"), json::array({ids.load_a, ids.load_b}));
  EXPECT_EQ(dot.at("program"), 0);
  const json& load = slices.at(ids.load_a).at("args");
  EXPECT_EQ(load.at("src"), "0x1000");
  EXPECT_EQ(load.at("dst"), "0x200");
  EXPECT_EQ(load.at("wait_ps").get<std::uint64_t>(), 1'234'567u - 1'000u);
  EXPECT_TRUE(load.at("changes_memory").get<bool>());
  EXPECT_EQ(slices.at(ids.store).at("name"), "store \"c\",\tfinal");
}

TEST(ChromeTraceExport, SlicesOnOneThreadNeverOverlap) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  std::map<std::pair<std::int64_t, std::int64_t>,
           std::vector<std::pair<std::uint64_t, std::uint64_t>>>
      per_thread;
  for (const auto& x : events_with_ph(e.doc, "X")) {
    per_thread[{x.at("pid").get<std::int64_t>(), x.at("tid").get<std::int64_t>()}].emplace_back(
        x.at("args").at("t_start_ps").get<std::uint64_t>(),
        x.at("args").at("t_end_ps").get<std::uint64_t>());
  }
  for (auto& [thread, spans] : per_thread) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) {
      EXPECT_LE(spans[i - 1].second, spans[i].first)
          << "pid " << thread.first << " tid " << thread.second;
    }
  }
}

TEST(ChromeTraceExport, EmitsOneFlowPairPerDepBoundInsideProducerAndConsumer) {
  OpLog log;
  testing::build_sample_log(log);
  const auto e = export_log(log);
  const auto slices = slices_by_id(e.doc);
  std::map<std::uint64_t, json> starts, finishes;
  for (const auto& s : events_with_ph(e.doc, "s")) {
    EXPECT_TRUE(starts.emplace(s.at("id").get<std::uint64_t>(), s).second) << "duplicate id";
  }
  for (const auto& f : events_with_ph(e.doc, "f")) {
    EXPECT_EQ(f.at("bp"), "e");
    EXPECT_TRUE(finishes.emplace(f.at("id").get<std::uint64_t>(), f).second) << "duplicate id";
  }
  std::size_t expected_flows = 0;
  for (const OpRecord& consumer : log) {
    for (std::uint32_t dep : consumer.dep_ids()) {
      ++expected_flows;
      const OpRecord& producer = log.by_id(dep);
      // Find the flow whose start sits on the producer and finish on the consumer.
      bool found = false;
      for (const auto& [id, s] : starts) {
        if (!finishes.count(id)) continue;
        const json& f = finishes.at(id);
        const json& px = slices.at(producer.id);
        const json& cx = slices.at(consumer.id);
        if (s.at("pid") != px.at("pid") || s.at("tid") != px.at("tid")) continue;
        if (f.at("pid") != cx.at("pid") || f.at("tid") != cx.at("tid")) continue;
        const double s_ts = s.at("ts").get<double>() * 1e6;
        const double f_ts = f.at("ts").get<double>() * 1e6;
        if (std::llround(s_ts) < static_cast<long long>(producer.t_start)) continue;
        if (std::llround(f_ts) < static_cast<long long>(consumer.t_start)) continue;
        if (producer.duration() > 0) {
          EXPECT_LT(std::llround(s_ts), static_cast<long long>(producer.t_end));
        }
        if (consumer.duration() > 0) {
          EXPECT_LT(std::llround(f_ts), static_cast<long long>(consumer.t_end));
        }
        found = true;
      }
      EXPECT_TRUE(found) << "no flow " << dep << " -> " << consumer.id;
    }
  }
  EXPECT_EQ(starts.size(), expected_flows);
  EXPECT_EQ(finishes.size(), expected_flows);
}

TEST(ChromeTraceExport, FlowsCanBeTurnedOff) {
  OpLog log;
  testing::build_sample_log(log);
  TraceOptions opt;
  opt.flows = false;
  const auto e = export_log(log, opt);
  EXPECT_TRUE(events_with_ph(e.doc, "s").empty());
  EXPECT_TRUE(events_with_ph(e.doc, "f").empty());
}

TEST(ChromeTraceExport, HbmBandwidthCounterSpreadsBytesOverBuckets) {
  OpLog log;
  testing::build_sample_log(log);
  TraceOptions opt;
  opt.hbm_bucket_ps = 1'000;
  const auto e = export_log(log, opt);
  // hbm2 moves 4096 B over [1000, 3000) ps: 2048 B per 1 ns bucket = 2048 GB/s.
  // hbm3 moves 64 B within [2000, 2001): bucket 2 carries 2048 + 64 B.
  std::vector<std::pair<double, double>> series;
  for (const auto& c : events_with_ph(e.doc, "C")) {
    if (c.at("name") != "HBM bandwidth") continue;
    EXPECT_EQ(c.at("pid").get<std::int64_t>(), kChipPid);
    series.emplace_back(c.at("ts").get<double>(), c.at("args").at("GB/s").get<double>());
  }
  const std::vector<std::pair<double, double>> expected = {
      {0.0, 0.0}, {0.001, 2048.0}, {0.002, 2112.0}, {0.003, 0.0}};
  EXPECT_EQ(series, expected);
}

TEST(ChromeTraceExport, HbmBucketTooSmallForTheSpanIsAClearError) {
  OpLog log;
  OpRecord r;
  r.unit = Unit::hbm;
  r.kind = OpKind::HbmAccess;
  r.bytes = 64;
  r.t_start = r.t_issue = 0;
  r.t_end = 100'000'000'000;  // 100 ms
  log.append(r);
  TraceOptions opt;
  opt.hbm_bucket_ps = 1;
  std::ostringstream out;
  try {
    write_chrome_trace(log, out, opt);
    FAIL() << "accepted 1e11 buckets";
  } catch (const std::runtime_error& err) {
    EXPECT_NE(std::string(err.what()).find("hbm_bucket_ps = 1"), std::string::npos) << err.what();
  }
}

TEST(ChromeTraceExport, TcmOccupancyBecomesACounterPerPe) {
  OpLog log;
  testing::build_sample_log(log);
  const std::vector<OccupancySample> samples = {
      {0, 0, 0}, {0, 1'234'567, 16384}, {1, 500'000, 4096}, {3, 7, 1}};
  TraceOptions opt;
  opt.tcm_occupancy = samples;
  const auto e = export_log(log, opt);
  std::vector<std::tuple<std::int64_t, double, std::uint64_t>> got;
  for (const auto& c : events_with_ph(e.doc, "C")) {
    if (c.at("name") != "TCM occupancy") continue;
    got.emplace_back(c.at("pid").get<std::int64_t>(), c.at("ts").get<double>(),
                     c.at("args").at("bytes").get<std::uint64_t>());
  }
  const std::vector<std::tuple<std::int64_t, double, std::uint64_t>> expected = {
      {1, 0.0, 0}, {1, 1.234567, 16384}, {2, 0.5, 4096}, {4, 0.000007, 1}};
  EXPECT_EQ(got, expected);
  // PE 3 has no records but gets a named process for its counter.
  bool pe3_named = false;
  for (const auto& m : events_with_ph(e.doc, "M")) {
    pe3_named |=
        m.at("name") == "process_name" && m.at("pid") == 4 && m.at("args").at("name") == "PE 3";
  }
  EXPECT_TRUE(pe3_named);
}

TEST(ChromeTraceExport, RejectsAnUnfinalizedLog) {
  OpLog log;
  OpRecord r;
  r.t_start = r.t_end = 5;
  log.append(r);
  r.t_start = r.t_end = r.t_issue = 1;
  log.append(r);
  std::ostringstream out;
  EXPECT_THROW(write_chrome_trace(log, out), std::logic_error);
}

TEST(ChromeTraceExport, EmptyLogIsAValidTrace) {
  OpLog log;
  const auto e = export_log(log);
  EXPECT_TRUE(e.doc.at("traceEvents").empty());
}

TEST(ChromeTraceExport, SecondInstanceOfASingleEngineGetsIndexedNames) {
  OpLog log;
  OpRecord r;
  r.pe = 0;
  r.unit = Unit::gemm;
  r.kind = OpKind::Gemm;
  r.t_end = 10;
  log.append(r);
  r.unit_index = 1;
  log.append(r);
  log.finalize();
  const auto e = export_log(log);
  std::set<std::string> names;
  for (const auto& [key, name] : thread_names(e.doc)) names.insert(name);
  EXPECT_EQ(names, (std::set<std::string>{"gemm0", "gemm1"}));
}

}  // namespace
}  // namespace kernbench::trace
