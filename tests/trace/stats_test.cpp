#include "trace/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

namespace kernbench::trace {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(StatSetRegistration, ReturnsHandlesThatUpdateTheRegisteredStat) {
  StatSet stats;
  Counter& busy = stats.counter("pe3.gemm.busy", StatUnit::ps, "GEMM engine busy time");
  Accumulator& lat = stats.accumulator("pe3.dma0.latency", StatUnit::ps, "DMA command latency");
  busy.add(1500);
  busy += 500;
  ++busy;
  lat.sample(10);
  lat.sample(30);
  lat.sample(20);
  EXPECT_EQ(stats.get_counter("pe3.gemm.busy").value(), 2001u);
  const Accumulator& a = stats.get_accumulator("pe3.dma0.latency");
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.sum(), 60u);
  EXPECT_EQ(a.min(), 10u);
  EXPECT_EQ(a.max(), 30u);
  EXPECT_DOUBLE_EQ(a.mean(), 20.0);
  EXPECT_DOUBLE_EQ(stats.value("pe3.dma0.latency"), 20.0);
  EXPECT_EQ(stats.size(), 2u);
  EXPECT_TRUE(stats.contains("pe3.gemm.busy"));
}

TEST(StatSetRegistration, HandlesStayValidAsMoreStatsAreAdded) {
  StatSet stats;
  Counter& first = stats.counter("c0", StatUnit::commands, "first");
  for (int i = 1; i < 5000; ++i) {
    std::string name = "c";  // (not "c" + to_string: GCC 12 -Wrestrict false positive)
    name += std::to_string(i);
    stats.counter(name, StatUnit::commands, "more");
  }
  first.add(7);
  EXPECT_EQ(stats.get_counter("c0").value(), 7u);
  StatSet moved = std::move(stats);
  first.add(1);
  EXPECT_EQ(moved.get_counter("c0").value(), 8u);
}

