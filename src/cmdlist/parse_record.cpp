#include "cmdlist/parse_record.hpp"

#include <fmt/format.h>

#include "cmdlist/parse.hpp"
#include "hw/core/command_desc.hpp"

namespace kernbench::cmdlist::detail {
namespace {

constexpr std::uint64_t kMaxAddress = std::uint64_t{1} << 56;
// One descriptor moves at most 4 GiB in at most 2^24 rows (ADR 0048: an
// input never makes the simulator loop for hours).
constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 32;
constexpr std::uint64_t kMaxRows = std::uint64_t{1} << 24;

template <class T>
T named(const Entry& e, const std::string& field, std::optional<T> v, const char* expected) {
  if (!v) e.fail(field, fmt::format("`{}` is not {}", e.text(field), expected));
  return *v;
}

std::uint64_t bounded(const Entry& e, const std::string& field, std::uint64_t max) {
  const std::uint64_t v = e.uinteger(field);
  if (v > max) e.fail(field, fmt::format("expected at most {}", max));
  return v;
}

void parse_pattern(const Entry& p, RecordedCommand& r) {
  if (p.has("addrs")) {
    p.only({"elem_bytes", "addrs"});
    r.pattern = RecordedCommand::Pattern::gather;
    r.elem_bytes = bounded(p, "elem_bytes", 1 << 16);
    r.addrs = p.uints("addrs");
    for (const std::uint64_t a : r.addrs) {
      if (a > kMaxAddress) p.fail("addrs", "expected addresses below 2^56");
    }
    return;
  }
  r.addr = bounded(p, "addr", kMaxAddress);
  if (p.has("rows")) {
    p.only({"addr", "rows", "row_bytes", "stride"});
    r.pattern = RecordedCommand::Pattern::strided;
    r.rows = bounded(p, "rows", kMaxRows);
    r.row_bytes = bounded(p, "row_bytes", kMaxBytes);
    r.stride = bounded(p, "stride", kMaxAddress);
    return;
  }
  p.only({"addr", "bytes"});
  r.pattern = RecordedCommand::Pattern::contiguous;
  r.run_bytes = bounded(p, "bytes", kMaxBytes);
}

void parse_dma(const Entry& h, RecordedCommand& r) {
  h.only({"command", "t_queue", "queue_seq", "start_seq", "tcm_bytes", "spill_bytes", "pattern",
          "remote_pe", "staged", "bypass_l1"});
  parse_pattern(h.child("pattern"), r);
  if (h.has("remote_pe")) r.remote_pe = static_cast<std::int32_t>(bounded(h, "remote_pe", 1 << 20));
  r.staged = h.boolean("staged", false);
  r.bypass_l1 = h.boolean("bypass_l1", false);
}

void parse_compute(const Entry& h, RecordedCommand& r) {
  r.precision = named(h, "precision", hw::parse_precision(h.text("precision")), "a precision");
  if (r.kind == hw::CommandKind::gemm) {
    h.only({"command", "t_queue", "queue_seq", "start_seq", "tcm_bytes", "spill_bytes", "precision",
            "m", "n", "k"});
    r.m = bounded(h, "m", 1 << 24);
    r.n = bounded(h, "n", 1 << 24);
    r.k = bounded(h, "k", 1 << 24);
    return;
  }
  if (r.kind == hw::CommandKind::composite) {
    h.only({"command", "t_queue", "queue_seq", "start_seq", "tcm_bytes", "spill_bytes", "precision",
            "parts", "elements"});
    for (const std::string& p : h.strs("parts")) {
      const auto op = hw::parse_math_op(p);
      if (!op) h.fail("parts", fmt::format("`{}` is not a math op", p));
      r.parts.push_back(*op);
    }
  } else {
    h.only({"command", "t_queue", "queue_seq", "start_seq", "tcm_bytes", "spill_bytes", "precision",
            "op", "elements"});
    if (r.kind == hw::CommandKind::math) {
      r.math_op = named(h, "op", hw::parse_math_op(h.text("op")), "a math op");
    } else {
      r.reduce_op = named(h, "op", hw::parse_reduce_op(h.text("op")), "sum, max or min");
    }
  }
  r.elements = bounded(h, "elements", kMaxBytes);
}

void parse_hw(const Entry& h, RecordedCommand& r) {
  const std::string kind = h.str("command");
  r.kind = named(h, "command", hw::parse_command_kind(kind), "a command kind");
  r.t_queue = h.uinteger("t_queue");
  r.queue_seq = h.uinteger("queue_seq");
  r.start_seq = h.uinteger("start_seq");
  r.tcm_bytes = h.uinteger("tcm_bytes");
  r.spill_bytes = h.uinteger("spill_bytes");
  switch (r.kind) {
    case hw::CommandKind::dma_read:
    case hw::CommandKind::dma_write:
      parse_dma(h, r);
      break;
    case hw::CommandKind::barrier:
      h.only({"command", "t_queue", "queue_seq", "start_seq", "tcm_bytes", "spill_bytes"});
      break;
    default:
      parse_compute(h, r);
      break;
  }
}

void parse_operands(const Entry& e, RecordedCommand& r) {
  for (const Entry& o : e.children("operands")) {
    o.only({"shape", "dtype"});
    RecordedOperand op;
    for (const std::int64_t d : o.ints("shape")) {
      if (d < 0 || d > 0xFFFFFFFFll) o.fail("shape", "expected dimensions from 0 to 2^32 - 1");
      op.shape.push_back(static_cast<std::uint64_t>(d));
    }
    op.dtype = static_cast<std::uint8_t>(bounded(o, "dtype", 254));
    r.operands.push_back(std::move(op));
  }
}

CommandOp op_of(hw::CommandKind k) {
  switch (k) {
    case hw::CommandKind::dma_read:
      return CommandOp::dma_read;
    case hw::CommandKind::dma_write:
      return CommandOp::dma_write;
    case hw::CommandKind::gemm:
      return CommandOp::gemm;
    case hw::CommandKind::barrier:
      return CommandOp::barrier;
    default:
      return CommandOp::math;
  }
}

void parse_times(const Entry& e, RecordedCommand& r) {
  r.t_issue = e.uinteger("t_issue");
  if (r.t_queue > r.t_issue) {
    e.fail("hw", fmt::format("t_queue {} is after t_issue {}; a command is issued no earlier than "
                             "it enters its queue",
                             r.t_queue, r.t_issue));
  }
  // t_start and t_end are the recorded outcome, read only for their form.
  (void)e.uinteger("t_start");
  (void)e.uinteger("t_end");
}

}  // namespace

bool is_op_log_record(const Entry& e) {
  return e.has("t_start");
}

std::optional<CommandSpec> parse_record(const Entry& e) {
  e.only(record_fields());
  const std::string kind = e.str("kind");
  const auto op_kind = trace::parse_op_kind(kind);
  if (!op_kind) e.fail("kind", fmt::format("`{}` is not an op-log record kind", kind));
  if (*op_kind > trace::OpKind::Barrier) return std::nullopt;  // memory-side transactions
  if (!e.has("hw")) {
    e.fail("hw",
           "missing: an op-log record replays only with the hardware description that "
           "`--oplog` writes (write the op log again with this version)");
  }
  CommandSpec c;
  c.at = e.at();
  c.id = e.integer("id", 0);
  c.pe = static_cast<int>(bounded(e, "pe", 1 << 20));
  c.deps = e.ints("deps");
  c.name = e.text("name");
  RecordedCommand r;
  const auto unit = trace::parse_unit(e.str("unit"));
  if (!unit) e.fail("unit", fmt::format("`{}` is not a unit", e.text("unit")));
  r.unit = *unit;
  const std::int64_t program = e.integer("program", -1);
  r.program = program;
  r.bytes = e.uinteger("bytes");
  r.flops = e.uinteger("flops");
  parse_hw(e.child("hw"), r);
  parse_times(e, r);
  if (hw::op_kind(r.kind) != *op_kind) {
    e.fail("kind", fmt::format("`{}` does not match hw.command `{}`", kind, hw::to_string(r.kind)));
  }
  if (hw::trace_unit(hw::engine_for(r.kind)) != r.unit) {
    e.fail("unit",
           fmt::format("a {} runs on the {} engine, not `{}`", hw::to_string(r.kind),
                       trace::to_string(hw::trace_unit(hw::engine_for(r.kind))), e.text("unit")));
  }
  parse_operands(e, r);
  r.changes_memory = e.boolean("changes_memory", false);
  r.has_result = e.boolean("has_result", false);
  r.keep_dims = e.boolean("keep_dims", false);
  if (const auto d = e.opt_integer("acc_dtype", 0, 254))
    r.acc_dtype = static_cast<std::uint8_t>(*d);
  if (const auto a = e.opt_integer("axis", 0, 127)) r.axis = static_cast<std::int8_t>(*a);
  c.op = op_of(r.kind);
  c.recorded = std::move(r);
  return c;
}

}  // namespace kernbench::cmdlist::detail
