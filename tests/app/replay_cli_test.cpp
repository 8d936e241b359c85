// `kernbench run K --oplog --memory-initial --memory-final` then `kernbench
// replay`: the round trip through files, a reordered log, and bad inputs.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream f(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(f, line);) out.push_back(line);
  return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream f(path);
  for (const std::string& l : lines) f << l << '\n';
}

struct Files {
  std::string log, initial, final;
};

/// Runs `kernel` with `params` writing the three replay inputs into a fresh
/// directory.
Files produce(const std::string& name, const std::string& kernel,
              const std::vector<std::string>& params) {
  const std::string dir = temp_dir("replay_" + name);
  Files f{dir + "/log.jsonl", dir + "/initial.npz", dir + "/final.npz"};
  std::vector<std::string> args = {"run", kernel};
  for (const std::string& p : params) {
    args.push_back("--param");
    args.push_back(p);
  }
  for (const std::string& a : {std::string("--oplog"), f.log, std::string("--memory-initial"),
                               f.initial, std::string("--memory-final"), f.final}) {
    args.push_back(a);
  }
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  return f;
}

CliResult replay(const Files& f, const std::string& refs, bool json = false) {
  std::vector<std::string> args = {"replay", f.log, "--memory", f.initial, "--verify", refs};
  if (json) args.push_back("--json");
  return run_cli(args);
}

void expect_round_trip(const std::string& kernel, const std::vector<std::string>& params,
                       const std::vector<std::string>& outputs) {
  const Files f = produce(kernel, kernel, params);
  const CliResult r = replay(f, f.final, true);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("matches").get<bool>());
  EXPECT_TRUE(j.at("in_order").get<bool>());
  EXPECT_TRUE(j.at("complete").get<bool>());
  EXPECT_GT(j.at("effects").get<int>(), 0);
  for (const std::string& out : outputs) {
    bool found = false;
    for (const auto& a : j.at("arrays")) {
      if (a.at("name") != out) continue;
      found = true;
      EXPECT_TRUE(a.at("matches").get<bool>()) << a.dump();
      EXPECT_EQ(a.at("mismatches").get<int>(), 0) << a.dump();
    }
    EXPECT_TRUE(found) << out << " not compared: " << r.out;
  }
}

}  // namespace

TEST(Replay, AVectorAddRunReplayedFromItsFilesReproducesItsOutput) {
  const Files f = produce("vector_add", "vector_add", {"n=3000", "BLOCK_SIZE=1024"});
  const CliResult r = replay(f, f.final);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "replay " + f.log + " from " + f.initial + "\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "    output       match    f32[3000] (3000 elements")) << r.out;
  EXPECT_TRUE(contains(r.out, "  result       reproduced\n")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Replay, AReplayComparedWithTheInitialMemoryFindsTheComputedOutput) {
  // The output was all zeros before the run: the replayed memory differs.
  const Files f = produce("vector_add_initial", "vector_add", {"n=100", "BLOCK_SIZE=64"});
  const CliResult r = replay(f, f.initial);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "    x            match")) << r.out;
  EXPECT_TRUE(contains(r.out, "    output       MISMATCH f32[100]: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "; worst [")) << r.out;
  EXPECT_TRUE(contains(r.out, "  result       NOT reproduced\n")) << r.out;
  EXPECT_TRUE(
      contains(r.err, "kernbench: error: the replay of " + f.log + " differs from " + f.initial))
      << r.err;
}

TEST(Replay, SoftmaxRoundTripsThroughFiles) {
  expect_round_trip("softmax", {"M=48", "N=200"}, {"y"});
}

TEST(Replay, MatmulRoundTripsThroughFiles) {
  expect_round_trip(
      "matmul",
      {"M=128", "N=128", "K=128", "BLOCK_SIZE_M=64", "BLOCK_SIZE_N=64", "BLOCK_SIZE_K=32"}, {"c"});
}

TEST(Replay, LayernormBackwardWithItsAtomicsAndLocksRoundTripsThroughFiles) {
  expect_round_trip("layernorm_backward", {"M=48", "N=128", "GROUP_SIZE_M=8"},
                    {"dx", "dw", "db", "locks", "_dw", "_db"});
}

TEST(Replay, ALogWithARecordMovedBeforeItsInputsIsFlaggedAsReordered) {
  const Files f = produce("reorder", "vector_add", {"n=256", "BLOCK_SIZE=128"});
  std::vector<std::string> lines = lines_of(f.log);
  // Move the last record (a store) to the first record line.
  std::size_t first = 0;
  while (contains(lines[first], "\"alloc\"")) ++first;
  const std::string last = lines.back();
  lines.pop_back();
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(first), last);
  write_lines(f.log, lines);
  const CliResult r = replay(f, f.final);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "  order        REORDERED: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "the log is not in t_start order")) << r.out;
  EXPECT_TRUE(contains(r.out, "which comes later in the log (line ")) << r.out;
  EXPECT_TRUE(contains(r.out, "  replayed     8 effects in t_start order\n")) << r.out;
  EXPECT_TRUE(contains(r.err, "kernbench: error: " + f.log + ": the log is reordered: line "))
      << r.err;
}

TEST(Replay, ARecordThatReadsALaterStartingRecordIsFlaggedEvenWithSortedTimes) {
  const Files f = produce("reorder_times", "vector_add", {"n=128", "BLOCK_SIZE=128"});
  std::vector<std::string> lines = lines_of(f.log);
  // Give the store the earliest start of the log and the first record its
  // start: the times stay sorted, the store now starts before what it reads.
  std::size_t first = 0;
  while (contains(lines[first], "\"alloc\"")) ++first;
  auto store = nlohmann::ordered_json::parse(lines.back());
  auto head = nlohmann::ordered_json::parse(lines[first]);
  ASSERT_EQ(store.at("effect").at("op"), "store");
  const auto t0 = head.at("t_start").get<std::uint64_t>();
  store["t_issue"] = 0;
  store["t_start"] = t0;
  lines.pop_back();
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(first), store.dump());
  write_lines(f.log, lines);
  const CliResult r = replay(f, f.final, true);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.at("in_order").get<bool>());
  EXPECT_FALSE(j.at("matches").get<bool>());
  bool reads_later = false;
  for (const auto& i : j.at("order_issues")) {
    reads_later |= contains(i.at("message").get<std::string>(), "which starts later");
    EXPECT_FALSE(contains(i.at("message").get<std::string>(), "not in t_start order")) << i.dump();
  }
  EXPECT_TRUE(reads_later) << r.out;
}

