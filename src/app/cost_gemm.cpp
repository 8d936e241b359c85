#include "app/cost_gemm.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/format.hpp"
#include "app/names.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

__extension__ typedef unsigned __int128 u128;

std::uint64_t checked_flops(const hw::GemmShape& s) {
  const u128 f = static_cast<u128>(2) * s.m * s.n * s.k;
  if (f > static_cast<u128>(UINT64_MAX))
    throw std::overflow_error(fmt::format(
        "gemm {}x{}x{}: 2*M*N*K overflows 64 bits; expected a smaller shape", s.m, s.n, s.k));
  return static_cast<std::uint64_t>(f);
}

}  // namespace

GemmCostReport cost_gemm(const hw::HwConfig& cfg, const GemmCostRequest& req) {
  GemmCostReport r;
  r.request = req;
  r.hw_name = cfg.name;
  r.rows = cfg.pe.gemm.rows;
  r.cols = cfg.pe.gemm.cols;
  r.dataflow = cfg.pe.gemm.dataflow;
  r.rate = hw::gemm_rate(cfg.pe.gemm.rate, req.precision);
  r.flops = checked_flops(req.shape);
  r.k_effective = req.shape.k == 0 ? 0 : hw::ceil_div_rate(req.shape.k, r.rate);
  if (r.dataflow != hw::Dataflow::throughput) {
    r.has_mapping = true;
    r.mapping = hw::map_gemm(r.dataflow, {req.shape.m, req.shape.n, r.k_effective});
  }
  r.cycles = hw::gemm_cycles(cfg.pe.gemm, req.shape, req.precision);
  r.frequency_hz = cfg.clock.frequency.in_hz();
  r.ps = cfg.clock.frequency.cycles_to_ps(r.cycles.cycles);
  return r;
}

std::string to_text(const GemmCostReport& r) {
  const auto& s = r.request.shape;
  std::string out = fmt::format("gemm M={} N={} K={} {} on {} (idle matrix unit)\n", s.m, s.n, s.k,
                                hw::to_string(r.request.precision), r.hw_name);
  auto row = [&](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<16} {}\n", label, value);
  };
  if (!r.overrides.empty()) row("overrides", util::join_names(r.overrides));
  row("array", fmt::format("{}x{} {}", r.rows, r.cols, hw::to_string(r.dataflow)));
  if (r.rate != 1)
    row("dtype rate", fmt::format("{} MAC/cell/cycle -> K_eff = ceil(K / {}) = {}", r.rate, r.rate,
                                  r.k_effective));
  if (r.has_mapping) {
    row("mapping", fmt::format("S_R={} S_C={} T={} (SCALE-Sim {})", r.mapping.s_r, r.mapping.s_c,
                               r.mapping.t, hw::to_string(r.dataflow)));
    row("folds",
        fmt::format("{} row x {} col = {}, {} cycles each", r.cycles.row_folds, r.cycles.col_folds,
                    r.cycles.row_folds * r.cycles.col_folds, grouped(r.cycles.fold_cycles)));
  }
  row("cycles", fmt::format("{} ({} compute + {} pipeline latency)", grouped(r.cycles.cycles),
                            grouped(r.cycles.compute_cycles), r.cycles.pipeline_latency));
  row("time", fmt::format("{} ps ({}) at {}", grouped(r.ps), human_ps(r.ps),
                          hw::Frequency::hz(r.frequency_hz).to_string()));
  row("utilisation", fmt::format("{} of the array's cell-cycles", percent(r.cycles.utilization)));
  row("work", fmt::format("{} FLOP", grouped(r.flops)));
  return out;
}

nlohmann::ordered_json to_json(const GemmCostReport& r) {
  nlohmann::ordered_json j;
  j["command"] = "gemm";
  j["hw"] = r.hw_name;
  j["overrides"] = r.overrides;
  j["M"] = r.request.shape.m;
  j["N"] = r.request.shape.n;
  j["K"] = r.request.shape.k;
  j["dtype"] = hw::to_string(r.request.precision);
  j["array"] = {{"rows", r.rows}, {"cols", r.cols}, {"dataflow", hw::to_string(r.dataflow)}};
  j["rate"] = r.rate;
  j["k_effective"] = r.k_effective;
  if (r.has_mapping) {
    j["mapping"] = {{"s_r", r.mapping.s_r}, {"s_c", r.mapping.s_c}, {"t", r.mapping.t}};
  }
  j["row_folds"] = r.cycles.row_folds;
  j["col_folds"] = r.cycles.col_folds;
  j["folds"] = r.cycles.row_folds * r.cycles.col_folds;
  j["fold_cycles"] = r.cycles.fold_cycles;
  j["compute_cycles"] = r.cycles.compute_cycles;
  j["pipeline_latency_cycles"] = r.cycles.pipeline_latency;
  j["cycles"] = r.cycles.cycles;
  j["frequency_hz"] = r.frequency_hz;
  j["ps"] = r.ps;
  j["utilization"] = r.cycles.utilization;
  j["flops"] = r.flops;
  return j;
}

}  // namespace kernbench::app
