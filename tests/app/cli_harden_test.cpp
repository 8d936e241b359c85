// Hostile but realistic use (issue 13): nothing crashes, nothing hangs,
// nothing is silently lost. Each test failed before its fix.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "run_cli.hpp"

extern char** environ;

namespace kernbench::app::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

void expect_error(const std::vector<std::string>& args, int code, const std::string& message) {
  const CliResult r = run_cli(args);
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  EXPECT_EQ(r.exit_code, code) << cmd << r.err;
  EXPECT_EQ(r.out, "") << cmd;
  EXPECT_EQ(r.err, "kernbench: error: " + message + "\n") << cmd;
}

// ---- 5. output files ------------------------------------------------------

TEST(Outputs, TheSameFileTwiceIsRefusedHoweverSpelt) {
  const fs::path d = temp_dir("out");
  const std::string x = (d / "X").string();
  expect_error({"run", "vector_add", "--trace", x, "--oplog", x}, 2,
               "--trace `" + x + "` and --oplog `" + x +
                   "` are the same file; expected a different file for each output");
  const std::string dotted = (d / "." / "X").string();
  expect_error({"run", "vector_add", "--trace", x, "--oplog", dotted}, 2,
               "--trace `" + x + "` and --oplog `" + dotted +
                   "` are the same file; expected a different file for each output");
  fs::create_symlink("X", d / "L");
  const std::string link = (d / "L").string();
  expect_error({"run", "vector_add", "--trace", x, "--oplog", link}, 2,
               "--trace `" + x + "` and --oplog `" + link +
                   "` are the same file; expected a different file for each output");
  EXPECT_EQ(names_in(d), (std::vector<std::string>{"L"}));  // nothing written
}

TEST(Outputs, TheHardwareFileIsNeverOverwritten) {
  const fs::path d = temp_dir("out");
  const std::string hw = (d / "chip.yaml").string();
  spit(hw, "base: npu-default\n");
  expect_error({"run", "vector_add", "--hw", hw, "--trace", hw}, 2,
               "--trace `" + hw + "` is the --hw file `" + hw +
                   "`: writing it would destroy the input; expected another file name");
  EXPECT_EQ(slurp(hw), "base: npu-default\n");
}

TEST(Outputs, AnEmptyNameIsRefusedNotIgnored) {
  expect_error({"run", "vector_add", "--trace", ""}, 2,
               "--trace: the file name is empty; expected a path");
  expect_error({"run", "vector_add", "--oplog", ""}, 2,
               "--oplog: the file name is empty; expected a path");
}

TEST(Outputs, AFailingRunLeavesAnEarlierGoodFileUntouched) {
  const fs::path d = temp_dir("out");
  const std::string trace = (d / "trace.json").string();
  spit(trace, "{\"earlier\": true}");
  // Validated, then fails in the simulation: the tile does not fit.
  const CliResult r = run_cli({"run", "matmul", "--set", "pe.tcm.size=1KiB", "--trace", trace});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(slurp(trace), "{\"earlier\": true}");
  EXPECT_EQ(names_in(d), (std::vector<std::string>{"trace.json"}));  // no temporary left
}

