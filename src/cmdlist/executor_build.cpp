// Executor: one CommandSpec -> one hw::Command with its timing inputs, its
// op-log description and (data mode) its data effect.
#include <fmt/format.h>

#include <numeric>

#include "cmdlist/executor.hpp"
#include "cmdlist/math_ops.hpp"
#include "cmdlist/parse.hpp"
#include "data/dot.hpp"
#include "data/elementwise.hpp"
#include "data/reduce.hpp"

namespace kernbench::cmdlist {
namespace {

[[noreturn]] void fail(const SourceLoc& at, const std::string& field, const std::string& msg) {
  throw CommandListError(fmt::format("{}: field `{}`: {}", at.to_string(), field, msg));
}

hw::Precision precision_of(data::DType t) {
  switch (t) {
    case data::DType::f16:
      return hw::Precision::f16;
    case data::DType::bf16:
      return hw::Precision::bf16;
    case data::DType::f8e4m3:
    case data::DType::f8e5m2:
      return hw::Precision::fp8;
    case data::DType::i8:
    case data::DType::u8:
    case data::DType::boolean:
      return hw::Precision::int8;
    default:
      return hw::Precision::f32;
  }
}

std::uint64_t bytes_of(const data::Shape& s, data::DType t) {
  return static_cast<std::uint64_t>(s.numel()) * data::size_of(t);
}

hw::OperandInfo operand(const data::Shape& s, data::DType t) {
  return {{s.begin(), s.end()}, static_cast<std::uint8_t>(t)};
}

/// Strides of `c` in elements (row-major when not given).
std::vector<std::int64_t> strides_of(const CommandSpec& c) {
  if (!c.mem_strides.empty()) return c.mem_strides;
  std::vector<std::int64_t> s(static_cast<std::size_t>(c.shape.rank()), 1);
  for (int d = c.shape.rank() - 2; d >= 0; --d) {
    s[static_cast<std::size_t>(d)] = s[static_cast<std::size_t>(d) + 1] * c.shape[d + 1];
  }
  return s;
}

/// Byte address of every element of the tile, row-major.
std::vector<std::uint64_t> element_addresses(const CommandSpec& c, std::uint64_t base) {
  const std::vector<std::int64_t> st = strides_of(c);
  const std::uint64_t elem = data::size_of(c.dtype);
  std::vector<std::uint64_t> out(static_cast<std::size_t>(c.shape.numel()));
  std::vector<std::int64_t> idx(static_cast<std::size_t>(c.shape.rank()), 0);
  for (std::uint64_t& a : out) {
    std::int64_t off = 0;
    for (std::size_t d = 0; d < idx.size(); ++d) off += idx[d] * st[d];
    a = base + static_cast<std::uint64_t>(off) * elem;
    for (int d = c.shape.rank() - 1; d >= 0; --d) {
      if (++idx[static_cast<std::size_t>(d)] < c.shape[d]) break;
      idx[static_cast<std::size_t>(d)] = 0;
    }
  }
  return out;
}

/// The cheapest descriptor of the tile: one run, rows at a stride, or a gather.
hw::AccessPattern pattern_of(const CommandSpec& c, std::uint64_t base, hw::Command& cmd) {
  const std::uint64_t elem = data::size_of(c.dtype);
  const std::vector<std::int64_t> st = strides_of(c);
  const std::vector<std::int64_t> dense = [&] {
    CommandSpec d = c;
    d.mem_strides.clear();
    return strides_of(d);
  }();
  if (st == dense) return hw::Contiguous{base, bytes_of(c.shape, c.dtype)};
  if (c.shape.rank() == 2 && st[1] == 1) {
    return hw::Strided2D{base, static_cast<std::uint64_t>(c.shape[0]),
                         static_cast<std::uint64_t>(c.shape[1]) * elem,
                         static_cast<std::uint64_t>(st[0]) * elem};
  }
  cmd.gather_addrs = element_addresses(c, base);
  return hw::Gather{cmd.gather_addrs, elem};
}

}  // namespace

hw::CommandPtr Executor::build(const CommandSpec& c) {
  auto cmd = std::make_unique<hw::Command>();
  for (const std::int64_t d : c.deps) cmd->deps.push_back(done_[index_of_id_.at(d)]);
  cmd->done = done_[index_of_id_.at(c.id)];
  if (c.recorded) {
    build_recorded(*c.recorded, *cmd);
    cmd->name = chip_->name_id(c.name);
    return cmd;
  }
  switch (c.op) {
    case CommandOp::dma_read:
    case CommandOp::dma_write:
      build_dma(c, *cmd);
      break;
    case CommandOp::gemm:
      build_gemm(c, *cmd);
      break;
    case CommandOp::math:
      build_math(c, *cmd);
      break;
    case CommandOp::barrier:
      cmd->kind = hw::CommandKind::barrier;
      break;
  }
  const char* fallback[] = {"DmaRead", "DmaWrite", "Gemm", "Math", "Barrier"};
  cmd->name = chip_->name_id(
      c.name.empty() ? (c.op == CommandOp::math ? c.math_op : fallback[static_cast<int>(c.op)])
                     : c.name);
  return cmd;
}

void Executor::build_dma(const CommandSpec& c, hw::Command& cmd) {
  const bool read = c.op == CommandOp::dma_read;
  cmd.kind = read ? hw::CommandKind::dma_read : hw::CommandKind::dma_write;
  const AllocSpec& a = *alloc_spec_.at(c.mem);
  const std::uint64_t elem = data::size_of(c.dtype);
  const std::vector<std::int64_t> st = strides_of(c);
  std::uint64_t last = 0;  // offset of the last element, in elements
  for (int d = 0; d < c.shape.rank(); ++d) {
    last += static_cast<std::uint64_t>((c.shape[d] - 1) * st[static_cast<std::size_t>(d)]);
  }
  const std::uint64_t alloc_bytes = bytes_of(a.shape, a.dtype);
  if (c.mem_offset + (last + 1) * elem > alloc_bytes) {
    fail(c.at, "shape",
         fmt::format("the tile reaches byte {} of allocation `{}`, which has {} bytes",
                     c.mem_offset + (last + 1) * elem, c.mem, alloc_bytes));
  }
  const std::uint64_t tile = bytes_of(c.shape, c.dtype);
  check_tcm(c, "tcm_addr", c.tcm_addr, tile);
  const std::uint64_t base = alloc_addr_.at(c.mem) + c.mem_offset;
  cmd.pattern = pattern_of(c, base, cmd);
  cmd.bytes = tile;
  cmd.tcm_bytes = tile;
  cmd.changes_memory = true;
  cmd.operands.push_back(operand(c.shape, c.dtype));
  cmd.has_result = read;
  if (!data_) return;
  auto addrs = std::make_shared<const std::vector<std::uint64_t>>(element_addresses(c, base));
  data::MemoryStore* tcm_mem = &tcm(c.pe);
  const std::uint64_t tcm_at = tcm_base(c.pe) + c.tcm_addr;
  data::MemoryStore* mem = &memory_;
  const data::Shape shape = c.shape;
  const data::DType dt = c.dtype;
  if (read) {
    cmd.effect = [=](const hw::Command&) {
      tcm_mem->upload(tcm_at, mem->gather(*addrs, dt, shape));
    };
  } else {
    cmd.effect = [=](const hw::Command&) {
      mem->scatter(*addrs, tcm_mem->download(tcm_at, shape, dt));
    };
  }
}

void Executor::build_gemm(const CommandSpec& c, hw::Command& cmd) {
  cmd.kind = hw::CommandKind::gemm;
  const auto shape = [&c](std::uint64_t rows, std::uint64_t cols, const char* field) {
    try {
      return data::Shape{static_cast<std::int64_t>(rows), static_cast<std::int64_t>(cols)};
    } catch (const std::exception& e) {
      fail(c.at, field, e.what());
    }
  };
  const data::Shape sa = shape(c.m, c.k, "K");
  const data::Shape sb = shape(c.k, c.n, "N");
  const data::Shape sc = shape(c.m, c.n, "M");
  check_tcm(c, "a", c.a, bytes_of(sa, c.dtype));
  check_tcm(c, "b", c.b, bytes_of(sb, c.dtype));
  check_tcm(c, "c", c.c, bytes_of(sc, c.out_dtype));
  if (c.acc) check_tcm(c, "acc", *c.acc, bytes_of(sc, c.out_dtype));
  try {
    (void)data::dot_result_dtype(c.dtype, c.dtype, std::nullopt, c.out_dtype);
  } catch (const std::exception& e) {
    fail(c.at, "out_dtype", e.what());
  }
  cmd.gemm = {c.m, c.n, c.k};
  cmd.precision = precision_of(c.dtype);
  cmd.flops = 2 * c.m * c.n * c.k;
  cmd.tcm_bytes = bytes_of(sa, c.dtype) + bytes_of(sb, c.dtype);
  cmd.bytes = cmd.tcm_bytes + bytes_of(sc, c.out_dtype) * (c.acc ? 2 : 1);
  cmd.changes_memory = true;
  cmd.acc_dtype = static_cast<std::uint8_t>(c.out_dtype);
  cmd.operands = {operand(sa, c.dtype), operand(sb, c.dtype)};
  if (c.acc) cmd.operands.push_back(operand(sc, c.out_dtype));
  cmd.operands.push_back(operand(sc, c.out_dtype));
  cmd.has_result = true;
  if (!data_) return;
  data::MemoryStore* t = &tcm(c.pe);
  const std::uint64_t base = tcm_base(c.pe);
  cmd.effect = [=, spec = &c](const hw::Command&) {
    const data::Array a = t->download(base + spec->a, sa, spec->dtype);
    const data::Array b = t->download(base + spec->b, sb, spec->dtype);
    data::Array out;
    if (spec->acc) {
      const data::Array acc = t->download(base + *spec->acc, sc, spec->out_dtype);
      out = data::dot(a, b, &acc, spec->out_dtype);
    } else {
      out = data::dot(a, b, nullptr, spec->out_dtype);
    }
    t->upload(base + spec->c, out);
  };
}

void Executor::build_math(const CommandSpec& c, hw::Command& cmd) {
  const MathOpInfo op = *math_op_info(c.math_op, c.inputs.size());
  data::Shape out_shape = c.shape;
  data::DType out_dtype = c.dtype;
  try {
    if (op.kind == MathKind::unary) out_dtype = data::unary_result_dtype(op.unary, c.dtype);
    if (op.kind == MathKind::binary)
      out_dtype = data::binary_result_dtype(op.binary, c.dtype, c.dtype);
    if (op.kind == MathKind::reduce) {
      out_dtype = data::reduce_result_dtype(op.reduce, c.dtype);
      out_shape = data::reduce_result_shape(c.shape, c.axis, c.keep_dims);
    }
  } catch (const std::exception& e) {
    fail(c.at, "dtype", e.what());
  }
  for (const std::uint64_t in : c.inputs) check_tcm(c, "inputs", in, bytes_of(c.shape, c.dtype));
  check_tcm(c, "out", c.out, bytes_of(out_shape, out_dtype));
  cmd.kind = op.kind == MathKind::reduce ? hw::CommandKind::reduce : hw::CommandKind::math;
  cmd.math_op = op.engine_op;
  cmd.reduce_op = op.engine_reduce;
  cmd.precision = precision_of(c.dtype);
  cmd.elements = static_cast<std::uint64_t>(c.shape.numel());
  cmd.flops = cmd.elements;
  cmd.bytes = bytes_of(c.shape, c.dtype) * c.inputs.size() + bytes_of(out_shape, out_dtype);
  cmd.tcm_bytes = cmd.bytes;
  cmd.changes_memory = true;
  for (std::size_t i = 0; i < c.inputs.size(); ++i)
    cmd.operands.push_back(operand(c.shape, c.dtype));
  cmd.operands.push_back(operand(out_shape, out_dtype));
  cmd.has_result = true;
  if (c.axis) cmd.axis = static_cast<std::int8_t>(*c.axis);
  cmd.keep_dims = c.keep_dims;
  if (!data_) return;
  data::MemoryStore* t = &tcm(c.pe);
  const std::uint64_t base = tcm_base(c.pe);
  cmd.effect = [=, spec = &c](const hw::Command&) {
    const data::Array x = t->download(base + spec->inputs[0], spec->shape, spec->dtype);
    data::Array out;
    if (op.kind == MathKind::unary) out = data::unary(op.unary, x);
    if (op.kind == MathKind::reduce) out = data::reduce(op.reduce, x, spec->axis, spec->keep_dims);
    if (op.kind == MathKind::binary) {
      out =
          data::binary(op.binary, x, t->download(base + spec->inputs[1], spec->shape, spec->dtype));
    }
    t->upload(base + spec->out, out);
  };
}

}  // namespace kernbench::cmdlist

