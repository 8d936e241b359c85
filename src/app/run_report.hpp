#pragma once
/// \file
/// The report of `kernbench run`: what ran, on what, how long it took in
/// simulated time, how well it used the chip, what bound it, whether its
/// outputs were right, and how fast the simulator was.
///
/// RunReport is a plain value filled by run_session.cpp; this file only
/// formats it: text for people (docs/cli.md) and one JSON object for scripts
/// (schema in docs/report-schema.md; base units only, keys in a fixed order,
/// ADR 0042). Utilisations are fractions in [0, 1]: busy time summed over
/// units / (units x simulated time).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/run_bound.hpp"
#include "kernels/params.hpp"

namespace kernbench::app {

struct RunParam {
  std::string name;
  kernels::ParamValue value;
  bool given = false;  ///< set with --param (else the default)
  bool used = true;    ///< false: recorded, unused by the hardware model
};

/// Busy share of one kind of unit.
struct UnitUse {
  std::uint64_t units = 0;    ///< how many (e.g. PEs x DMA engines per PE)
  std::uint64_t busy_ps = 0;  ///< summed over the units
  double utilisation = 0;     ///< busy_ps / (units x simulated_ps)
  /// The busiest PE (PE engines), channel (HBM) or link (fabric); nullopt
  /// when not known (a report built without a run).
  std::optional<double> max_utilisation;
};

struct Utilisation {
  UnitUse gemm, math, dma, cpu, hbm, fabric;
  double launch_share = 0;         ///< launch.latency / simulated time
  std::uint64_t tcm_capacity = 0;  ///< bytes per PE
  std::uint64_t tcm_peak = 0;      ///< max over PEs of the peak bytes in use
  int tcm_peak_pe = 0;             ///< a PE reaching tcm_peak (the lowest id)
  double tcm_mean_occupancy = 0;   ///< time-weighted bytes in use / capacity, mean over PEs
};

/// Time programs were blocked, summed over programs (several programs may
/// wait at once on one PE), by cause [ps].
struct Waits {
  std::uint64_t queue_ps = 0;    ///< for room in a full engine queue
  std::uint64_t tcm_ps = 0;      ///< for TCM space for a new tile
  std::uint64_t value_ps = 0;    ///< for values: item(), atomics, debug_barrier
  std::uint64_t operand_ps = 0;  ///< in-order issue waiting for operands (latency)
};

/// Resident programs per PE and what limited them (in-order PEs).
struct OccupancyReport {
  std::uint64_t programs = 0;
  std::string limiter;
  std::uint64_t register_bytes = 0;
  std::uint64_t tcm_bytes = 0;
};

struct OutputCheck {
  std::string output;  ///< the output's name
  std::string desc;    ///< "f16[512, 512]"
  bool passed = false;
  std::int64_t numel = 0;
  std::int64_t mismatches = 0;
  double max_abs_error = 0;
  double max_rel_error = 0;
  double atol = 0, rtol = 0;
  std::string note;  ///< why the comparison could not be made, if so
};

struct RunReport {
  std::string kernel;
  std::string kernel_description;
  std::vector<RunParam> params;        ///< resolved, declaration order
  std::string hw;                      ///< preset name or file as given
  std::vector<std::string> overrides;  ///< --set, in order
  std::uint64_t pes = 0;
  double clock_hz = 0;
  std::string mode;  ///< "data" or "timing"
  std::uint64_t seed = 0;

  std::uint64_t launches = 0;
  std::uint64_t programs = 0;
  /// Programs simulated: `programs`, or fewer for a sampled run (--sample),
  /// whose simulated_ps is then an estimate and whose hardware figures
  /// cover the simulated windows.
  std::uint64_t simulated_programs = 0;
  std::uint64_t commands = 0;
  std::uint64_t simulated_ps = 0;
  bool sampled() const { return simulated_programs < programs; }

  double flops = 0;      ///< useful FLOP (the kernel's count)
  double bytes = 0;      ///< ideal HBM bytes (each input read once, output written once)
  double hbm_bytes = 0;  ///< bytes the HBM channels actually served
  double achieved_flops_per_s = 0;
  double achieved_bytes_per_s = 0;
  std::string peak_engine;  ///< "gemm" or "vector": the engine that did most flops
  std::string peak_dtype;   ///< hardware precision the peak is taken at ("f16")
  double peak_flops_per_s = 0;
  double peak_bytes_per_s = 0;  ///< HBM

  Utilisation utilisation;
  Waits waits;
  OccupancyReport occupancy;
  Bound bound;

  bool verified = false;
  std::string verify_note;             ///< why not verified (timing mode, failures)
  std::optional<std::string> replay;   ///< --replay: the replay executor's verdict
  std::optional<bool> replay_matches;  ///< --replay in data mode: reproduced?
  std::vector<OutputCheck> checks;

  /// Host time of Kernel::run: input generation, simulation and, in data
  /// mode, the host reference and checks (not deterministic).
  double wall_seconds = 0;
  std::optional<std::string> trace_file;
  std::optional<std::string> oplog_file;

  double seconds() const { return static_cast<double>(simulated_ps) * 1e-12; }
  /// Largest max_rel_error over the checks; nullopt when nothing was checked.
  std::optional<double> max_rel_error() const;
};

/// The text report (ends with '\n').
std::string run_report_text(const RunReport& r);

/// The JSON report (docs/report-schema.md, schema "kernbench.run/1").
nlohmann::ordered_json run_report_json(const RunReport& r);

}  // namespace kernbench::app
