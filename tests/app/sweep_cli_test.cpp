// End-to-end tests of `kernbench sweep`: the real binary on small points in
// timing mode, locally, under mpirun, killed and resumed, sharded and merged.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "sweep/store.hpp"

namespace kernbench::app::test {
namespace {

namespace fs = std::filesystem;

// 12 vector adds + 4 softmaxes + 1 matmul whose tiles cannot fit the TCM together,
// on 3 PE counts: 51 points, 3 of which fail.
constexpr const char* kSpec = R"(name: small
mode: timing
kernels:
  - kernel: vector_add
    params: {n: [1024, 2048, 4096, 8192, 16384, 32768], BLOCK_SIZE: [256, 1024]}
  - kernel: softmax
    params: {M: [4, 8], N: [64, 128]}
  - kernel: matmul
    params: {M: 512, N: 512, K: 512, BLOCK_SIZE_M: 512, BLOCK_SIZE_N: 512, BLOCK_SIZE_K: 512}
hw:
  base: npu-default
  set: {pe.count: [1, 2, 4]}
)";
constexpr int kPoints = 51;
constexpr int kFailing = 3;

std::string write_spec(const std::string& dir, const std::string& text = kSpec) {
  const std::string path = dir + "/spec.yaml";
  std::ofstream(path) << text;
  return path;
}

// What must be identical between two sweeps of one spec: everything but
// where, when and how fast each point ran.
std::map<std::string, std::string> comparable(const std::string& db) {
  std::map<std::string, std::string> out;
  for (const sweep::Row& r : sweep::ResultStore(db, sweep::ResultStore::Access::read).rows()) {
    nlohmann::json report =
        r.report.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(r.report);
    if (report.is_object()) {
      report.erase("wall_seconds");
      report.erase("commands_per_second");
    }
    EXPECT_FALSE(out.count(r.id)) << "point " << r.id << " twice";
    out[r.id] = r.status + "|" + r.error + "|" + r.figures.dump() + "|" + report.dump();
  }
  return out;
}

std::string find_mpirun() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin"})
    if (fs::exists(fs::path(dir) / "mpirun")) return (fs::path(dir) / "mpirun").string();
  return "";
}

// Starts the binary in its own process group (so the test can kill the
// sweep with its workers, as a user's kill -9 of a job would).
pid_t spawn_cli(const std::vector<std::string>& args, const std::string& log,
                std::string bin = KERNBENCH_CLI_PATH) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    std::vector<char*> argv;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::freopen(log.c_str(), "w", stdout);
    std::freopen((log + ".err").c_str(), "w", stderr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(SweepCli, RunsFiftyOnePointsOnTheLocalWorkersAndRecordsEachOnce) {
  const std::string dir = temp_dir("local");
  const std::string spec = write_spec(dir), db = dir + "/r.db";
  const CliResult r = run_cli({"sweep", spec, "--out", db, "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(
      r.out.starts_with("sweep small: 51 point(s), 48 done, 3 failed; this run finished 51 "
                        "in "))
      << r.out;
  EXPECT_TRUE(r.out.ends_with(" on 2 worker(s); results in " + db + "\n")) << r.out;
  const auto rows = sweep::ResultStore(db, sweep::ResultStore::Access::read).rows();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kPoints));
  int failed = 0;
  for (const auto& row : rows) {
    if (row.status == "failed") {
      ++failed;
      EXPECT_NE(row.error.find("kernel 'matmul'"), std::string::npos) << row.error;
      continue;
    }
    EXPECT_EQ(row.status, "done");
    EXPECT_GT(row.figures["simulated_ps"].get<std::int64_t>(), 0);
    const auto report = nlohmann::json::parse(row.report);
    EXPECT_EQ(report["schema"], "kernbench.run/1");
    EXPECT_EQ(report["simulated_ps"], row.figures["simulated_ps"]);
  }
  EXPECT_EQ(failed, kFailing);
}

