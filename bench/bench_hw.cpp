// Hardware-model throughput: every PE of a preset streams a synthetic mix of
// DMA reads, GEMMs, math ops and DMA writes (each consuming the previous
// command's completion, each with its TCM traffic), with the op log off and
// on.
//
// usage: bench_hw [preset=h200] [commands_per_pe=5000]
//                 [all|detached|off|commands|transactions] [repetitions=3]
//                 [key=value overrides...]

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "hw/config/loader.hpp"
#include "hw/runtime/chip.hpp"
#include "sim/process.hpp"

using namespace kernbench;
using namespace kernbench::hw;

namespace {

sim::Process<> stream(sim::Engine& env, Chip& chip, int pe, std::uint64_t n) {
  Pe& p = chip.pe(static_cast<std::size_t>(pe));
  const std::uint64_t base = 0x1'0000'0000ULL + static_cast<std::uint64_t>(pe) * (64ULL << 20);
  Completion prev;
  for (std::uint64_t i = 0; i < n; ++i) {
    auto c = std::make_unique<Command>();
    switch (i % 4) {
      case 0:
        c->kind = CommandKind::dma_read;
        c->pattern = Strided2D{base + (i % 64) * 32768, 128, 128, 8192};
        c->bytes = c->tcm_bytes = 128 * 128;
        break;
      case 1:
        c->kind = CommandKind::gemm;
        c->gemm = {128, 128, 64};
        c->precision = Precision::f16;
        c->flops = 2ULL * 128 * 128 * 64;
        c->tcm_bytes = 2ULL * (128 * 64 + 64 * 128);  // f16 A and B
        break;
      case 2:
        c->kind = CommandKind::math;
        c->math_op = MathOp::exp;
        c->precision = Precision::f32;
        c->elements = 128 * 128;
        c->tcm_bytes = 2ULL * 4 * 128 * 128;  // f32 operand and result
        break;
      default:
        c->kind = CommandKind::dma_write;
        c->pattern = Contiguous{base + (i % 64) * 65536, 16384};
        c->bytes = c->tcm_bytes = 16384;
        break;
    }
    if (prev.valid()) c->deps.push_back(prev);
    prev = env.event<trace::OpId>();
    c->done = prev;
    co_await p.submit(std::move(c));
  }
  co_await prev;
}

struct Row {
  double wall;
  std::uint64_t commands;
  sim::Tick end;
  std::size_t records;
  std::uint64_t events;
  double hit_rate;
};

Row run(const HwConfig& cfg, std::uint64_t per_pe, trace::TraceLevel level, bool attach_log) {
  sim::Engine env;
  trace::OpLog log(level);
  trace::StatSet stats;
  Chip chip(env, cfg, attach_log ? &log : nullptr, stats);
  for (std::size_t pe = 0; pe < chip.pe_count(); ++pe) {
    stream(env, chip, static_cast<int>(pe), per_pe);
  }
  const auto t0 = std::chrono::steady_clock::now();
  env.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const Cache* cache = chip.cache();
  const double lookups =
      cache != nullptr ? static_cast<double>(cache->hits() + cache->misses()) : 0;
  return {wall,        per_pe * chip.pe_count(),
          env.now(),   log.size(),
          env.steps(), lookups > 0 ? static_cast<double>(cache->hits()) / lookups : 0.0};
}

}  // namespace

int main(int argc, char** argv) {
  // Arguments with '=' are overrides; the others are, in order, the preset,
  // commands per PE, the mode (or "all") and the repetitions per mode.
  std::vector<std::string> pos;
  std::vector<std::string> overrides;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    (a.find('=') != std::string::npos ? overrides : pos).push_back(a);
  }
  const std::string preset = pos.size() > 0 ? pos[0] : "h200";
  const std::uint64_t per_pe = pos.size() > 1 ? std::stoull(pos[1]) : 5000;
  const std::string only = pos.size() > 2 && pos[2] != "all" ? pos[2] : "";
  const int reps = pos.size() > 3 ? std::stoi(pos[3]) : 3;
  HwConfig cfg = load_preset(preset);
  for (const std::string& o : overrides) apply_override(cfg, o);
  std::printf(
      "preset %s, %llu PEs, %llu commands per PE (DMA read, GEMM, math, DMA write), "
      "best and median of %d runs\n",
      preset.c_str(), static_cast<unsigned long long>(cfg.pe.count),
      static_cast<unsigned long long>(per_pe), reps);
  std::printf("%-13s %10s %9s %12s %12s %14s %9s %11s %10s\n", "op log", "commands", "wall s",
              "best cmd/s", "median", "simulated", "records", "events/cmd", "cache hits");
  // "detached": no op log at all; "off": a log attached but switched off, so
  // the hooks run and take their one branch.
  struct Mode {
    const char* name;
    trace::TraceLevel level;
    bool attach;
  };
  for (const Mode m :
       {Mode{"detached", trace::TraceLevel::off, false}, Mode{"off", trace::TraceLevel::off, true},
        Mode{"commands", trace::TraceLevel::commands, true},
        Mode{"transactions", trace::TraceLevel::transactions, true}}) {
    if (!only.empty() && only != m.name) continue;
    std::vector<Row> rows;
    for (int i = 0; i < reps; ++i) rows.push_back(run(cfg, per_pe, m.level, m.attach));
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.wall < b.wall; });
    const Row& best = rows.front();
    const Row& median = rows[rows.size() / 2];
    std::printf("%-13s %10llu %9.3f %10.2f M %10.2f M %11.3f us %9zu %11.2f %9.1f%%\n", m.name,
                static_cast<unsigned long long>(best.commands), best.wall,
                best.commands / best.wall / 1e6, median.commands / median.wall / 1e6,
                best.end / 1e6, best.records, static_cast<double>(best.events) / best.commands,
                100.0 * best.hit_rate);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
