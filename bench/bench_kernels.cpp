// Benchmark of the built-in kernels (src/kernels) on the simulator.
//
//   bench_kernels                      both tables below
//   bench_kernels --timing             only the timing-only table
//   bench_kernels --data               only the data-mode table
//   bench_kernels --one KERNEL [--hw PRESET] [--data] [--seed S] [name=value ...]
//                                      one run, e.g. --one matmul M=4096 N=4096 K=4096
//
// Table 1: every kernel at a point of its tutorial's benchmark sweep, on
// npu-default and h200, in timing-only mode: simulated time, wall time,
// engine commands and commands simulated per wall second.
// Table 2: data-mode wall time (values computed and verified) for
// vector_add 1M f32 (1024 programs), softmax 1024 x 1024 f32 and matmul
// 1024^3 f16 with 128 x 128 x 64 tiles.

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hw/config/loader.hpp"
#include "kernels/registry.hpp"

namespace {

using namespace kernbench;
using Clock = std::chrono::steady_clock;

struct Case {
  std::string kernel;
  std::vector<std::string> params;
  std::string note;  // where the size comes from
};

struct Result {
  kernels::KernelRun run;
  double wall_s = 0.0;
};

Result run_one(const kernels::KernelCatalog& cat, const std::string& preset, const Case& c,
               tl::Mode mode, std::uint64_t seed = 1) {
  const kernels::Kernel& k = kernels::find_kernel(cat, c.kernel);
  const kernels::ParamValues p = k.parse(c.params);
  const hw::HwConfig cfg = hw::load_preset(preset);
  const auto t0 = Clock::now();
  tl::Runner r(cfg, tl::RunOptions{mode, trace::TraceLevel::off});
  Result res;
  res.run = k.run(r, p, seed);
  res.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return res;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

void timing_table(const kernels::KernelCatalog& cat) {
  const std::vector<Case> cases = {
      {"vector_add", {"n=16777216"}, "tutorial 01 sweep 2^12..2^27: 2^24"},
      {"softmax", {"M=4096", "N=4096"}, "tutorial 02: M=4096, N=128*i: N=4096"},
      {"matmul", {"M=4096", "N=4096", "K=4096"}, "tutorial 03: M=N=K=128*i, i<=33: 4096"},
      {"layernorm", {"M=4096", "N=4096"}, "tutorial 05: M=4096, N=512*i: N=4096"},
      {"layernorm_backward", {"M=4096", "N=4096"}, "tutorial 05 backward, same sweep"},
      {"attention",
       {"Z=4", "H=32", "N_CTX=1024", "HEAD_DIM=64"},
       "tutorial 06: BATCH=4, H=32, N_CTX=2^10..2^14: 2^10"},
      {"attention",
       {"Z=4", "H=32", "N_CTX=1024", "HEAD_DIM=64", "causal=true"},
       "tutorial 06, causal"},
  };
  fmt::print("Timing-only mode, tutorial benchmark sizes\n");
  fmt::print("{:<19} {:<46} {:<12} {:>9} {:>12} {:>9} {:>11} {:>12}\n", "kernel", "params", "hw",
             "programs", "sim time us", "wall s", "commands", "commands/s");
  for (const Case& c : cases) {
    for (const std::string preset : {"npu-default", "h200"}) {
      const Result r = run_one(cat, preset, c, tl::Mode::timing);
      const double cmds = static_cast<double>(r.run.commands());
      fmt::print("{:<19} {:<46} {:<12} {:>9} {:>12.1f} {:>9.3f} {:>11} {:>12.3g}\n", c.kernel,
                 join(c.params), preset, r.run.programs(),
                 static_cast<double>(r.run.simulated_ps()) * 1e-6, r.wall_s, r.run.commands(),
                 cmds / r.wall_s);
    }
  }
  fmt::print("\nSizes: ");
  for (const Case& c : cases) fmt::print("{}: {}; ", c.kernel, c.note);
  fmt::print("\n\n");
}

void data_table(const kernels::KernelCatalog& cat) {
  const std::vector<Case> cases = {
      {"vector_add", {"n=1048576", "BLOCK_SIZE=1024"}, "1M f32, 1024 programs"},
      {"softmax", {"M=1024", "N=1024"}, "1024 x 1024 f32"},
      {"matmul",
       {"M=1024", "N=1024", "K=1024", "BLOCK_SIZE_M=128", "BLOCK_SIZE_N=128", "BLOCK_SIZE_K=64"},
       "1024^3 f16, 128x128x64 tiles"},
  };
  fmt::print("Data mode (values computed and verified), npu-default\n");
  fmt::print("{:<12} {:<32} {:>9} {:>12} {:>9} {:>11} {:>12} {:>9}\n", "kernel", "size", "programs",
             "sim time us", "wall s", "commands", "commands/s", "verified");
  for (const Case& c : cases) {
    const Result r = run_one(cat, "npu-default", c, tl::Mode::data);
    const double cmds = static_cast<double>(r.run.commands());
    fmt::print("{:<12} {:<32} {:>9} {:>12.1f} {:>9.3f} {:>11} {:>12.3g} {:>9}\n", c.kernel, c.note,
               r.run.programs(), static_cast<double>(r.run.simulated_ps()) * 1e-6, r.wall_s,
               r.run.commands(), cmds / r.wall_s, r.run.verified ? "yes" : "NO");
  }
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const kernels::KernelCatalog cat = kernels::builtin_catalog();
    std::vector<std::string> args(argv + 1, argv + argc);
    bool timing = true, data = true;
    if (!args.empty() && args[0] == "--one") {
      if (args.size() < 2) {
        fmt::print(
            stderr,
            "usage: bench_kernels --one KERNEL [--hw PRESET] [--data] [--seed S] [k=v ...]\n");
        return 2;
      }
      Case c{args[1], {}, ""};
      std::string preset = "npu-default";
      tl::Mode mode = tl::Mode::timing;
      std::uint64_t seed = 1;
      for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--hw" && i + 1 < args.size()) {
          preset = args[++i];
        } else if (args[i] == "--seed" && i + 1 < args.size()) {
          seed = std::stoull(args[++i]);
        } else if (args[i] == "--data") {
          mode = tl::Mode::data;
        } else {
          c.params.push_back(args[i]);
        }
      }
      const Result r = run_one(cat, preset, c, mode, seed);
      fmt::print(
          "{} on {} ({}): {}\n  programs {}, simulated {:.3f} us, wall {:.3f} s, commands "
          "{}, {:.3g} commands/s, {:.3g} TFLOP/s, {:.3g} GB/s ideal; {}\n",
          c.kernel, preset, mode == tl::Mode::data ? "data" : "timing-only",
          r.run.params.to_string(), r.run.programs(),
          static_cast<double>(r.run.simulated_ps()) * 1e-6, r.wall_s, r.run.commands(),
          static_cast<double>(r.run.commands()) / r.wall_s,
          r.run.flops / static_cast<double>(r.run.simulated_ps()),
          r.run.ideal_bytes / static_cast<double>(r.run.simulated_ps()) * 1e3,
          r.run.verified ? "verified" : r.run.verify_note);
      for (const auto& ch : r.run.checks)
        fmt::print("  {}: {}\n", ch.output, ch.result.to_string());
      return 0;
    }
    if (!args.empty() && args[0] == "--timing") data = false;
    if (!args.empty() && args[0] == "--data") timing = false;
    if (timing) timing_table(cat);
    if (data) data_table(cat);
    // The exact command line of this run, for the report.
    std::string cmd = argv[0];
    for (const std::string& a : args) cmd += " " + a;
    fmt::print("Reproduce: cmake --build <build-dir> --target bench_kernels && {}\n", cmd);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_kernels: {}\n", e.what());
    return 1;
  }
}