TEST(Replay, ACorruptImageExitsTwoNamingTheFile) {
  const Files f = produce("corrupt", "vector_add", {"n=64", "BLOCK_SIZE=64"});
  std::ofstream(f.initial, std::ios::trunc) << "not a zip";
  const CliResult r = replay(f, f.final);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(contains(r.err, "kernbench: error: " + f.initial + ": cannot read the .npz file"))
      << r.err;
}

TEST(Replay, AnImageWithoutAnAllocationsArrayExitsTwoNamingArrayAndLogLine) {
  const Files f = produce("missing", "vector_add", {"n=64", "BLOCK_SIZE=64"});
  std::vector<std::string> lines = lines_of(f.log);
  ASSERT_TRUE(contains(lines[0], R"("alloc":"x")")) << lines[0];
  lines[0].replace(lines[0].find(R"("alloc":"x")"), 11, R"("alloc":"q")");
  write_lines(f.log, lines);
  const CliResult r = replay(f, f.final);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "kernbench: error: " + f.initial + ": no array 'q' (the allocation at " + f.log +
                       ":1)\n");
}

TEST(Replay, AnArrayOfTheWrongDtypeExitsTwoNamingBoth) {
  const Files f = produce("dtype", "vector_add", {"n=64", "BLOCK_SIZE=64"});
  std::vector<std::string> lines = lines_of(f.log);
  lines[0].replace(lines[0].find(R"("dtype":0)"), 9, R"("dtype":7)");
  write_lines(f.log, lines);
  const CliResult r = replay(f, f.final);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "kernbench: error: " + f.initial +
                       ": array 'x' is f32, expected int32 (the allocation at " + f.log + ":1)\n");
}

TEST(Replay, ABadJsonLineExitsTwoNamingFileAndLine) {
  const Files f = produce("badjson", "vector_add", {"n=64", "BLOCK_SIZE=64"});
  std::vector<std::string> lines = lines_of(f.log);
  lines[4] = lines[4].substr(0, lines[4].size() / 2);
  write_lines(f.log, lines);
  const CliResult r = replay(f, f.final);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "kernbench: error: " + f.log + ":5: not valid JSON")) << r.err;
}

TEST(Replay, AnOrdinaryOpLogWithoutAllocationsExitsTwoSayingHowToWriteOne) {
  const std::string dir = temp_dir("replay_plain");
  const CliResult run = run_cli({"run", "vector_add", "--param", "n=64", "--param", "BLOCK_SIZE=64",
                                 "--oplog", dir + "/log.jsonl"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(contains(lines_of(dir + "/log.jsonl")[0], "alloc"));
  const CliResult r = run_cli({"replay", dir + "/log.jsonl", "--memory", dir + "/none.npz"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, dir + "/log.jsonl: no allocation lines; expected an op log written "
                                    "with `kernbench run KERNEL --oplog FILE --memory-initial"))
      << r.err;
}

TEST(Replay, MemoryImagesInTimingModeAreAUsageError) {
  const std::string dir = temp_dir("replay_timing");
  const CliResult r =
      run_cli({"run", "vector_add", "--mode", "timing", "--memory-initial", dir + "/i.npz"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "kernbench: error: --memory-initial: memory images need data mode (timing mode has no "
            "values)\n");
}

}  // namespace kernbench::app::test
