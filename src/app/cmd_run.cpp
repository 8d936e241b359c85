// `kernbench run KERNEL`: simulate one built-in kernel and report time,
// utilisation, bound and verification (run_session.hpp, run_report.hpp).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/cli_options.hpp"
#include "app/commands.hpp"
#include "app/errors.hpp"
#include "app/run_cmdlist.hpp"
#include "app/run_report.hpp"
#include "app/run_session.hpp"
#include "cmdlist/parse.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

struct RunCliOptions {
  RunRequest req;
  std::string mode = "data";
  std::string seed = "0";
  std::string trace_file;
  std::string oplog_file;
  std::string memory_initial;
  std::string memory_final;
  std::string trace_level;
  bool json = false;
};

tl::Mode parse_mode(std::string_view text) {
  if (text == "data") return tl::Mode::data;
  if (text == "timing") return tl::Mode::timing;
  const std::vector<std::string> modes{"data", "timing"};
  throw UsageError(fmt::format("--mode: `{}` is not a mode{}; expected one of {}", text,
                               util::did_you_mean_suffix(text, modes), util::join_names(modes)));
}

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size())
    throw UsageError(fmt::format(
        "--seed: `{}` is not a whole number; expected digits only, at most 18446744073709551615",
        text));
  return v;
}

trace::TraceLevel parse_level(std::string_view text) {
  try {
    return trace::parse_trace_level(text);
  } catch (const std::runtime_error& e) {
    throw UsageError(fmt::format("--trace-level: {}", e.what()));
  }
}

/// The kernel computed wrong values: the report is printed, then this
/// fails the command (exit 1) so scripts and CI notice.
class VerificationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace

void add_run_command(CLI::App& root, const CommandContext& ctx) {
  auto o = std::make_shared<RunCliOptions>();
  auto* cmd = root.add_subcommand(
      "run", "Simulate a built-in kernel: time, utilisation, bound, verification");
  cmd->add_option("kernel", o->req.kernel,
                  "A built-in kernel (see `kernbench list`), or a command list FILE.jsonl / "
                  "FILE.yaml (docs/command-list.md)")
      ->type_name("KERNEL|FILE")
      ->required();
  cmd->add_option("--hw", o->req.hw, "Hardware: a preset name or a YAML file")
      ->type_name("PRESET|FILE")
      ->default_str(std::string(kDefaultHw));
  add_set_option(*cmd, o->req.sets);
  cmd->add_option("--param", o->req.params,
                  "Set one kernel parameter, e.g. --param n=4096 (repeatable; see `kernbench "
                  "list`)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--mode", o->mode,
                  "data (real values, outputs verified) or timing (shapes only, for huge runs)")
      ->type_name("data|timing")
      ->default_str("data");
  cmd->add_option("--seed", o->seed, "Seed of the random inputs")->type_name("N")->default_str("0");
  auto* trace_opt =
      cmd->add_option("--trace", o->trace_file,
                      "Write a Chrome trace (open in https://ui.perfetto.dev) to FILE")
          ->type_name("FILE");
  auto* oplog_opt =
      cmd->add_option("--oplog", o->oplog_file, "Write the op log as JSON Lines to FILE")
          ->type_name("FILE");
  auto* initial_opt =
      cmd->add_option("--memory-initial", o->memory_initial,
                      "Data mode: write the global memory before the run as FILE.npz (one array "
                      "per allocation); the op log then carries what `kernbench replay` needs")
          ->type_name("FILE.npz");
  auto* final_opt = cmd->add_option("--memory-final", o->memory_final,
                                    "Data mode: write the global memory after the run as FILE.npz "
                                    "(the references of `kernbench replay --verify`)")
                        ->type_name("FILE.npz");
  cmd->add_option("--trace-level", o->trace_level,
                  "What the op log records: off, commands (one record per command), or "
                  "transactions (also every HBM access and fabric transfer)")
      ->type_name("off|commands|transactions");
  cmd->add_option("--atol", o->req.atol,
                  "Absolute tolerance of the verification: NUMBER for every output or "
                  "OUTPUT=NUMBER for one (repeatable)")
      ->type_name("[OUTPUT=]NUMBER")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--rtol", o->req.rtol,
                  "Relative tolerance of the verification (a fraction of |reference|): NUMBER "
                  "or OUTPUT=NUMBER (repeatable)")
      ->type_name("[OUTPUT=]NUMBER")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--json", o->json, "Print the report as one JSON object");
  cmd->add_flag("--replay", o->req.replay,
                "Data mode: re-apply every data effect in start-time order on a copy of the "
                "initial memory and report whether it reproduces the run (flags ordering races)");
  cmd->callback([o, ctx, trace_opt, oplog_opt, initial_opt, final_opt] {
    RunRequest req = o->req;
    req.mode = parse_mode(o->mode);
    req.seed = parse_seed(o->seed);
    // Given, even if empty: `--trace ""` is refused, not ignored.
    if (trace_opt->count() > 0) req.trace_file = o->trace_file;
    if (oplog_opt->count() > 0) req.oplog_file = o->oplog_file;
    if (initial_opt->count() > 0) req.memory_initial_file = o->memory_initial;
    if (final_opt->count() > 0) req.memory_final_file = o->memory_final;
    req.stop = ctx.stop;
    if (!o->trace_level.empty()) req.trace_level = parse_level(o->trace_level);
    if (cmdlist::is_command_list_path(req.kernel)) {
      if (req.memory_initial_file || req.memory_final_file)
        throw UsageError(
            "--memory-initial/--memory-final: memory images are written for built-in kernels "
            "only; a command list already names its memory contents");
      const CommandListReport r = run_command_list(req);
      ctx.out << (o->json ? r.json.dump(2) + "\n" : r.text);
      if (r.has_checks && !r.verified)
        throw VerificationError(
            fmt::format("command list '{}' computed wrong results: {}", req.kernel, r.verify_note));
      return;
    }
    const RunReport r = run_kernel(ctx.kernels, req);
    ctx.out << (o->json ? run_report_json(r).dump(2) + "\n" : run_report_text(r));
    if (r.replay_matches && !*r.replay_matches)
      throw VerificationError("the replay in start-time order differs from the run: " + *r.replay);
    if (!r.checks.empty() && !r.verified)
      throw VerificationError(
          fmt::format("kernel '{}' computed wrong results: {}", r.kernel, r.verify_note));
  });
}

}  // namespace kernbench::app
