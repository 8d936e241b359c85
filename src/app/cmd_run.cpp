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

/// The options whose presence matters, not only their value: given, even if
/// empty, they are passed on (`--trace ""` is refused, not ignored).
struct OutputOptions {
  CLI::Option* trace = nullptr;
  CLI::Option* oplog = nullptr;
  CLI::Option* memory_initial = nullptr;
  CLI::Option* memory_final = nullptr;
};

/// Adds what to simulate: the kernel (or command list), the hardware, its
/// overrides, the kernel parameters, the mode and the seed.
void add_target_options(CLI::App& cmd, RunCliOptions& o) {
  cmd.add_option("kernel", o.req.kernel,
                 "A built-in kernel (see `kernbench list`), or a command list FILE.jsonl / "
                 "FILE.yaml (docs/command-list.md)")
      ->type_name("KERNEL|FILE")
      ->required();
  cmd.add_option("--hw", o.req.hw, "Hardware: a preset name or a YAML file")
      ->type_name("PRESET|FILE")
      ->default_str(std::string(kDefaultHw));
  add_set_option(cmd, o.req.sets);
  cmd.add_option("--param", o.req.params,
                 "Set one kernel parameter, e.g. --param n=4096 (repeatable; see `kernbench "
                 "list`)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--mode", o.mode,
                 "data (real values, outputs verified) or timing (shapes only, for huge runs)")
      ->type_name("data|timing")
      ->default_str("data");
  cmd.add_option("--seed", o.seed, "Seed of the random inputs")->type_name("N")->default_str("0");
}

/// Adds the files the run writes (trace, op log, memory images) and the op
/// log's level of detail.
OutputOptions add_output_options(CLI::App& cmd, RunCliOptions& o) {
  OutputOptions out;
  out.trace = cmd.add_option("--trace", o.trace_file,
                             "Write a Chrome trace (open in https://ui.perfetto.dev) to FILE")
                  ->type_name("FILE");
  out.oplog = cmd.add_option("--oplog", o.oplog_file, "Write the op log as JSON Lines to FILE")
                  ->type_name("FILE");
  out.memory_initial =
      cmd.add_option("--memory-initial", o.memory_initial,
                     "Data mode: write the global memory before the run as FILE.npz (one array "
                     "per allocation); the op log then carries what `kernbench replay` needs")
          ->type_name("FILE.npz");
  out.memory_final = cmd.add_option("--memory-final", o.memory_final,
                                    "Data mode: write the global memory after the run as FILE.npz "
                                    "(the references of `kernbench replay --verify`)")
                         ->type_name("FILE.npz");
  cmd.add_option("--trace-level", o.trace_level,
                 "What the op log records: off, commands (one record per command), or "
                 "transactions (also every HBM access and fabric transfer)")
      ->type_name("off|commands|transactions");
  return out;
}

/// Adds the verification's tolerances, the report format and the replay check.
void add_check_options(CLI::App& cmd, RunCliOptions& o) {
  cmd.add_option("--atol", o.req.atol,
                 "Absolute tolerance of the verification: NUMBER for every output or "
                 "OUTPUT=NUMBER for one (repeatable)")
      ->type_name("[OUTPUT=]NUMBER")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--rtol", o.req.rtol,
                 "Relative tolerance of the verification (a fraction of |reference|): NUMBER "
                 "or OUTPUT=NUMBER (repeatable)")
      ->type_name("[OUTPUT=]NUMBER")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_flag("--json", o.json, "Print the report as one JSON object");
  cmd.add_flag("--sample", o.req.sample,
               "Timing mode: simulate windows of a large grid (its first wave, two measured "
               "windows, its last wave) and extrapolate the time to the whole grid");
  cmd.add_flag("--replay", o.req.replay,
               "Data mode: re-apply every data effect in start-time order on a copy of the "
               "initial memory and report whether it reproduces the run (flags ordering races)");
}

/// The request the parsed command line describes. Throws UsageError for a
/// malformed mode, seed or trace level.
RunRequest make_request(const RunCliOptions& o, const OutputOptions& out,
                        const CommandContext& ctx) {
  RunRequest req = o.req;
  req.mode = parse_mode(o.mode);
  req.seed = parse_seed(o.seed);
  // Given, even if empty: `--trace ""` is refused, not ignored.
  if (out.trace->count() > 0) req.trace_file = o.trace_file;
  if (out.oplog->count() > 0) req.oplog_file = o.oplog_file;
  if (out.memory_initial->count() > 0) req.memory_initial_file = o.memory_initial;
  if (out.memory_final->count() > 0) req.memory_final_file = o.memory_final;
  req.stop = ctx.stop;
  if (!o.trace_level.empty()) req.trace_level = parse_level(o.trace_level);
  if (req.sample && req.mode != tl::Mode::timing)
    throw UsageError("--sample: needs --mode timing (data mode computes every program's values)");
  return req;
}

/// Runs a command list, prints its report, then throws VerificationError if
/// one of its checks failed.
void run_list(const RunRequest& req, bool json, const CommandContext& ctx) {
  if (req.sample) throw UsageError("--sample: a command list has no grid to sample");
  if (req.memory_initial_file || req.memory_final_file)
    throw UsageError(
        "--memory-initial/--memory-final: memory images are written for built-in kernels "
        "only; a command list already names its memory contents");
  const CommandListReport r = run_command_list(req);
  ctx.out << (json ? r.json.dump(2) + "\n" : r.text);
  if (r.has_checks && !r.verified)
    throw VerificationError(
        fmt::format("command list '{}' computed wrong results: {}", req.kernel, r.verify_note));
}

/// Runs a built-in kernel, prints its report, then throws VerificationError
/// if the replay differs from the run or an output is wrong.
void run_builtin(const RunRequest& req, bool json, const CommandContext& ctx) {
  const RunReport r = run_kernel(ctx.kernels, req);
  ctx.out << (json ? run_report_json(r).dump(2) + "\n" : run_report_text(r));
  if (r.replay_matches && !*r.replay_matches)
    throw VerificationError("the replay in start-time order differs from the run: " + *r.replay);
  if (!r.checks.empty() && !r.verified)
    throw VerificationError(
        fmt::format("kernel '{}' computed wrong results: {}", r.kernel, r.verify_note));
}

}  // namespace

void add_run_command(CLI::App& root, const CommandContext& ctx) {
  auto o = std::make_shared<RunCliOptions>();
  auto* cmd = root.add_subcommand(
      "run", "Simulate a built-in kernel: time, utilisation, bound, verification");
  add_target_options(*cmd, *o);
  const OutputOptions out = add_output_options(*cmd, *o);
  add_check_options(*cmd, *o);
  cmd->callback([o, ctx, out] {
    const RunRequest req = make_request(*o, out, ctx);
    if (cmdlist::is_command_list_path(req.kernel)) {
      run_list(req, o->json, ctx);
      return;
    }
    run_builtin(req, o->json, ctx);
  });
}

}  // namespace kernbench::app
