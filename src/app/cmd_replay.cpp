// `kernbench replay OPLOG.jsonl --memory INITIAL.npz [--verify REFS.npz]`:
// recompute a run's data effects from its files (replay_session.hpp).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "app/commands.hpp"
#include "app/errors.hpp"
#include "app/replay_report.hpp"
#include "app/replay_session.hpp"

namespace kernbench::app {
namespace {

struct ReplayCliOptions {
  ReplayRequest req;
  std::string verify;
  bool json = false;
};

/// The replay did not reproduce the references, or the log is reordered:
/// the report is printed, then this fails the command (exit 1).
class ReplayMismatchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace

void add_replay_command(CLI::App& root, const CommandContext& ctx) {
  auto o = std::make_shared<ReplayCliOptions>();
  auto* cmd = root.add_subcommand(
      "replay",
      "Recompute a run's data effects from its op log and initial memory; compare with references");
  cmd->add_option("oplog", o->req.oplog,
                  "Op log written by `kernbench run KERNEL --oplog FILE --memory-initial ...`")
      ->type_name("OPLOG.jsonl")
      ->required();
  cmd->add_option("--memory", o->req.memory, "The initial memory (`run --memory-initial`)")
      ->type_name("FILE.npz")
      ->required();
  auto* verify_opt =
      cmd->add_option("--verify", o->verify,
                      "Compare the replayed memory with these arrays (`run --memory-final`)")
          ->type_name("FILE.npz");
  cmd->add_flag("--json", o->json, "Print the report as one JSON object");
  cmd->callback([o, ctx, verify_opt] {
    ReplayRequest req = o->req;
    if (verify_opt->count() > 0) req.verify = o->verify;
    ReplayOutcome out;
    try {
      out = run_replay(req);
    } catch (const ReplayInputError& e) {
      throw UsageError(e.what());  // bad input: exit 2, unlike a mismatch
    }
    ctx.out << (o->json ? replay_report_json(out).dump(2) + "\n" : replay_report_text(out));
    if (!out.order.empty())
      throw ReplayMismatchError(
          fmt::format("{}: the log is reordered: {}", req.oplog, out.order.front().message));
    if (!out.complete) throw ReplayMismatchError(fmt::format("{}: {}", req.oplog, out.stopped));
    if (!out.ok())
      throw ReplayMismatchError(
          fmt::format("the replay of {} differs from {}", req.oplog, req.verify.value_or("")));
  });
}

}  // namespace kernbench::app
