// An op log written by `--oplog` is itself a command list: running it again
// (on the same hardware) reproduces the timeline bit for bit, and writes the
// same op log byte for byte. Every built-in kernel, on npu-default and h200,
// in timing and data mode.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/registry.hpp"
#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

/// Small parameters for every built-in kernel (the test fails for a kernel
/// missing here, so a new kernel is covered when it is registered).
const std::map<std::string, std::vector<std::string>> kSmall = {
    {"vector_add", {"n=5000", "BLOCK_SIZE=1024"}},
    {"softmax", {"M=48", "N=200"}},
    {"matmul",
     {"M=128", "N=128", "K=128", "BLOCK_SIZE_M=64", "BLOCK_SIZE_N=64", "BLOCK_SIZE_K=32"}},
    {"layernorm", {"M=24", "N=512"}},
    {"layernorm_backward", {"M=48", "N=256"}},
    {"attention", {"Z=1", "H=2", "N_CTX=128", "HEAD_DIM=64", "BLOCK_M=64", "BLOCK_N=32"}},
};

/// One command of a timeline: where it ran, what it was, when.
using Event = std::tuple<int, std::string, int, std::string, std::string, std::int64_t,
                         std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t>;

std::vector<Event> timeline(const std::string& path) {
  std::ifstream f(path);
  std::vector<Event> out;
  std::string line;
  while (std::getline(f, line)) {
    const nlohmann::json r = nlohmann::json::parse(line);
    if (r.contains("alloc")) continue;  // an allocation line (memory images)
    out.emplace_back(r.at("pe").get<int>(), r.at("unit").get<std::string>(),
                     r.at("unit_index").get<int>(), r.at("kind").get<std::string>(),
                     r.at("name").get<std::string>(), r.at("program").get<std::int64_t>(),
                     r.at("t_issue").get<std::uint64_t>(), r.at("t_start").get<std::uint64_t>(),
                     r.at("t_end").get<std::uint64_t>(), r.at("bytes").get<std::uint64_t>(),
                     r.at("flops").get<std::uint64_t>());
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string describe(const Event& e) {
  std::ostringstream os;
  os << "pe " << std::get<0>(e) << " " << std::get<1>(e) << std::get<2>(e) << " " << std::get<3>(e)
     << " '" << std::get<4>(e) << "' program " << std::get<5>(e) << " issue " << std::get<6>(e)
     << " start " << std::get<7>(e) << " end " << std::get<8>(e);
  return os.str();
}

/// Runs `kernel`, then its op log as a command list; both op logs' timelines.
void expect_round_trip(const std::string& kernel, const std::string& hw, const std::string& mode) {
  const std::string dir = temp_dir("roundtrip_" + kernel + "_" + hw + "_" + mode);
  std::vector<std::string> args{"run",    kernel, "--hw",    hw,
                                "--mode", mode,   "--oplog", dir + "/kernel.jsonl"};
  for (const std::string& p : kSmall.at(kernel)) {
    args.push_back("--param");
    args.push_back(p);
  }
  const CliResult first = run_cli(args);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const CliResult again = run_cli(
      {"run", dir + "/kernel.jsonl", "--hw", hw, "--mode", mode, "--oplog", dir + "/replay.jsonl"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  std::vector<Event> a = timeline(dir + "/kernel.jsonl");
  std::vector<Event> b = timeline(dir + "/replay.jsonl");
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  // The same records; completions at one tick may append in another order.
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (++differ <= 3)
      ADD_FAILURE() << "run:    " << describe(a[i]) << "\nreplay: " << describe(b[i]);
  }
  EXPECT_EQ(differ, 0u) << "of " << a.size() << " records";
  // Beyond the timeline: ids, deps, operands and the hw descriptions too.
  EXPECT_TRUE(slurp(dir + "/kernel.jsonl") == slurp(dir + "/replay.jsonl"))
      << "the replay's op log is not byte for byte the op log it replayed";
}

class OpLogRoundTrip : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(OpLogRoundTrip, RunningTheOpLogAsACommandListReproducesEveryRecordsTimes) {
  const auto& [hw, mode] = GetParam();
  for (const std::string& kernel : kernels::builtin_catalog().names()) {
    ASSERT_TRUE(kSmall.contains(kernel)) << "no small parameters for kernel " << kernel;
    SCOPED_TRACE(kernel + " on " + hw + ", " + mode + " mode");
    expect_round_trip(kernel, hw, mode);
  }
}

INSTANTIATE_TEST_SUITE_P(PresetsAndModes, OpLogRoundTrip,
                         ::testing::Combine(::testing::Values("npu-default", "h200"),
                                            ::testing::Values("timing", "data")),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param);
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(OpLogRoundTrip, AnOpLogWrittenWithMemoryImagesAlsoRunsAsACommandList) {
  // Its allocation lines and its records' data effects (for `replay`) are
  // read past; the timeline is the run's.
  const std::string dir = temp_dir("roundtrip_images");
  ASSERT_EQ(run_cli({"run", "vector_add", "--param", "n=3000", "--oplog", dir + "/a.jsonl",
                     "--memory-initial", dir + "/i.npz", "--memory-final", dir + "/f.npz"})
                .exit_code,
            0);
  const CliResult again = run_cli({"run", dir + "/a.jsonl", "--oplog", dir + "/b.jsonl"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  std::vector<Event> a = timeline(dir + "/a.jsonl");
  std::vector<Event> b = timeline(dir + "/b.jsonl");
  ASSERT_FALSE(a.empty());
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(OpLogRoundTrip, TheOpLogsOwnOpLogIsTheSameCommandListAgain) {
  const std::string dir = temp_dir("roundtrip_twice");
  ASSERT_EQ(run_cli({"run", "matmul", "--mode", "timing", "--param", "M=128", "--param", "N=128",
                     "--param", "K=64", "--oplog", dir + "/a.jsonl"})
                .exit_code,
            0);
  ASSERT_EQ(
      run_cli({"run", dir + "/a.jsonl", "--mode", "timing", "--oplog", dir + "/b.jsonl"}).exit_code,
      0);
  ASSERT_EQ(
      run_cli({"run", dir + "/b.jsonl", "--mode", "timing", "--oplog", dir + "/c.jsonl"}).exit_code,
      0);
  std::vector<Event> b = timeline(dir + "/b.jsonl");
  std::vector<Event> c = timeline(dir + "/c.jsonl");
  std::sort(b.begin(), b.end());
  std::sort(c.begin(), c.end());
  EXPECT_EQ(b, c);
  EXPECT_TRUE(slurp(dir + "/a.jsonl") == slurp(dir + "/c.jsonl"));
}

}  // namespace
}  // namespace kernbench::app::test