TEST(Outputs, DevNullStaysADevice) {
  const CliResult r =
      run_cli({"run", "vector_add", "--trace", "/dev/null", "--oplog", "/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(Outputs, ADirectoryIsRefusedUpFront) {
  const fs::path d = temp_dir("out");
  expect_error({"run", "vector_add", "--trace", d.string()}, 2,
               "--trace: `" + d.string() + "` is a directory; expected a file name");
}

// ---- 6. interruption ------------------------------------------------------

struct Spawned {
  pid_t pid = -1;
  int status = 0;
};

/// Starts a long timing run writing into `dir`, sends `sig` after it has
/// run a while, and waits for it.
Spawned interrupt_run(const fs::path& dir, int sig, double* seconds_to_exit) {
  const std::string trace = (dir / "trace.json").string();
  const std::string oplog = (dir / "ops.jsonl").string();
  std::vector<std::string> args{KERNBENCH_CLI_PATH, "run",     "matmul",  "--mode",  "timing",
                                "--param",          "M=8192",  "--param", "N=8192",  "--param",
                                "K=8192",           "--trace", trace,     "--oplog", oplog};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, (dir / "stderr").c_str(), O_WRONLY | O_CREAT, 0644);
  Spawned s;
  if (posix_spawn(&s.pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) return s;
  posix_spawn_file_actions_destroy(&fa);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto sent = std::chrono::steady_clock::now();
  ::kill(s.pid, sig);
  ::waitpid(s.pid, &s.status, 0);
  *seconds_to_exit = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  return s;
}

void expect_clean_stop(int sig, int code, const std::string& name) {
  const fs::path d = temp_dir("out");
  spit(d / "trace.json", "earlier trace");
  double seconds = 0;
  const Spawned s = interrupt_run(d, sig, &seconds);
  ASSERT_GT(s.pid, 0);
  ASSERT_TRUE(WIFEXITED(s.status)) << "killed by signal " << WTERMSIG(s.status);
  EXPECT_EQ(WEXITSTATUS(s.status), code);
  EXPECT_LT(seconds, 5.0);  // promptly
  EXPECT_EQ(slurp(d / "stderr"),
            "kernbench: interrupted by " + name + ": stopped; no output file was written\n");
  // The earlier trace is intact, no op log appeared, no temporary is left.
  EXPECT_EQ(slurp(d / "trace.json"), "earlier trace");
  EXPECT_EQ(names_in(d), (std::vector<std::string>{"stderr", "trace.json"}));
}

TEST(Interruption, SigintStopsTheRunWithExit130AndNoPartialOutput) {
  expect_clean_stop(SIGINT, 130, "SIGINT");
}

TEST(Interruption, SigtermStopsTheRunWithExit143AndNoPartialOutput) {
  expect_clean_stop(SIGTERM, 143, "SIGTERM");
}

// ---- 2. unbounded or blocking reads ----------------------------------------

TEST(Reads, OnlyRegularFilesAreReadAsHardware) {
  for (const std::string dev : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    expect_error({"hw", "show", dev}, 1,
                 "cannot read hardware description `" + dev +
                     "`: it is a character device; expected a regular file");
  }
  const fs::path d = temp_dir("in");
  ASSERT_EQ(::mkfifo((d / "fifo").c_str(), 0600), 0);
  expect_error({"run", "vector_add", "--hw", (d / "fifo").string()}, 1,
               "cannot read hardware description `" + (d / "fifo").string() +
                   "`: it is a FIFO (named pipe); expected a regular file");
  expect_error({"hw", "show", d.string()}, 1,
               "cannot read hardware description `" + d.string() +
                   "`: it is a directory; expected a regular file");
  spit(d / "base.yaml", "base: /dev/zero\n");
  expect_error({"hw", "show", (d / "base.yaml").string()}, 1,
               (d / "base.yaml").string() +
                   ":1:7: base: cannot read hardware description `/dev/zero`: it is a character "
                   "device; expected a regular file");
  expect_error({"validate", "/dev/zero"}, 1,
               "cannot read measurement file `/dev/zero`: it is a character device; expected a "
               "regular file");
}

TEST(Reads, ASymlinkLoopIsACleanMessage) {
  const fs::path d = temp_dir("in");
  fs::create_symlink("loop.yaml", d / "loop.yaml");
  expect_error({"hw", "show", (d / "loop.yaml").string()}, 1,
               "cannot read hardware description `" + (d / "loop.yaml").string() +
                   "`: too many levels of symbolic links (a symbolic-link loop?)");
}

// ---- 1. overflow ------------------------------------------------------------

TEST(Overflow, AHugeGroupSizeIsRefusedNotATrap) {
  // GROUP_SIZE_M x num_pid_n wrapped to 0 and the division trapped (SIGFPE).
  expect_error({"run", "matmul", "--param", "GROUP_SIZE_M=4611686018427387904"}, 1,
               "kernel 'matmul': parameter 'GROUP_SIZE_M' must be <= 2147483647, got "
               "4611686018427387904");
  expect_error({"run", "matmul", "--param", "num_stages=4294967299"}, 1,
               "kernel 'matmul': parameter 'num_stages' must be <= 32, got 4294967299");
  const CliResult ok =
      run_cli({"run", "matmul", "--mode", "timing", "--param", "GROUP_SIZE_M=2147483647"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(Overflow, HwCostRefusesTimesBeyond64Bits) {
  expect_error({"hw", "cost", "math", "--op", "add", "--elements", "2000000000000000000"}, 1,
               "31250000000000004 cycles at 1 GHz are more than 2^64 ps (about 213 days), the "
               "longest time kernbench represents");
  expect_error({"hw", "cost", "dma", "--bytes", "9223372036854775807"}, 1,
               "144115188075855904 cycles at 1 GHz are more than 2^64 ps (about 213 days), the "
               "longest time kernbench represents");
}

// ---- 3. huge fabrics ---------------------------------------------------------

TEST(LargeFabrics, SixtyFiveThousandPesOnACrossbarRun) {
  // Was `internal error: std::bad_alloc` (a 17 GB nodes-squared path table).
  const CliResult r = run_cli({"run", "vector_add", "--mode", "timing", "--set", "pe.count=65536",
                               "--set", "fabric.topology=crossbar", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// ---- 4. huge tiles ------------------------------------------------------------

TEST(HugeTiles, FailFastBeforeAllocating) {
  const auto start = std::chrono::steady_clock::now();
  const CliResult r = run_cli({"run", "vector_add", "--param", "BLOCK_SIZE=268435456"});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err,
            "kernbench: error: kernel 'vector_add', program 0 (0, 0, 0) on PE 0, tl.arange: a tile "
            "of 268435456 elements is larger than any tile a PE can hold (1048576 elements: "
            "Triton's limit 2^20, or pe.tcm.size + pe.regfile.size in bytes if larger); use "
            "smaller block sizes\n");
  EXPECT_LT(s, 5.0);  // was 23 s and 6.5 GB
  const CliResult big = run_cli({"run", "vector_add", "--param", "BLOCK_SIZE=1073741824"});
  EXPECT_EQ(big.exit_code, 1) << big.err;  // was a raw std::bad_alloc
}

// ---- findings of the fuzzers and the directed sweep --------------------------

TEST(Findings, AJsonNumberTooLargeForADoubleIsAUserError) {
  // nlohmann::json throws out_of_range (not parse_error) for 1e999999: it
  // escaped as `internal error` (validate) or past the reader (command list).
  const fs::path d = temp_dir("in");
  spit(d / "m.jsonl", "{\"kernel\":\"x\",\"shape\":[1e999999]}\n");
  expect_error({"validate", (d / "m.jsonl").string()}, 1,
               (d / "m.jsonl").string() +
                   ":1: not valid JSON (number overflow parsing '1e999999'); expected one JSON "
                   "object per line");
  spit(d / "l.jsonl", "{\"kind\":\"Alloc\",\"shape\":[1e999999]}\n");
  const CliResult r = run_cli({"run", (d / "l.jsonl").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.find("internal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a JSON object"), std::string::npos) << r.err;
}

TEST(Findings, ACommandListKeyThatIsAListIsAUserError) {
  // yaml-cpp's as<std::string>() threw a bare "bad conversion".
  const fs::path d = temp_dir("in");
  spit(d / "l.yaml", "- {kind: Verify, [0]: 1}\n");
  expect_error({"run", (d / "l.yaml").string()}, 1,
               (d / "l.yaml").string() + ":1: a key is a list or a mapping; expected a field name");
}

TEST(Findings, ACommandListIsReadOnlyFromARegularFile) {
  const fs::path d = temp_dir("in");
  ASSERT_EQ(::mkfifo((d / "l.jsonl").c_str(), 0600), 0);
  expect_error({"run", (d / "l.jsonl").string()}, 1,
               "cannot read command list `" + (d / "l.jsonl").string() +
                   "`: it is a FIFO (named pipe); expected a regular file");
}

// ---- 8. smaller --------------------------------------------------------------

TEST(Config, ASecondYamlDocumentIsRefused) {
  const fs::path d = temp_dir("in");
  spit(d / "m.yaml", "pe:\n  count: 4\n---\npe:\n  count: 8\n");
  expect_error({"hw", "show", (d / "m.yaml").string()}, 1,
               (d / "m.yaml").string() +
                   ":3:1: the file holds more than one YAML document (a second one starts here); "
                   "expected one");
}

TEST(Config, ACustomTagIsRefused) {
  const fs::path d = temp_dir("in");
  spit(d / "t.yaml", "pe:\n  count: !big 4\n");
  expect_error(
      {"hw", "show", (d / "t.yaml").string()}, 1,
      (d / "t.yaml").string() + ":2:10: the tag `!big` is not supported; expected a plain value");
}

TEST(Config, ADescriptionKeyIsAcceptedAsDocumented) {
  const fs::path d = temp_dir("in");
  spit(d / "c.yaml", "description: my test chip\npe:\n  count: 4\n");
  const CliResult r = run_cli({"hw", "show", (d / "c.yaml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Config, AFileNamedLikeAPresetIsNotSilentlyShadowed) {
  const fs::path d = temp_dir("in");
  spit(d / "h200", "pe:\n  count: 4\n");
  const fs::path cwd = fs::current_path();
  fs::current_path(d);
  const CliResult r = run_cli({"hw", "show", "h200"});
  const CliResult file = run_cli({"hw", "show", "./h200"});
  fs::current_path(cwd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "kernbench: error: `h200` is both a built-in preset and the file `h200`; write "
            "`./h200` (or another path with a `/`) for the file, or rename the file to use the "
            "preset\n");
  EXPECT_EQ(file.exit_code, 0) << file.err;
}

TEST(Config, EchoedInputIsClipped) {
  const std::string huge(100000, '9');
  const CliResult r = run_cli({"hw", "show", "--set", "pe.count=" + huge});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(r.err.size(), 600u) << r.err.size();
  EXPECT_NE(r.err.find("… (100000 bytes in all)"), std::string::npos) << r.err;
  const CliResult p = run_cli({"run", "vector_add", "--param", "n=" + huge});
  EXPECT_LT(p.err.size(), 600u) << p.err.size();
}

}  // namespace
}  // namespace kernbench::app::test
