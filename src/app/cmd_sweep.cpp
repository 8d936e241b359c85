// `kernbench sweep SPEC`: run every point of a design-space sweep on the
// local cores or across MPI ranks, into one SQLite file; `sweep export`,
// `sweep merge` and `sweep plot` read such files (docs/sweeps.md).
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/errors.hpp"
#include "app/failure.hpp"
#include "app/interrupt.hpp"
#include "app/sweep_check.hpp"
#include "app/sweep_plot.hpp"
#include "app/sweep_point.hpp"
#include "sweep/driver.hpp"
#include "sweep/expand.hpp"
#include "sweep/export.hpp"
#include "sweep/pool.hpp"
#include "sweep/store.hpp"
#include "util/atomic_file.hpp"

namespace kernbench::app {
namespace {

struct SweepCliOptions {
  std::string spec;
  std::string out = "results.db";
  std::string jobs;
  std::string shard;
  bool resume = false;
  bool quiet = false;
};

int parse_jobs(const std::string& text) {
  if (text.empty()) return sweep::available_cores();
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size() || v < 1 || v > 4096)
    throw UsageError(
        fmt::format("--jobs: `{}` is not a worker count; expected a whole number "
                    "from 1 to 4096",
                    text));
  return v;
}

std::string summary_text(const sweep::SweepSpec& spec, const sweep::SweepSummary& s) {
  const std::int64_t ran = s.done + s.failed;
  return fmt::format(
      "sweep{}: {} point(s), {} done, {} failed; this run finished {} in {:.2f} s on {} "
      "worker(s){}; results in {}\n",
      spec.name.empty() ? "" : " " + spec.name, s.points, s.points - s.failed_total, s.failed_total,
      ran, s.seconds, s.workers, s.skipped ? fmt::format(", {} finished before", s.skipped) : "",
      s.out);
}

void run_sweep_command(const CommandContext& ctx, const SweepCliOptions& o) {
  sweep::SweepOptions so;
  so.out = o.out;
  so.jobs = parse_jobs(o.jobs);
  so.resume = o.resume;
  if (!o.shard.empty()) {
    try {
      so.shard = sweep::parse_shard(o.shard);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const sweep::SweepSpec spec = sweep::load_spec_file(o.spec);
  check_spec(spec, ctx.kernels);
  const std::vector<sweep::Point> points = sweep::expand(spec);
  if (!o.quiet) {
    so.progress = &std::cerr;
    so.terminal = ::isatty(STDERR_FILENO) != 0;
  }
  so.on_fatal = [](std::exception_ptr e) {
    std::cout.flush();
    std::cerr << describe_failure(e).line << std::flush;
  };
  const KernelCatalog& kernels = ctx.kernels;
  const sweep::SweepSummary s = sweep::run_sweep(
      spec, points, [&kernels](const sweep::Point& p) { return run_sweep_point(kernels, p); }, so);
  if (s.writer) ctx.out << summary_text(spec, s);
}

void write_to(const std::string& path, const std::function<void(std::ostream&)>& write,
              std::ostream& stdout_stream, const char* option) {
  if (path == "-") {
    write(stdout_stream);
    return;
  }
  // Whole or not at all (util::AtomicFile, ADR 0046).
  try {
    util::AtomicFile f(path);
    write(f.stream());
    f.commit();
  } catch (const util::OutputFileError& e) {
    throw util::OutputFileError(fmt::format("{}: {}", option, e.what()));
  }
}

void add_export(CLI::App& sweep, const CommandContext& ctx) {
  struct Opts {
    std::string db, csv, jsonl;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = sweep.add_subcommand("export", "Write sweep results as CSV or JSON Lines");
  cmd->add_option("results", o->db, "A results file of `kernbench sweep`")
      ->type_name("RESULTS.db")
      ->required();
  cmd->add_option("--csv", o->csv, "Write CSV to FILE (- for stdout)")->type_name("FILE");
  cmd->add_option("--jsonl", o->jsonl,
                  "Write JSON Lines (with full reports) to FILE (- for stdout)")
      ->type_name("FILE");
  cmd->callback([o, ctx] {
    if (o->csv.empty() && o->jsonl.empty())
      throw UsageError("sweep export: expected --csv FILE, --jsonl FILE or both");
    const sweep::ResultStore store(o->db, sweep::ResultStore::Access::read);
    const std::vector<sweep::Row> rows = store.rows();
    std::ostringstream buffered;  // stdout is written whole, after success
    if (!o->csv.empty())
      write_to(
          o->csv, [&](std::ostream& s) { sweep::write_csv(rows, s); }, buffered, "--csv");
    if (!o->jsonl.empty())
      write_to(
          o->jsonl, [&](std::ostream& s) { sweep::write_jsonl(rows, s); }, buffered, "--jsonl");
    ctx.out << buffered.str();
  });
}

void add_merge(CLI::App& sweep, const CommandContext& ctx) {
  struct Opts {
    std::string out;
    std::vector<std::string> inputs;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = sweep.add_subcommand("merge", "Join the results files of shards into one");
  cmd->add_option("out", o->out, "The merged results file (created or extended)")
      ->type_name("OUT.db")
      ->required();
  cmd->add_option("inputs", o->inputs, "Results files of shards")
      ->type_name("IN.db...")
      ->required();
  cmd->callback([o, ctx] {
    std::vector<std::unique_ptr<sweep::ResultStore>> inputs;
    for (const auto& in : o->inputs)
      inputs.push_back(std::make_unique<sweep::ResultStore>(in, sweep::ResultStore::Access::read));
    sweep::ResultStore target(o->out, sweep::ResultStore::Access::write);
    std::size_t taken = 0;
    for (const auto& in : inputs) taken += sweep::merge_results(target, *in);
    const sweep::StatusCounts c = target.counts();
    ctx.out << fmt::format(
        "merged {} finished point(s) from {} file(s) into {}: {} done, {} "
        "failed, {} pending\n",
        taken, inputs.size(), o->out, c.done, c.failed, c.pending);
  });
}

void add_plot(CLI::App& sweep, const CommandContext& ctx) {
  struct Opts {
    std::string db;
    PlotRequest req;
    bool roofline = false, pareto = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = sweep.add_subcommand("plot", "Draw sweep results (SVG, PNG or PDF) with matplotlib");
  cmd->add_option("results", o->db, "A results file of `kernbench sweep`")
      ->type_name("RESULTS.db")
      ->required();
  cmd->add_option("--x", o->req.x, "The x axis: a swept key or a figure")->type_name("NAME");
  cmd->add_option("--y", o->req.y, "The y axis: a figure or a swept key")->type_name("NAME");
  cmd->add_option("--group", o->req.group, "One series per value of NAME (or of NAME,NAME...)")
      ->type_name("NAME[,NAME...]");
  cmd->add_option("--kernel", o->req.kernel, "Only the points of this kernel")->type_name("KERNEL");
  cmd->add_option("--where", o->req.where,
                  "Only the points where COND holds, e.g. \"pe.count == 16\"")
      ->type_name("COND");
  cmd->add_option("--out", o->req.out, "The picture: .svg, .png or .pdf")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--title", o->req.title, "A title above the plot")->type_name("TEXT");
  cmd->add_flag("--roofline", o->roofline,
                "Achieved FLOP/s against arithmetic intensity with the peaks' ceilings");
  cmd->add_flag("--pareto", o->pareto, "Mark the Pareto front of --x and --y (both minimised)");
  cmd->callback([o, ctx] {
    PlotRequest req = o->req;
    if (o->roofline && o->pareto)
      throw UsageError(
          "sweep plot: --roofline and --pareto exclude "
          "each other");
    req.kind = o->roofline ? "roofline" : o->pareto ? "pareto" : "line";
    if (o->roofline) {
      if (!req.x.empty() || !req.y.empty())
        throw UsageError("sweep plot --roofline: the axes are fixed; expected no --x or --y");
      req.x = "arithmetic_intensity";
      req.y = "achieved_flops_per_s";
    } else if (req.x.empty() || req.y.empty()) {
      throw UsageError("sweep plot: expected --x NAME and --y NAME (or --roofline)");
    }
    const auto ext = std::filesystem::path(req.out).extension().string();
    if (ext != ".svg" && ext != ".png" && ext != ".pdf")
      throw UsageError(
          fmt::format("--out: `{}` has no picture suffix; expected .svg, .png or "
                      ".pdf",
                      req.out));
    const sweep::ResultStore store(o->db, sweep::ResultStore::Access::read);
    draw_plot(plot_data(store.rows(), req));
    ctx.out << fmt::format("wrote {}\n", req.out);
  });
}

}  // namespace

void add_sweep_command(CLI::App& root, const CommandContext& ctx) {
  auto o = std::make_shared<SweepCliOptions>();
  auto* cmd = root.add_subcommand(
      "sweep",
      "Run a design-space sweep (all cores, or MPI ranks) into SQLite; export, merge, plot");
  cmd->add_option("spec", o->spec, "The sweep spec (YAML, see docs/sweeps.md)")
      ->type_name("SPEC.yaml");
  cmd->add_option("--out", o->out, "The results file (SQLite)")
      ->type_name("RESULTS.db")
      ->default_str("results.db");
  cmd->add_option("--jobs", o->jobs, "Worker processes (default: every core)")->type_name("N");
  cmd->add_flag("--resume", o->resume, "Continue a sweep: skip the points already finished");
  cmd->add_option("--shard", o->shard, "Run shard I of N (0 <= I < N) only; join with merge")
      ->type_name("I/N");
  cmd->add_flag("--quiet", o->quiet, "No progress lines on stderr");
  cmd->require_subcommand(0, 1);
  add_export(*cmd, ctx);
  add_merge(*cmd, ctx);
  add_plot(*cmd, ctx);
  cmd->callback([o, ctx, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    if (o->spec.empty())
      throw UsageError("sweep: expected a spec file (SPEC.yaml) or one of export, merge, plot");
    // A sweep keeps its results in a transactional database and is resumed
    // by running it again; it (and the worker processes it forks) stops on
    // SIGINT/SIGTERM by the default action, not by polling (ADR 0046).
    restore_default_stop_handlers();
    run_sweep_command(ctx, *o);
  });
}

}  // namespace kernbench::app
