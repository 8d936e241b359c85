// `kernbench run` with tolerance overrides (`--atol`, `--rtol`), a run whose
// results are judged wrong, and `--trace-level`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const std::vector<std::string> kMatmul = {"run",     "matmul", "--param", "M=64",
                                          "--param", "N=64",   "--param", "K=64"};

std::vector<std::string> with(std::vector<std::string> base, std::vector<std::string> more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

TEST(RunTolerance, AWrongResultExitsOneAndReportsTheWorstErrors) {
  // The kernel's f32 softmax against the host reference differs in the last
  // bits (another summation order): a zero tolerance judges it wrong.
  const CliResult r = run_cli(
      {"run", "softmax", "--param", "M=64", "--param", "N=256", "--atol", "0", "--rtol", "0"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "  verification     FAILED: 1 of 1 output outside tolerance\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "FAIL f32[64, 256]")) << r.out;
  EXPECT_TRUE(contains(r.out, "(atol 0, rtol 0)")) << r.out;
  EXPECT_TRUE(contains(r.err,
                       "kernbench: error: kernel 'softmax' computed wrong results: y: "
                       "FAIL f32[64, 256]: "))
      << r.err;
  EXPECT_TRUE(contains(r.err, "; worst at [")) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line";
}

TEST(RunTolerance, AGlobalOverrideReplacesTheDtypeDefault) {
  const CliResult r = run_cli(with(kMatmul, {"--atol", "0.5"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "(atol 0.5, rtol 0.002)")) << r.out;
}

TEST(RunTolerance, APerOutputOverrideWinsOverTheGlobalOne) {
  const CliResult r = run_cli(with(kMatmul, {"--rtol", "0.25", "--rtol", "c=0.125"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "(atol 0.001, rtol 0.125)")) << r.out;
}

TEST(RunTolerance, BadValuesAndUnknownOutputsAreUsageErrors) {
  const CliResult neg = run_cli(with(kMatmul, {"--atol", "-1"}));
  EXPECT_EQ(neg.exit_code, 2);
  EXPECT_EQ(neg.err,
            "kernbench: error: --atol: `-1` is not a tolerance; expected a finite number >= 0 "
            "(e.g. 1e-3) or OUTPUT=NUMBER (e.g. out=1e-3)\n");
  const CliResult word = run_cli(with(kMatmul, {"--rtol", "c=tight"}));
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_TRUE(contains(word.err, "--rtol: `c=tight` is not a tolerance")) << word.err;
  const CliResult unknown = run_cli(with(kMatmul, {"--atol", "out=1"}));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "kernbench: error: --atol: the kernel has no output `out`; its outputs are c\n");
  EXPECT_EQ(unknown.out, "");
}

TEST(RunTraceLevel, TransactionsAddHbmAndFabricRecordsToTheOpLog) {
  const std::string dir = temp_dir("trace_level");
  const std::string plain = dir + "/commands.jsonl";
  const std::string full = dir + "/transactions.jsonl";
  const CliResult a = run_cli({"run", "vector_add", "--param", "n=4096", "--oplog", plain});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const CliResult b = run_cli(
      {"run", "vector_add", "--param", "n=4096", "--oplog", full, "--trace-level", "transactions"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_FALSE(contains(slurp(plain), R"("kind":"HbmAccess")"));
  EXPECT_TRUE(contains(slurp(full), R"("kind":"HbmAccess")"));
  EXPECT_TRUE(contains(slurp(full), R"("kind":"FabricXfer")"));
}

TEST(RunTraceLevel, OffWithAnOpLogFileIsAUsageError) {
  const std::string dir = temp_dir("trace_level_off");
  const CliResult r =
      run_cli({"run", "vector_add", "--oplog", dir + "/x.jsonl", "--trace-level", "off"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "kernbench: error: --trace-level: `off` records nothing, but --oplog needs the op "
            "log\n");
  const CliResult bad = run_cli({"run", "vector_add", "--trace-level", "all"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "expected one of off, commands, transactions")) << bad.err;
}

}  // namespace
}  // namespace kernbench::app::test
