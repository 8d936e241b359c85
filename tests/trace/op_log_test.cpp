#include "trace/op_log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace kernbench::trace {
namespace {

OpRecord rec(std::uint64_t start, std::uint64_t end, std::int32_t pe = 0) {
  OpRecord r;
  r.pe = pe;
  r.unit = Unit::dma;
  r.kind = OpKind::DmaRead;
  r.t_issue = start;
  r.t_start = start;
  r.t_end = end;
  return r;
}

std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(OpLogAppend, AssignsDenseIdsInCallOrder) {
  OpLog log;
  OpRecord r = rec(10, 20);
  r.id = 999;  // overwritten
  EXPECT_EQ(log.append(r), 0u);
  EXPECT_EQ(log.append(rec(5, 6)), 1u);
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].id, 0u);
  EXPECT_EQ(log[1].id, 1u);
  EXPECT_EQ(log.by_id(1).t_start, 5u);
}

TEST(OpLogFinalize, SortsByStartKeepingAppendOrderForTies) {
  OpLog log;
  // Appended out of order; ids 1, 3 and 4 share t_start = 100.
  log.append(rec(300, 310));  // id 0
  log.append(rec(100, 150));  // id 1
  log.append(rec(50, 400));   // id 2
  log.append(rec(100, 101));  // id 3
  log.append(rec(100, 900));  // id 4
  log.append(rec(0, 0));      // id 5
  EXPECT_FALSE(log.in_time_order());
  log.finalize();
  EXPECT_TRUE(log.in_time_order());
  std::vector<OpId> order;
  for (const OpRecord& r : log) order.push_back(r.id);
  EXPECT_EQ(order, (std::vector<OpId>{5, 2, 1, 3, 4, 0}));
  for (OpId id = 0; id < 6; ++id) {
    EXPECT_EQ(log.by_id(id).id, id);
    EXPECT_EQ(log[log.position_of(id)].id, id);
  }
}

TEST(OpLogFinalize, MatchesAStableSortOnALargeShuffledLog) {
  OpLog log;
  std::mt19937_64 rng(42);
  std::vector<std::pair<std::uint64_t, OpId>> expected;
  for (OpId i = 0; i < 20000; ++i) {
    const std::uint64_t start = rng() % 500;  // many ties
    log.append(rec(start, start + 7));
    expected.emplace_back(start, i);
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  log.finalize();
  ASSERT_EQ(log.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(log[i].id, expected[i].second) << "position " << i;
    ASSERT_EQ(log[i].t_start, expected[i].first);
  }
}

TEST(OpLogFinalize, CanBeRepeatedAfterMoreAppends) {
  OpLog log;
  log.append(rec(20, 30));  // 0
  log.append(rec(10, 30));  // 1
  log.finalize();
  log.append(rec(10, 11));            // 2: ties with id 1, must come after it
  EXPECT_FALSE(log.in_time_order());  // 10 < 20, the last t_start
  log.append(rec(5, 11));             // 3
  EXPECT_FALSE(log.in_time_order());
  EXPECT_EQ(log.by_id(2).t_end, 11u);
  log.finalize();
  std::vector<OpId> order;
  for (const OpRecord& r : log) order.push_back(r.id);
  EXPECT_EQ(order, (std::vector<OpId>{3, 1, 2, 0}));
}

TEST(OpLogFinalize, LeavesAnAlreadySortedLogUntouched) {
  OpLog log;
  for (std::uint64_t t = 0; t < 100; ++t) log.append(rec(t / 2, t + 1));  // ties included
  EXPECT_TRUE(log.in_time_order());
  log.finalize();
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].id, i);
}

