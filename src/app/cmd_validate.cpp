// `kernbench validate FILE`: predict measured kernel timings with the model
// and with a roofline, and score both (validate_cases.hpp, validate_map.hpp,
// validate_run.hpp, validate_report.hpp).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli_options.hpp"
#include "app/commands.hpp"
#include "app/hw_select.hpp"
#include "app/interrupt.hpp"
#include "app/validate_report.hpp"

namespace kernbench::app {
namespace {

/// The measurements were predicted, but some cases could not be: the
/// report is printed, then this fails the command (exit 1).
class ValidationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ValidateCliOptions {
  std::string file;
  std::string hw{"h200"};
  std::vector<std::string> sets;
  bool json = false;
};

ValidateReport validate(const CommandContext& ctx, const ValidateCliOptions& o) {
  // The file first: a bad line fails before any hardware is built.
  const MeasurementFile file = read_measurements(o.file);
  const hw::HwConfig cfg = select_hw(o.hw, o.sets);
  ValidateReport r;
  r.file = o.file;
  r.hw = o.hw;
  r.overrides = o.sets;
  r.skipped = file.skipped;
  const auto start = std::chrono::steady_clock::now();
  for (const Measurement& m : file.cases) {
    if (ctx.stop != nullptr && ctx.stop->load() != 0) throw Interrupted(ctx.stop->load());
    r.results.push_back(run_case(ctx.kernels, cfg, m, ctx.stop));
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  r.wall_seconds = wall.count();
  r.summary = summarise(r.results);
  return r;
}

}  // namespace

void add_validate_command(CLI::App& root, const CommandContext& ctx) {
  auto o = std::make_shared<ValidateCliOptions>();
  auto* cmd = root.add_subcommand(
      "validate",
      "Predict measured kernel timings (JSON Lines) with the model and a roofline; report errors");
  cmd->add_option("file", o->file, "Measurements, one JSON object per line (see docs/cli.md)")
      ->type_name("FILE.jsonl")
      ->required();
  cmd->add_option("--hw", o->hw, "Hardware: a preset name or a YAML file")
      ->type_name("PRESET|FILE")
      ->default_str("h200");
  add_set_option(*cmd, o->sets);
  cmd->add_flag("--json", o->json, "Print the report as one JSON object");
  cmd->callback([o, ctx] {
    const ValidateReport r = validate(ctx, *o);
    ctx.out << (o->json ? validate_report_json(r).dump(2) + "\n" : validate_report_text(r));
    if (r.summary.failed > 0)
      throw ValidationError(fmt::format("{} of {} case(s) failed; see the report for each error",
                                        r.summary.failed, r.summary.total));
  });
}

}  // namespace kernbench::app