namespace kernbench::cmdlist {

void Executor::build_recorded(const RecordedCommand& r, hw::Command& cmd) {
  cmd.kind = r.kind;
  cmd.program = r.program;
  cmd.bytes = r.bytes;
  cmd.flops = r.flops;
  cmd.tcm_bytes = r.tcm_bytes;
  cmd.spill_bytes = r.spill_bytes;
  cmd.remote_pe = r.remote_pe;
  cmd.staged = r.staged;
  cmd.bypass_l1 = r.bypass_l1;
  switch (r.pattern) {
    case RecordedCommand::Pattern::contiguous:
      cmd.pattern = hw::Contiguous{r.addr, r.run_bytes};
      break;
    case RecordedCommand::Pattern::strided:
      cmd.pattern = hw::Strided2D{r.addr, r.rows, r.row_bytes, r.stride};
      break;
    case RecordedCommand::Pattern::gather:
      cmd.gather_addrs = r.addrs;
      cmd.pattern = hw::Gather{cmd.gather_addrs, r.elem_bytes};
      break;
  }
  cmd.precision = r.precision;
  cmd.gemm = hw::GemmShape{r.m, r.n, r.k};
  cmd.elements = r.elements;
  cmd.math_op = r.math_op;
  cmd.reduce_op = r.reduce_op;
  cmd.parts = r.parts;
  cmd.changes_memory = r.changes_memory;
  cmd.has_result = r.has_result;
  cmd.keep_dims = r.keep_dims;
  cmd.acc_dtype = r.acc_dtype;
  cmd.axis = r.axis;
  if (log_.wants(trace::TraceLevel::commands)) {
    for (const RecordedOperand& o : r.operands)
      cmd.operands.push_back({{o.shape.begin(), o.shape.end()}, o.dtype});
  }
}

}  // namespace kernbench::cmdlist