/// Sweeps `spec_text` (one point) and runs `run_args` with `--json`: the
/// point's stored report and the run's, wall-clock fields aside.
std::pair<nlohmann::json, nlohmann::json> point_and_run(const std::string& name,
                                                        const std::string& spec_text,
                                                        std::vector<std::string> run_args) {
  const std::string dir = temp_dir(name);
  const std::string spec = write_spec(dir, spec_text);
  EXPECT_EQ(run_cli({"sweep", spec, "--out", dir + "/r.db", "--quiet"}).exit_code, 0);
  const auto rows = sweep::ResultStore(dir + "/r.db", sweep::ResultStore::Access::read).rows();
  EXPECT_EQ(rows.size(), 1u);
  run_args.push_back("--json");
  const CliResult run = run_cli(run_args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  if (rows.size() != 1 || run.exit_code != 0) return {};
  auto a = nlohmann::json::parse(rows[0].report), b = nlohmann::json::parse(run.out);
  for (auto* j : {&a, &b}) {
    j->erase("wall_seconds");
    j->erase("commands_per_second");
  }
  return {a, b};
}

TEST(SweepCli, ASweepPointIsTheSameRunAsKernbenchRun) {
  const auto [point, run] =
      point_and_run("same",
                    "mode: timing\nkernels: [{kernel: softmax, params: {M: 8, N: 128}}]\nhw: {set: "
                    "{pe.count: 4}}\n",
                    {"run", "softmax", "--param", "M=8", "--param", "N=128", "--set", "pe.count=4",
                     "--mode", "timing"});
  ASSERT_FALSE(point.is_null());
  EXPECT_EQ(point, run);
}

TEST(SweepCli, ASampledPointIsTheSameRunAsKernbenchRunWithSample) {
  const auto [point, run] =
      point_and_run("sampled",
                    "mode: sampled\nkernels: [{kernel: vector_add, params: {n: 4194304}}]\nhw: "
                    "{base: h200, set: {pe.count: 4}}\n",
                    {"run", "vector_add", "--param", "n=4194304", "--hw", "h200", "--set",
                     "pe.count=4", "--mode", "timing", "--sample"});
  ASSERT_FALSE(point.is_null());
  EXPECT_LT(point["simulated_programs"].get<int>(), point["programs"].get<int>());
  EXPECT_EQ(point, run);
}

TEST(SweepCli, UnderMpirunRankZeroHandsOutThePointsAndWritesTheSameResults) {
  const std::string mpirun = find_mpirun();
  if (mpirun.empty()) GTEST_SKIP() << "mpirun is not installed (Debian: openmpi-bin)";
  const std::string dir = temp_dir("mpi");
  const std::string spec = write_spec(dir);
  ASSERT_EQ(run_cli({"sweep", spec, "--out", dir + "/local.db", "--quiet"}).exit_code, 0);
  const std::string cmd = mpirun + " --allow-run-as-root --oversubscribe -n 3 " +
                          KERNBENCH_CLI_PATH + " sweep " + spec + " --out " + dir +
                          "/mpi.db --quiet >" + dir + "/mpi.out 2>" + dir + "/mpi.err";
  const int status = std::system(cmd.c_str());
  std::ifstream out(dir + "/mpi.out"), err(dir + "/mpi.err");
  std::stringstream o, e;
  o << out.rdbuf();
  e << err.rdbuf();
  ASSERT_EQ(status, 0) << o.str() << e.str();
  EXPECT_NE(o.str().find("this run finished 51 in "), std::string::npos) << o.str();
  EXPECT_NE(o.str().find(" on 2 worker(s)"), std::string::npos) << o.str();
  EXPECT_EQ(comparable(dir + "/mpi.db"), comparable(dir + "/local.db"));
  std::set<std::int64_t> ranks;
  for (const auto& r : sweep::ResultStore(dir + "/mpi.db", sweep::ResultStore::Access::read).rows())
    ranks.insert(r.worker);
  EXPECT_TRUE(ranks.count(1) || ranks.count(2));
  EXPECT_FALSE(ranks.count(0)) << "rank 0 only hands out and writes";
}

TEST(SweepCli, KilledAtRandomMomentsThenResumedEveryPointIsDoneExactlyOnce) {
  const std::string dir = temp_dir("kill");
  const std::string spec = write_spec(dir);
  ASSERT_EQ(run_cli({"sweep", spec, "--out", dir + "/whole.db", "--quiet"}).exit_code, 0);
  const auto expected = comparable(dir + "/whole.db");
  for (const unsigned seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    const std::string db = dir + "/killed" + std::to_string(seed) + ".db";
    int kills = 0, status = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
      std::vector<std::string> args{"sweep", spec, "--out", db, "--jobs", "2", "--quiet"};
      if (attempt > 0) args.push_back("--resume");
      const pid_t pid = spawn_cli(args, dir + "/log");
      if (kills < 3) {
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 400)(rng)));
        ::kill(-pid, SIGKILL);
        ++kills;
      }
      ::waitpid(pid, &status, 0);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
    }
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "seed " << seed;
    EXPECT_EQ(comparable(db), expected) << "seed " << seed;
  }
}