TEST(OpLogAppend, RejectsTimesOutOfOrderNamingTheRecord) {
  OpLog log;
  OpRecord r = rec(10, 5);
  r.name = log.intern("load a");
  const std::string msg = what_of([&] { log.append(r); });
  EXPECT_NE(msg.find("record #0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'load a'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("t_issue <= t_start <= t_end"), std::string::npos) << msg;
  EXPECT_EQ(log.size(), 0u);
  OpRecord early = rec(10, 20);
  early.t_issue = 11;
  EXPECT_THROW(log.append(early), std::logic_error);
}

TEST(OpLogAppend, RejectsDepsOnRecordsNotYetAppended) {
  OpLog log;
  log.append(rec(0, 1));
  OpRecord r = rec(1, 2);
  r.add_dep(0);
  r.add_dep(1);  // would be its own id
  const std::string msg = what_of([&] { log.append(r); });
  EXPECT_NE(msg.find("dep 1 is not an earlier record"), std::string::npos) << msg;
}

TEST(OpLogAppend, RejectsOutOfRangeCountsAndRanks) {
  OpLog log;
  OpRecord r = rec(0, 1);
  r.num_deps = 5;
  EXPECT_THROW(log.append(r), std::logic_error);
  r = rec(0, 1);
  r.num_operands = 1;
  r.rank[0] = 5;
  const std::string msg = what_of([&] { log.append(r); });
  EXPECT_NE(msg.find("operand 0 has rank 5"), std::string::npos) << msg;
}

TEST(OpLogNames, InternedOnceAndLookedUpById) {
  OpLog log;
  const NameId a = log.intern("dot");
  EXPECT_EQ(log.intern("dot"), a);
  EXPECT_EQ(log.name(a), "dot");
  EXPECT_EQ(log.strings().size(), 2u);
}

TEST(OpLogLevel, WantsIsTrueUpToTheConfiguredLevel) {
  OpLog off(TraceLevel::off);
  EXPECT_FALSE(off.wants(TraceLevel::commands));
  EXPECT_FALSE(off.wants(TraceLevel::transactions));
  OpLog cmd(TraceLevel::commands);
  EXPECT_TRUE(cmd.wants(TraceLevel::commands));
  EXPECT_FALSE(cmd.wants(TraceLevel::transactions));
  OpLog all(TraceLevel::transactions);
  EXPECT_TRUE(all.wants(TraceLevel::commands));
  EXPECT_TRUE(all.wants(TraceLevel::transactions));
  EXPECT_FALSE(all.wants(TraceLevel::off));
  all.set_level(TraceLevel::off);
  EXPECT_FALSE(all.wants(TraceLevel::commands));
}

TEST(OpLogLevel, ParsesNamesAndListsChoicesOnError) {
  EXPECT_EQ(parse_trace_level("transactions"), TraceLevel::transactions);
  EXPECT_EQ(to_string(TraceLevel::commands), "commands");
  const std::string msg = what_of([] { (void)parse_trace_level("all"); });
  EXPECT_NE(msg.find("'all'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("off, commands, transactions"), std::string::npos) << msg;
}

TEST(OpLogMemory, CountsRecordCapacityAndIndex) {
  OpLog log;
  log.reserve(1000);
  EXPECT_GE(log.memory_bytes(), 1000 * sizeof(OpRecord));
  log.append(rec(5, 6));
  log.append(rec(1, 2));
  log.finalize();  // materialises the id index
  EXPECT_GE(log.memory_bytes(), 1000 * sizeof(OpRecord) + 2 * sizeof(std::uint32_t));
}

TEST(OpLogLookup, UnknownIdThrowsOutOfRange) {
  OpLog log;
  log.append(rec(0, 1));
  EXPECT_THROW((void)log.by_id(1), std::out_of_range);
}

}  // namespace
}  // namespace kernbench::trace

namespace kernbench::trace {
namespace {

TEST(OpLogClear, DropsRecordsButKeepsNamesAndRestartsIds) {
  OpLog log;
  const NameId dot = log.intern("dot");
  log.append(rec(5, 6));
  log.append(rec(1, 2));
  log.finalize();
  log.clear();
  EXPECT_EQ(log.size(), 0u);
  EXPECT_TRUE(log.in_time_order());
  EXPECT_EQ(log.name(dot), "dot");
  EXPECT_EQ(log.append(rec(3, 4)), 0u);
  EXPECT_EQ(log.by_id(0).t_start, 3u);
}

}  // namespace
}  // namespace kernbench::trace