TEST(StatSetRegistration, DuplicateNameThrowsNamingTheStat) {
  StatSet stats;
  stats.counter("pe0.dma0.bytes", StatUnit::bytes, "bytes moved");
  const std::string msg =
      error_of([&] { stats.accumulator("pe0.dma0.bytes", StatUnit::bytes, "again"); });
  EXPECT_NE(msg.find("'pe0.dma0.bytes'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("already registered"), std::string::npos) << msg;
  EXPECT_NE(msg.find("bytes moved"), std::string::npos) << msg;
  EXPECT_EQ(stats.size(), 1u);
}

TEST(StatSetRegistration, MalformedNamesAreRejected) {
  StatSet stats;
  for (const char* bad : {"", ".pe0", "pe0.", "pe0..dma", "pe 0", "pe0/dma"}) {
    const std::string msg = error_of([&] { stats.counter(bad, StatUnit::none, "x"); });
    EXPECT_NE(msg.find("invalid stat name"), std::string::npos) << "'" << bad << "': " << msg;
  }
  EXPECT_EQ(stats.size(), 0u);
  EXPECT_THROW(stats.formula("f", StatUnit::none, "no fn", {}), std::logic_error);
}

TEST(StatSetFormula, IsComputedAtReportTimeFromOtherStats) {
  StatSet stats;
  Counter& busy = stats.counter("pe0.gemm.busy", StatUnit::ps, "busy");
  Counter& elapsed = stats.counter("sim.elapsed", StatUnit::ps, "simulated time");
  stats.formula("pe0.gemm.util", StatUnit::ratio, "busy / elapsed",
                [&] { return static_cast<double>(busy.value()) / elapsed.value(); });
  busy.add(250);
  elapsed.add(1000);
  EXPECT_DOUBLE_EQ(stats.value("pe0.gemm.util"), 0.25);
  busy.add(250);
  EXPECT_DOUBLE_EQ(stats.value("pe0.gemm.util"), 0.5);
}

TEST(StatSetFormula, FailureNamesTheFormula) {
  StatSet stats;
  stats.formula("bad.one", StatUnit::none, "throws",
                []() -> double { throw std::runtime_error("division by zero"); });
  const std::string msg = error_of([&] { (void)stats.value("bad.one"); });
  EXPECT_EQ(msg, "formula stat 'bad.one' failed: division by zero");
}

TEST(StatSetLookup, UnknownNameSuggestsTheClosest) {
  StatSet stats;
  stats.counter("pe3.gemm.busy", StatUnit::ps, "busy");
  stats.counter("pe3.math.busy", StatUnit::ps, "busy");
  EXPECT_EQ(error_of([&] { (void)stats.value("pe3.gem.busy"); }),
            "no stat named 'pe3.gem.busy' (did you mean `pe3.gemm.busy`?)");
  EXPECT_EQ(error_of([&] { (void)stats.value("totally.different.thing"); }),
            "no stat named 'totally.different.thing' (2 stats registered)");
  EXPECT_NE(
      error_of([&] { (void)stats.get_accumulator("pe3.gemm.busy"); }).find("not an accumulator"),
      std::string::npos);
}

TEST(StatSetReset, ZeroesCountersAndAccumulators) {
  StatSet stats;
  Counter& c = stats.counter("c", StatUnit::events, "c");
  Accumulator& a = stats.accumulator("a", StatUnit::ps, "a");
  c.add(5);
  a.sample(9);
  stats.reset();
  EXPECT_EQ(c.value(), 0u);
  EXPECT_TRUE(a.empty());
  EXPECT_TRUE(std::isnan(a.mean()));
  a.sample(4);
  EXPECT_EQ(a.min(), 4u);
  EXPECT_EQ(a.max(), 4u);
}

StatSet sample_stats() {
  StatSet stats;
  Counter& bytes = stats.counter("pe0.dma0.bytes", StatUnit::bytes, "bytes moved by DMA 0");
  Accumulator& lat = stats.accumulator("pe0.dma0.latency", StatUnit::ps, "command latency");
  stats.accumulator("pe1.dma0.latency", StatUnit::ps, "never sampled");
  stats.formula("pe0.dma0.bw", StatUnit::bytes_per_second, "bytes / 2 us",
                [&bytes] { return static_cast<double>(bytes.value()) / 2e-6; });
  stats.formula("pe0.undefined", StatUnit::ratio, "0 / 0", [] { return std::nan(""); });
  bytes.add(4096);
  lat.sample(100);
  lat.sample(300);
  return stats;
}

TEST(StatSetDump, TextTableHasOneAlignedRowPerValue) {
  const StatSet stats = sample_stats();
  std::ostringstream out;
  stats.dump_text(out);
  const std::string expected =
      "name                         value  unit     description\n"
      "pe0.dma0.bytes                4096  bytes    bytes moved by DMA 0\n"
      "pe0.dma0.latency::count          2  samples  command latency\n"
      "pe0.dma0.latency::sum          400  ps\n"
      "pe0.dma0.latency::min          100  ps\n"
      "pe0.dma0.latency::max          300  ps\n"
      "pe0.dma0.latency::mean         200  ps\n"
      "pe1.dma0.latency::count          0  samples  never sampled\n"
      "pe1.dma0.latency::sum            0  ps\n"
      "pe1.dma0.latency::min            -  ps\n"
      "pe1.dma0.latency::max            -  ps\n"
      "pe1.dma0.latency::mean           -  ps\n"
      "pe0.dma0.bw              2.048e+09  B/s      bytes / 2 us\n"
      "pe0.undefined                  nan  ratio    0 / 0\n";
  EXPECT_EQ(out.str(), expected);
}

TEST(StatSetDump, JsonKeepsRegistrationOrderAndUsesNullForUndefined) {
  const StatSet stats = sample_stats();
  std::ostringstream out;
  stats.dump_json(out, -1);
  const auto j = nlohmann::ordered_json::parse(out.str());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"pe0.dma0.bytes", "pe0.dma0.latency",
                                            "pe1.dma0.latency", "pe0.dma0.bw", "pe0.undefined"}));
  EXPECT_EQ(j["pe0.dma0.bytes"]["kind"], "counter");
  EXPECT_EQ(j["pe0.dma0.bytes"]["unit"], "bytes");
  EXPECT_EQ(j["pe0.dma0.bytes"]["description"], "bytes moved by DMA 0");
  EXPECT_EQ(j["pe0.dma0.bytes"]["value"], 4096);
  EXPECT_EQ(j["pe0.dma0.latency"]["count"], 2);
  EXPECT_EQ(j["pe0.dma0.latency"]["sum"], 400);
  EXPECT_EQ(j["pe0.dma0.latency"]["min"], 100);
  EXPECT_EQ(j["pe0.dma0.latency"]["max"], 300);
  EXPECT_EQ(j["pe0.dma0.latency"]["mean"], 200.0);
  EXPECT_TRUE(j["pe1.dma0.latency"]["min"].is_null());
  EXPECT_TRUE(j["pe1.dma0.latency"]["mean"].is_null());
  EXPECT_EQ(j["pe0.dma0.bw"]["kind"], "formula");
  EXPECT_EQ(j["pe0.dma0.bw"]["value"], 2.048e9);
  EXPECT_TRUE(j["pe0.undefined"]["value"].is_null());
}

TEST(StatSetDump, ListReturnsRegistrationData) {
  const StatSet stats = sample_stats();
  const auto infos = stats.list();
  ASSERT_EQ(infos.size(), 5u);
  EXPECT_EQ(infos[1].name, "pe0.dma0.latency");
  EXPECT_EQ(infos[1].kind, StatKind::accumulator);
  EXPECT_EQ(infos[1].unit, StatUnit::ps);
  EXPECT_EQ(to_string(StatUnit::flop_per_second), "flop/s");
}

}  // namespace
}  // namespace kernbench::trace