TEST(SweepCli, KillingMpirunThenResumingUnderMpirunDoesEveryPointExactlyOnce) {
  const std::string mpirun = find_mpirun();
  if (mpirun.empty()) GTEST_SKIP() << "mpirun is not installed (Debian: openmpi-bin)";
  const std::string dir = temp_dir("mpikill");
  const std::string spec = write_spec(dir), db = dir + "/r.db";
  ASSERT_EQ(run_cli({"sweep", spec, "--out", dir + "/whole.db", "--quiet"}).exit_code, 0);
  std::mt19937 rng(7);
  int status = 0;
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::vector<std::string> args{"--allow-run-as-root",
                                  "--oversubscribe",
                                  "-n",
                                  "3",
                                  KERNBENCH_CLI_PATH,
                                  "sweep",
                                  spec,
                                  "--out",
                                  db,
                                  "--quiet"};
    if (attempt > 0) args.push_back("--resume");
    const pid_t pid = spawn_cli(args, dir + "/log", mpirun);
    if (attempt == 0) {
      // Only mpirun is killed, as a user would: its ranks must die with it.
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(300, 1200)(rng)));
      ::kill(pid, SIGKILL);
    }
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) break;
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(comparable(db), comparable(dir + "/whole.db"));
}

TEST(SweepCli, PointsOverTheirTimeLimitAreRecordedAsFailedAndTheSweepEnds) {
  const std::string dir = temp_dir("limit");
  // A 4096^3 matmul (about 200,000 commands) takes far longer than 1 ms to
  // simulate; 1024^3 on 16 PEs could finish within it.
  const std::string spec = write_spec(dir,
                                      "mode: timing\nkernels: [{kernel: matmul, params: {M: 4096, "
                                      "N: 4096, K: 4096}}]\nhw: {set: {pe.count: [8, 16]}}\n"
                                      "limits: {time: 1 ms}\n");
  const CliResult r = run_cli({"sweep", spec, "--out", dir + "/r.db", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 point(s), 0 done, 2 failed"), std::string::npos) << r.out;
  for (const auto& row :
       sweep::ResultStore(dir + "/r.db", sweep::ResultStore::Access::read).rows()) {
    EXPECT_EQ(row.status, "failed");
    EXPECT_EQ(row.error, "exceeded the time limit of 0.001 s");
  }
}

TEST(SweepCli, AHardwareFileNextToTheSpecIsABase) {
  const std::string dir = temp_dir("hwfile");
  std::ofstream(dir + "/small.yaml") << "base: npu-default\npe:\n  count: 4\n";
  const std::string spec = write_spec(
      dir, "kernels: [{kernel: vector_add, params: {n: 4096}}]\nhw: {base: small.yaml}\n");
  ASSERT_EQ(run_cli({"sweep", spec, "--out", dir + "/r.db", "--quiet"}).exit_code, 0);
  const auto rows = sweep::ResultStore(dir + "/r.db", sweep::ResultStore::Access::read).rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "done") << rows[0].error;
  EXPECT_EQ(nlohmann::json::parse(rows[0].report)["hw"]["pes"], 4);
  // The id holds the base as written, so moving the folder keeps the ids.
  EXPECT_NE(rows[0].point.find(R"("hw":"small.yaml")"), std::string::npos) << rows[0].point;
  const std::string bad =
      write_spec(dir, "kernels: [{kernel: vector_add}]\nhw: {base: [npu-default, nothere.yaml]}\n");
  const CliResult r = run_cli({"sweep", bad, "--out", dir + "/bad.db"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err.starts_with("kernbench: error: " + bad + ":2:26: hw.base: hardware file `" +
                                dir + "/nothere.yaml` does not exist"))
      << r.err;
}

TEST(SweepCli, ResumeSkipsWhatIsFinishedAndAnExistingFileNeedsIt) {
  const std::string dir = temp_dir("resume");
  const std::string spec = write_spec(dir), db = dir + "/r.db";
  ASSERT_EQ(run_cli({"sweep", spec, "--out", db, "--quiet"}).exit_code, 0);
  const CliResult again = run_cli({"sweep", spec, "--out", db, "--quiet"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "kernbench: error: results `" + db +
                           "` already hold 51 point(s); pass --resume to continue that sweep, or "
                           "choose another --out\n");
  const CliResult resumed = run_cli({"sweep", spec, "--out", db, "--resume", "--quiet"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("this run finished 0 in "), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find(", 51 finished before;"), std::string::npos) << resumed.out;
}

TEST(SweepCli, ShardsAreDisjointAndMergeIntoTheWholeSweep) {
  const std::string dir = temp_dir("shards");
  const std::string spec = write_spec(dir);
  ASSERT_EQ(run_cli({"sweep", spec, "--out", dir + "/whole.db", "--quiet"}).exit_code, 0);
  for (const char* s : {"0/2", "1/2"})
    ASSERT_EQ(run_cli({"sweep", spec, "--shard", s, "--out", dir + "/" + s[0] + ".db", "--quiet"})
                  .exit_code,
              0);
  const auto a = comparable(dir + "/0.db"), b = comparable(dir + "/1.db");
  EXPECT_EQ(a.size() + b.size(), static_cast<std::size_t>(kPoints));
  const CliResult m = run_cli({"sweep", "merge", dir + "/m.db", dir + "/0.db", dir + "/1.db"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(m.out, "merged 51 finished point(s) from 2 file(s) into " + dir +
                       "/m.db: 48 done, 3 failed, 0 pending\n");
  EXPECT_EQ(comparable(dir + "/m.db"), comparable(dir + "/whole.db"));
}

TEST(SweepCli, ExportsCsvAndJsonLines) {
  const std::string dir = temp_dir("export");
  const std::string spec = write_spec(dir), db = dir + "/r.db";
  ASSERT_EQ(run_cli({"sweep", spec, "--out", db, "--quiet"}).exit_code, 0);
  const CliResult csv = run_cli({"sweep", "export", db, "--csv", "-"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_TRUE(header.starts_with(
      "id,status,kernel,hw,mode,seed,BLOCK_SIZE,n,M,N,BLOCK_SIZE_K,BLOCK_SIZE_M,BLOCK_SIZE_N,K,"
      "pe.count,simulated_ps,"))
      << header;
  int n = 0;
  while (std::getline(lines, line)) ++n;
  EXPECT_EQ(n, kPoints);
  ASSERT_EQ(run_cli({"sweep", "export", db, "--jsonl", dir + "/r.jsonl"}).exit_code, 0);
  std::ifstream in(dir + "/r.jsonl");
  std::getline(in, line);
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["kernel"], "vector_add");
  EXPECT_EQ(j["report"]["schema"], "kernbench.run/1");
}

TEST(SweepCli, SpecErrorsNameFileLineAndKeyBeforeAnythingRuns) {
  const std::string dir = temp_dir("errors");
  const std::string spec =
      write_spec(dir, "kernels:\n  - kernel: softmax\n    params: {M: 4, BLOCK_SIZ: [64]}\n");
  const CliResult r = run_cli({"sweep", spec, "--out", dir + "/r.db"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "kernbench: error: " + spec +
                ":3:20: kernels[0].params.BLOCK_SIZ: kernel 'softmax': unknown "
                "parameter 'BLOCK_SIZ' (did you mean `BLOCK_SIZE`?); its parameters are M, N, "
                "BLOCK_SIZE, num_programs, dtype, num_stages, num_warps\n");
  EXPECT_FALSE(fs::exists(dir + "/r.db"));
  const std::string bad = write_spec(dir, "kernels:\n  - kernel: matmull\n");
  EXPECT_TRUE(run_cli({"sweep", bad})
                  .err.starts_with("kernbench: error: " + bad +
                                   ":2:13: kernels[0].kernel: unknown kernel 'matmull' (did you "
                                   "mean `matmul`?)"));
  EXPECT_EQ(run_cli({"sweep", spec, "--jobs", "0"}).exit_code, 2);
  EXPECT_EQ(run_cli({"sweep", spec, "--shard", "2/2"}).err,
            "kernbench: error: --shard: `2/2` is not a shard; expected I/N with 0 <= I < N, e.g. "
            "0/4\n");
  EXPECT_EQ(run_cli({"sweep"}).err,
            "kernbench: error: sweep: expected a spec file (SPEC.yaml) or one of export, merge, "
            "plot\n");
}

TEST(SweepCli, PlotsAParameterAgainstAFigureARooflineAndAParetoFront) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 has no matplotlib (Debian: python3-matplotlib)";
  const std::string dir = temp_dir("plot");
  const std::string spec = write_spec(dir), db = dir + "/r.db";
  ASSERT_EQ(run_cli({"sweep", spec, "--out", db, "--quiet"}).exit_code, 0);
  const std::vector<std::vector<std::string>> plots{
      {"--x", "n", "--y", "simulated_seconds", "--group", "pe.count", "--out", dir + "/a.svg"},
      {"--roofline", "--group", "kernel", "--out", dir + "/b.svg"},
      {"--pareto", "--x", "pe.count", "--y", "simulated_seconds", "--out", dir + "/c.svg"}};
  for (const auto& args : plots) {
    std::vector<std::string> cmd{"sweep", "plot", db};
    cmd.insert(cmd.end(), args.begin(), args.end());
    const CliResult r = run_cli(cmd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string out = args[args.size() - 1];
    EXPECT_EQ(r.out, "wrote " + out + "\n");
    std::ifstream in(out);
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_NE(s.str().find("<svg"), std::string::npos);
  }
  const CliResult bad = run_cli(
      {"sweep", "plot", db, "--x", "tcm", "--y", "simulated_seconds", "--out", dir + "/d.svg"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(
      bad.err.starts_with("kernbench: error: sweep plot: `tcm` is neither a swept "
                          "parameter nor a figure"))
      << bad.err;
}

}  // namespace
}  // namespace kernbench::app::test
