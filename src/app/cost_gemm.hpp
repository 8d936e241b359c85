#pragma once
/// \file
/// `kernbench hw cost gemm`: one GEMM command on an idle matrix unit.
///
/// Cycles come from hw::gemm_cycles: compute cycles are SCALE-Sim's Total
/// Cycles for os/ws/is and the MAC throughput for `throughput` (K scaled by
/// the dtype's rate multiplier); pe.gemm.pipeline_latency is reported apart
/// and added once. Time is exact: ps = ceil(cycles * 1e12 / Hz)
/// (hw::Frequency::cycles_to_ps, 128-bit).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/config/hw_config.hpp"
#include "hw/models/systolic.hpp"

namespace kernbench::app {

struct GemmCostRequest {
  hw::GemmShape shape{};  ///< A is M x K, B is K x N
  hw::Precision precision = hw::Precision::f16;
};

struct GemmCostReport {
  GemmCostRequest request;
  std::string hw_name;
  std::vector<std::string> overrides;  ///< --set assignments applied to the hw (for the report)
  std::uint64_t rows = 0, cols = 0;    ///< array
  hw::Dataflow dataflow = hw::Dataflow::weight_stationary;
  double rate = 1;                ///< MACs per cell per cycle for the dtype
  std::uint64_t k_effective = 0;  ///< ceil(K / rate)
  bool has_mapping = false;       ///< false for the throughput dataflow
  hw::SystolicMapping mapping{};  ///< SCALE-Sim S_R, S_C, T (with K_eff)
  hw::GemmCycles cycles{};        ///< compute cycles, pipeline latency and their sum
  std::uint64_t frequency_hz = 0;
  std::uint64_t ps = 0;
  std::uint64_t flops = 0;  ///< 2 * M * N * K (useful work)
};

GemmCostReport cost_gemm(const hw::HwConfig& cfg, const GemmCostRequest& req);
std::string to_text(const GemmCostReport& r);
nlohmann::ordered_json to_json(const GemmCostReport& r);

}  // namespace kernbench::app
