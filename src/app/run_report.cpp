#include "app/run_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/format.hpp"

namespace kernbench::app {
namespace {

constexpr int kLabel = 17;

std::string row(std::string_view label, std::string_view value) {
  return fmt::format("  {:<{}}{}\n", label, kLabel, value);
}

std::string clock_text(double hz) {
  return fmt::format("{:g} GHz", hz / 1e9);
}

/// "1.2e-07" style for errors; "0" for exact results.
std::string err(double v) {
  return v == 0 ? std::string("0") : fmt::format("{:.3g}", v);
}

std::string unit_row(const UnitUse& u, std::string_view units_word) {
  std::string detail = fmt::format("{} {}", u.units, units_word);
  if (u.max_utilisation) detail += fmt::format(", busiest {}", percent(*u.max_utilisation));
  return fmt::format("{:>6}  ({})", percent(u.utilisation), detail);
}

/// Capacities in binary units, exact when possible: 1 MiB, 800 KiB, 1.50 KiB.
std::string iec_bytes(std::uint64_t b) {
  constexpr std::pair<std::uint64_t, std::string_view> kUnits[] = {
      {1ULL << 40, "TiB"}, {1ULL << 30, "GiB"}, {1ULL << 20, "MiB"}, {1ULL << 10, "KiB"}};
  for (const auto& [scale, name] : kUnits) {
    if (b < scale) continue;
    if (b % scale == 0) return fmt::format("{} {}", b / scale, name);
    return fmt::format("{:.2f} {}", static_cast<double>(b) / static_cast<double>(scale), name);
  }
  return fmt::format("{} B", b);
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

nlohmann::ordered_json number_or_null(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

nlohmann::ordered_json param_json(const kernels::ParamValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, data::DType>)
          return std::string(data::name(x));
        else
          return x;
      },
      v);
}

nlohmann::ordered_json unit_json(const UnitUse& u) {
  return {{"count", u.units},
          {"busy_ps", u.busy_ps},
          {"utilisation", u.utilisation},
          {"max_utilisation", number_or_null(u.max_utilisation)}};
}

/// Text report, first section: what ran (kernel, parameters, hardware, grid).
std::string text_setup(const RunReport& r) {
  std::string out =
      fmt::format("run {} on {} ({} mode, seed {})\n", r.kernel, r.hw, r.mode, r.seed);
  out += row("kernel", fmt::format("{}: {}", r.kernel, r.kernel_description));
  std::string params, given, unused;
  for (const RunParam& p : r.params) {
    if (!params.empty()) params += ' ';
    params += fmt::format("{}={}", p.name, kernels::to_string(p.value));
    if (p.given) given += (given.empty() ? "" : ", ") + p.name;
    if (!p.used) unused += (unused.empty() ? "" : ", ") + p.name;
  }
  out += row("params", params.empty() ? "(none)" : params);
  std::string note = given.empty() ? "all defaults" : "given: " + given + "; others default";
  if (!unused.empty()) note += "; recorded, unused by the model: " + unused;
  out += row("", "(" + note + ")");
  out += row("hw", fmt::format("{}: {} PEs at {}", r.hw, r.pes, clock_text(r.clock_hz)));
  if (!r.overrides.empty()) {
    std::string o;
    for (const auto& s : r.overrides) o += (o.empty() ? "" : " ") + s;
    out += row("overrides", o);
  }
  out += row("grid",
             fmt::format("{} launch{}, {} programs, {} commands", r.launches,
                         r.launches == 1 ? "" : "es", grouped(r.programs), grouped(r.commands)));
  if (r.sampled()) {
    out += row("", fmt::format("(sampled: {} programs simulated; the time is extrapolated to the "
                               "whole grid, the hardware figures cover the simulated windows)",
                               grouped(r.simulated_programs)));
  }
  return out;
}

/// Text report: simulated time, achieved compute and memory throughput.
std::string text_performance(const RunReport& r) {
  std::string out = "\nperformance\n";
  out += row("simulated time",
             fmt::format("{} ({} ps)", human_ps(r.simulated_ps), grouped(r.simulated_ps)));
  out += row("compute", fmt::format("{} at {} = {} of the {} {} peak ({})", si(r.flops, "FLOP"),
                                    si(r.achieved_flops_per_s, "FLOP/s"),
                                    percent(ratio(r.achieved_flops_per_s, r.peak_flops_per_s)),
                                    r.peak_dtype, r.peak_engine == "gemm" ? "GEMM" : "vector",
                                    si(r.peak_flops_per_s, "FLOP/s")));
  out += row("memory", fmt::format("{} ideal at {} = {} of the HBM peak ({}); HBM served {}",
                                   si(r.bytes, "B"), si(r.achieved_bytes_per_s, "B/s"),
                                   percent(ratio(r.achieved_bytes_per_s, r.peak_bytes_per_s)),
                                   si(r.peak_bytes_per_s, "B/s"), si(r.hbm_bytes, "B")));
  return out;
}

/// Text report: per-resource utilisation, TCM use, waits and occupancy.
std::string text_utilisation(const RunReport& r) {
  const Utilisation& u = r.utilisation;
  std::string out = "\nutilisation (busy / (units x simulated time))\n";
  out += row("gemm", unit_row(u.gemm, "engines"));
  out += row("math", unit_row(u.math, "engines"));
  out += row("dma", unit_row(u.dma, "engines"));
  out += row("cpu (issue)", unit_row(u.cpu, "control CPUs"));
  out += row("hbm", unit_row(u.hbm, "channels"));
  out += row("fabric", unit_row(u.fabric, "links carried traffic; mean over them"));
  out += row("launch",
             fmt::format("{:>6}  (launch latency / simulated time)", percent(u.launch_share)));
  out += row("tcm",
             fmt::format("peak {} of {} (PE {}), mean occupancy {}", iec_bytes(u.tcm_peak),
                         iec_bytes(u.tcm_capacity), u.tcm_peak_pe, percent(u.tcm_mean_occupancy)));
  out += row(
      "waits",
      fmt::format("programs blocked {} on full queues, {} on TCM space, {} on "
                  "values{} (summed over programs)",
                  human_ps(r.waits.queue_ps), human_ps(r.waits.tcm_ps), human_ps(r.waits.value_ps),
                  r.waits.operand_ps == 0 ? std::string()
                                          : fmt::format(", {} on operands (in-order issue)",
                                                        human_ps(r.waits.operand_ps))));
  if (!r.occupancy.limiter.empty())
    out +=
        row("occupancy",
            fmt::format("{} program(s) per PE, limited by {} (a program holds {} of registers, "
                        "{} of TCM)",
                        r.occupancy.programs, r.occupancy.limiter,
                        iec_bytes(r.occupancy.register_bytes), iec_bytes(r.occupancy.tcm_bytes)));
  return out;
}

/// One checked output's row: verdict, errors, tolerances, mismatches, note.
std::string text_check(const OutputCheck& c) {
  std::string line = fmt::format("{} {}: max abs err {}, max rel err {} (atol {:g}, rtol {:g})",
                                 c.passed ? "PASS" : "FAIL", c.desc, err(c.max_abs_error),
                                 err(c.max_rel_error), c.atol, c.rtol);
  if (c.mismatches != 0)
    line += fmt::format("; {} of {} elements outside", grouped(c.mismatches), grouped(c.numel));
  if (!c.note.empty()) line += "; " + c.note;
  return row("  " + c.output, line);
}

/// Text report: the verdict, one row per checked output, and the replay.
std::string text_verification(const RunReport& r) {
  std::string out;
  if (r.checks.empty()) {
    out += row("verification",
               "not verified: " + (r.verify_note.empty() ? std::string("no outputs were checked")
                                                         : r.verify_note));
  } else {
    std::size_t passed = 0;
    for (const OutputCheck& c : r.checks) passed += c.passed ? 1 : 0;
    out += row("verification", r.verified
                                   ? fmt::format("verified: {} output{} within tolerance",
                                                 r.checks.size(), r.checks.size() == 1 ? "" : "s")
                                   : fmt::format("FAILED: {} of {} output{} outside tolerance",
                                                 r.checks.size() - passed, r.checks.size(),
                                                 r.checks.size() == 1 ? "" : "s"));
    for (const OutputCheck& c : r.checks) out += text_check(c);
  }
  if (r.replay) {
    out += row("replay", *r.replay);
  }
  return out;
}

/// Text report, last section: the simulator's own speed and the files written.
std::string text_simulator(const RunReport& r) {
  std::string out = "\nsimulator\n";
  // The kernel's host side (inputs, reference, verification) runs inside
  // the measured interval too; in timing mode it is negligible.
  out += row("wall time", fmt::format("{:.3f} s (inputs, simulation{})", r.wall_seconds,
                                      r.checks.empty() ? "" : ", reference and checks"));
  out += row(
      "commands / s",
      r.wall_seconds > 0
          ? grouped(static_cast<std::uint64_t>(static_cast<double>(r.commands) / r.wall_seconds))
          : std::string("-"));
  if (r.trace_file) out += row("trace", *r.trace_file + " (open in https://ui.perfetto.dev)");
  if (r.oplog_file) out += row("op log", *r.oplog_file);
  return out;
}

using J = nlohmann::ordered_json;

/// JSON report: what ran, from "schema" to "commands".
void json_setup(const RunReport& r, J& j) {
  J params = J::object();
  J given = J::array(), unused = J::array();
  for (const RunParam& p : r.params) {
    params[p.name] = param_json(p.value);
    if (p.given) given.push_back(p.name);
    if (!p.used) unused.push_back(p.name);
  }
  j["schema"] = "kernbench.run/1";
  j["kernel"] = r.kernel;
  j["params"] = params;
  j["params_given"] = given;
  j["params_unused"] = unused;
  j["hw"] = {{"name", r.hw}, {"overrides", r.overrides}, {"pes", r.pes}, {"clock_hz", r.clock_hz}};
  j["mode"] = r.mode;
  j["seed"] = r.seed;
  j["launches"] = r.launches;
  j["programs"] = r.programs;
  j["simulated_programs"] = r.simulated_programs;
  j["commands"] = r.commands;
}

/// JSON report: simulated time, work, throughput and the peaks it is
/// compared with.
void json_performance(const RunReport& r, J& j) {
  j["simulated_ps"] = r.simulated_ps;
  j["simulated_seconds"] = r.seconds();
  j["flops"] = r.flops;
  j["bytes"] = r.bytes;
  j["hbm_bytes"] = r.hbm_bytes;
  j["achieved_flops_per_s"] = r.achieved_flops_per_s;
  j["achieved_bytes_per_s"] = r.achieved_bytes_per_s;
  j["peak"] = {{"engine", r.peak_engine},
               {"dtype", r.peak_dtype},
               {"flops_per_s", r.peak_flops_per_s},
               {"bytes_per_s", r.peak_bytes_per_s}};
  j["fraction_of_peak"] = {{"flops", ratio(r.achieved_flops_per_s, r.peak_flops_per_s)},
                           {"bytes", ratio(r.achieved_bytes_per_s, r.peak_bytes_per_s)}};
}

/// JSON report: utilisation shares, per-unit detail, waits and occupancy.
void json_utilisation(const RunReport& r, J& j) {
  const Utilisation& u = r.utilisation;
  const double tcm_peak_fraction =
      ratio(static_cast<double>(u.tcm_peak), static_cast<double>(u.tcm_capacity));
  j["utilisation"] = {{"gemm", u.gemm.utilisation},      {"math", u.math.utilisation},
                      {"dma", u.dma.utilisation},        {"cpu", u.cpu.utilisation},
                      {"hbm", u.hbm.utilisation},        {"fabric", u.fabric.utilisation},
                      {"launch", u.launch_share},        {"tcm_peak", tcm_peak_fraction},
                      {"tcm_mean", u.tcm_mean_occupancy}};
  j["units"] = {{"gemm", unit_json(u.gemm)},
                {"math", unit_json(u.math)},
                {"dma", unit_json(u.dma)},
                {"cpu", unit_json(u.cpu)},
                {"hbm", unit_json(u.hbm)},
                {"fabric", unit_json(u.fabric)},
                {"tcm",
                 {{"capacity_bytes", u.tcm_capacity},
                  {"peak_bytes", u.tcm_peak},
                  {"peak_pe", u.tcm_peak_pe}}}};
  j["waits"] = {{"queue_ps", r.waits.queue_ps},
                {"tcm_ps", r.waits.tcm_ps},
                {"value_ps", r.waits.value_ps},
                {"operand_ps", r.waits.operand_ps}};
  if (!r.occupancy.limiter.empty())
    j["occupancy"] = {{"programs_per_pe", r.occupancy.programs},
                      {"limiter", r.occupancy.limiter},
                      {"register_bytes", r.occupancy.register_bytes},
                      {"tcm_bytes", r.occupancy.tcm_bytes}};
}

/// One object per checked output.
J json_checks(const RunReport& r) {
  J checks = J::array();
  for (const OutputCheck& c : r.checks)
    checks.push_back({{"output", c.output},
                      {"desc", c.desc},
                      {"passed", c.passed},
                      {"numel", c.numel},
                      {"mismatches", c.mismatches},
                      {"max_abs_error", number_or_null(c.max_abs_error)},
                      {"max_rel_error", number_or_null(c.max_rel_error)},
                      {"atol", c.atol},
                      {"rtol", c.rtol},
                      {"note", c.note.empty() ? J(nullptr) : J(c.note)}});
  return checks;
}

/// JSON report: the bound, the verification and the replay.
void json_findings(const RunReport& r, J& j) {
  j["bound"] = to_string(r.bound.kind);
  j["bound_evidence"] = r.bound.evidence;
  j["bound_reason"] = r.bound.reason;
  j["verified"] = r.verified;
  j["verify_note"] = r.verify_note.empty() ? J(nullptr) : J(r.verify_note);
  j["max_rel_error"] = number_or_null(r.max_rel_error());
  j["checks"] = json_checks(r);
  j["replay"] = r.replay ? J(*r.replay) : J(nullptr);
  j["replay_matches"] = r.replay_matches ? J(*r.replay_matches) : J(nullptr);
}

/// JSON report: the simulator's own speed and the files written.
void json_simulator(const RunReport& r, J& j) {
  j["wall_seconds"] = r.wall_seconds;
  j["commands_per_second"] =
      r.wall_seconds > 0 ? J(static_cast<double>(r.commands) / r.wall_seconds) : J(nullptr);
  j["trace_file"] = r.trace_file ? J(*r.trace_file) : J(nullptr);
  j["oplog_file"] = r.oplog_file ? J(*r.oplog_file) : J(nullptr);
}

}  // namespace

std::optional<double> RunReport::max_rel_error() const {
  std::optional<double> worst;
  for (const OutputCheck& c : checks)
    if (!worst || c.max_rel_error > *worst) worst = c.max_rel_error;
  return worst;
}

std::string run_report_text(const RunReport& r) {
  std::string out = text_setup(r);
  out += text_performance(r);
  out += text_utilisation(r);
  out += "\n";
  out += row("bound", fmt::format("{}: {}", to_string(r.bound.kind), r.bound.reason));
  out += "\n";
  out += text_verification(r);
  out += text_simulator(r);
  return out;
}

nlohmann::ordered_json run_report_json(const RunReport& r) {
  J j;
  json_setup(r, j);
  json_performance(r, j);
  json_utilisation(r, j);
  json_findings(r, j);
  json_simulator(r, j);
  return j;
}

}  // namespace kernbench::app
