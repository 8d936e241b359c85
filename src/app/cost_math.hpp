#pragma once
/// \file
/// `kernbench hw cost math`: one vector/math command on an idle math engine.
///
/// Elementwise ops run one pass per unit class they need (hw::op_passes;
/// sigmoid is exp then reciprocal); each pass costs
///   latency + ceil(E / (lanes * rate * pack(dtype)))      (hw::pass_cycles)
/// A reduction runs one simple pass and then ceil(log2(lanes)) cross-lane
/// steps of pe.math.reduction_step cycles (hw::reduce_cycles). Time is exact:
/// ps = ceil(cycles * 1e12 / Hz).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/config/hw_config.hpp"
#include "hw/models/math_cost.hpp"

namespace kernbench::app {

/// Exactly one of `op` and `reduce` is set.
struct MathCostRequest {
  std::optional<hw::MathOp> op;
  std::optional<hw::ReduceOp> reduce;
  std::uint64_t elements = 0;
  hw::Precision precision = hw::Precision::f32;
};

struct MathPass {
  std::string unit;  ///< "simple", "transcendental", "divsqrt" or "cross-lane tree"
  std::uint64_t latency = 0;
  std::uint64_t throughput_cycles = 0;
  std::uint64_t cycles = 0;  ///< latency + throughput_cycles
};

struct MathCostReport {
  MathCostRequest request;
  std::string hw_name;
  std::vector<std::string> overrides;  ///< --set assignments applied to the hw (for the report)
  std::uint64_t lanes = 0;
  std::uint64_t pack = 1;  ///< elements per 32-bit lane for the dtype
  std::vector<MathPass> passes;
  std::uint64_t cycles = 0;
  std::uint64_t frequency_hz = 0;
  std::uint64_t ps = 0;
};

/// Throws std::logic_error (an internal bug) if the pass breakdown does not
/// add up to the hw model's total.
MathCostReport cost_math(const hw::HwConfig& cfg, const MathCostRequest& req);
std::string to_text(const MathCostReport& r);
nlohmann::ordered_json to_json(const MathCostReport& r);

}  // namespace kernbench::app
