// `kernbench hw`: inspect hardware descriptions and cost single commands.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "app/cli_options.hpp"
#include "app/commands.hpp"
#include "app/cost_dma.hpp"
#include "app/cost_gemm.hpp"
#include "app/cost_math.hpp"
#include "app/errors.hpp"
#include "app/hw_select.hpp"
#include "app/hw_show.hpp"
#include "app/names.hpp"
#include "hw/config/params.hpp"

namespace kernbench::app {
namespace {

/// Whole numbers only: CLI11 would otherwise wrap "-5" into 2^64 - 5.
const CLI::Validator kWholeNumber(
    [](std::string& text) -> std::string {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return "`" + text + "` is not a whole number; expected digits only, e.g. 64";
      std::uint64_t v = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc{} || ptr != text.data() + text.size())
        return "`" + text + "` is too large; expected at most 18446744073709551615";
      return {};
    },
    "", "whole number");

/// The options every command that needs hardware shares.
struct HwOptions {
  std::string spec{kDefaultHw};
  std::vector<std::string> sets;
  bool json = false;
};

void add_set_and_json(CLI::App& cmd, HwOptions& o) {
  add_set_option(cmd, o.sets);
  cmd.add_flag("--json", o.json, "Print JSON instead of text");
}

void add_hw_option(CLI::App& cmd, HwOptions& o) {
  cmd.add_option("--hw", o.spec, "Hardware: a preset name or a YAML file")
      ->type_name("PRESET|FILE")
      ->default_str(std::string(kDefaultHw));
  add_set_and_json(cmd, o);
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(2) + "\n";
}

void add_show(CLI::App& hw, const CommandContext& ctx) {
  auto o = std::make_shared<HwOptions>();
  auto* cmd = hw.add_subcommand(
      "show", "Topology and derived peaks (FLOP/s per dtype, bandwidths, ridge points)");
  cmd->add_option("hardware", o->spec, "A preset name (see `kernbench list`) or a YAML file")
      ->type_name("PRESET|FILE")
      ->default_str(std::string(kDefaultHw));
  add_set_and_json(*cmd, *o);
  cmd->callback([o, ctx] {
    const hw::HwConfig cfg = select_hw(o->spec, o->sets);
    ctx.out << (o->json ? dump(hw_show_json(cfg, o->sets)) : hw_show_text(cfg, o->sets));
  });
}

void add_describe(CLI::App& hw, const CommandContext& ctx) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = hw.add_subcommand(
      "describe", "Every hardware parameter: default, unit, allowed range, description");
  cmd->add_flag("--json", *json, "Print JSON instead of text");
  cmd->callback([json, ctx] {
    if (*json)
      // Re-serialised so every JSON output of kernbench has the same layout.
      ctx.out << dump(nlohmann::ordered_json::parse(hw::describe_json()));
    else
      ctx.out << hw::describe_text();
  });
}

struct GemmOptions {
  HwOptions hw;
  std::uint64_t m = 0, n = 0, k = 0;
  std::string dtype = "f16";
};

void add_cost_gemm(CLI::App& cost, const CommandContext& ctx) {
  auto o = std::make_shared<GemmOptions>();
  auto* cmd = cost.add_subcommand("gemm", "One GEMM (A: M x K, B: K x N) on the matrix unit");
  cmd->add_option("--M", o->m, "Rows of A and C")->required()->check(kWholeNumber);
  cmd->add_option("--N", o->n, "Columns of B and C")->required()->check(kWholeNumber);
  cmd->add_option("--K", o->k, "Reduction length (columns of A, rows of B)")
      ->required()
      ->check(kWholeNumber);
  cmd->add_option("--dtype", o->dtype, "Input dtype: f16, bf16, fp8, int8, tf32, f32")
      ->default_str("f16");
  add_hw_option(*cmd, o->hw);
  cmd->callback([o, ctx] {
    GemmCostRequest req;
    req.shape = {o->m, o->n, o->k};
    req.precision = parse_precision("--dtype", o->dtype);
    const hw::HwConfig cfg = select_hw(o->hw.spec, o->hw.sets);
    GemmCostReport r = cost_gemm(cfg, req);
    r.overrides = o->hw.sets;
    ctx.out << (o->hw.json ? dump(to_json(r)) : to_text(r));
  });
}

struct DmaOptions {
  HwOptions hw;
  std::uint64_t bytes = 0, rows = 0, row_bytes = 0, stride = 0, addr = 0;
  std::string source = "hbm";
};

void add_cost_dma(CLI::App& cost, const CommandContext& ctx) {
  auto o = std::make_shared<DmaOptions>();
  auto* cmd = cost.add_subcommand(
      "dma", "One DMA descriptor: --bytes N (1-D) or --rows R --row-bytes B [--stride S] (2-D)");
  auto* bytes = cmd->add_option("--bytes", o->bytes, "1-D: contiguous bytes")->check(kWholeNumber);
  auto* rows = cmd->add_option("--rows", o->rows, "2-D: number of rows")->check(kWholeNumber);
  auto* row_bytes =
      cmd->add_option("--row-bytes", o->row_bytes, "2-D: bytes per row")->check(kWholeNumber);
  auto* stride = cmd->add_option("--stride", o->stride,
                                 "2-D: bytes between row starts (default: --row-bytes, dense)")
                     ->check(kWholeNumber);
  cmd->add_option("--addr", o->addr, "Start address in bytes (burst alignment matters)")
      ->default_str("0")
      ->check(kWholeNumber);
  cmd->add_option("--source", o->source, "Where the data is read from: hbm or tcm")
      ->default_str("hbm");
  bytes->excludes(rows)->excludes(row_bytes)->excludes(stride);
  add_hw_option(*cmd, o->hw);
  cmd->callback([o, ctx, bytes, rows, row_bytes, stride] {
    DmaCostRequest req;
    req.source = parse_dma_source("--source", o->source);
    req.addr = o->addr;
    if (bytes->count() > 0) {
      req.row_bytes = o->bytes;
    } else if (rows->count() > 0 && row_bytes->count() > 0) {
      req.two_d = true;
      req.rows = o->rows;
      req.row_bytes = o->row_bytes;
      req.stride = stride->count() > 0 ? o->stride : o->row_bytes;
    } else {
      throw UsageError(
          "hw cost dma: expected --bytes N (1-D) or --rows R --row-bytes B [--stride S] (2-D)");
    }
    const hw::HwConfig cfg = select_hw(o->hw.spec, o->hw.sets);
    DmaCostReport r = cost_dma(cfg, req);
    r.overrides = o->hw.sets;
    ctx.out << (o->hw.json ? dump(to_json(r)) : to_text(r));
  });
}

struct MathOptions {
  HwOptions hw;
  std::string op, reduce;
  std::uint64_t elements = 0;
  std::string dtype = "f32";
};

void add_cost_math(CLI::App& cost, const CommandContext& ctx) {
  auto o = std::make_shared<MathOptions>();
  auto* cmd = cost.add_subcommand(
      "math", "One vector/math command: --op NAME or --reduce sum|max|min over --elements N");
  auto* op = cmd->add_option("--op", o->op,
                             "Elementwise op: add, sub, mul, fma, min, max, compare, select, "
                             "convert, abs, neg, exp, exp2, log, log2, sin, cos, tanh, sigmoid, "
                             "div, sqrt, rsqrt, reciprocal");
  auto* reduce = cmd->add_option("--reduce", o->reduce, "Reduction: sum, max or min");
  op->excludes(reduce);
  cmd->add_option("--elements", o->elements, "Number of input elements")
      ->required()
      ->check(kWholeNumber);
  cmd->add_option("--dtype", o->dtype, "Element dtype: f16, bf16, fp8, int8, tf32, f32")
      ->default_str("f32");
  add_hw_option(*cmd, o->hw);
  cmd->callback([o, ctx, op, reduce] {
    MathCostRequest req;
    if (op->count() > 0)
      req.op = parse_math_op("--op", o->op);
    else if (reduce->count() > 0)
      req.reduce = parse_reduce_op("--reduce", o->reduce);
    else
      throw UsageError("hw cost math: expected --op NAME or --reduce sum|max|min");
    req.elements = o->elements;
    req.precision = parse_precision("--dtype", o->dtype);
    const hw::HwConfig cfg = select_hw(o->hw.spec, o->hw.sets);
    MathCostReport r = cost_math(cfg, req);
    r.overrides = o->hw.sets;
    ctx.out << (o->hw.json ? dump(to_json(r)) : to_text(r));
  });
}

}  // namespace

void add_hw_command(CLI::App& root, const CommandContext& ctx) {
  auto* hw = root.add_subcommand("hw", "Inspect hardware descriptions and cost single commands");
  hw->require_subcommand(1);
  add_show(*hw, ctx);
  add_describe(*hw, ctx);
  auto* cost = hw->add_subcommand(
      "cost", "Cost of one command on an idle unit (cycles and exact picoseconds)");
  cost->require_subcommand(1);
  add_cost_gemm(*cost, ctx);
  add_cost_dma(*cost, ctx);
  add_cost_math(*cost, ctx);
}

}  // namespace kernbench::app
