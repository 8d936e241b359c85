#include "hw/core/command.hpp"

#include "hw/core/command_desc.hpp"

#include <algorithm>
#include <span>
#include <type_traits>
#include <variant>

namespace kernbench::hw {

EngineKind engine_for(CommandKind k) {
  switch (k) {
    case CommandKind::dma_read:
    case CommandKind::dma_write:
      return EngineKind::dma;
    case CommandKind::gemm:
      return EngineKind::gemm;
    default:
      return EngineKind::math;
  }
}

trace::OpKind op_kind(CommandKind k) {
  switch (k) {
    case CommandKind::dma_read:
      return trace::OpKind::DmaRead;
    case CommandKind::dma_write:
      return trace::OpKind::DmaWrite;
    case CommandKind::gemm:
      return trace::OpKind::Gemm;
    case CommandKind::math:
    case CommandKind::reduce:
      return trace::OpKind::Math;
    case CommandKind::composite:
      return trace::OpKind::Composite;
    case CommandKind::barrier:
      return trace::OpKind::Barrier;
  }
  return trace::OpKind::Barrier;
}

namespace {
constexpr std::string_view kCommandKindNames[] = {"DmaRead", "DmaWrite",  "Gemm",   "Math",
                                                  "Reduce",  "Composite", "Barrier"};
}  // namespace

std::string_view to_string(CommandKind k) {
  return kCommandKindNames[static_cast<std::size_t>(k)];
}

std::optional<CommandKind> parse_command_kind(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kCommandKindNames); ++i) {
    if (kCommandKindNames[i] == name) return static_cast<CommandKind>(i);
  }
  return std::nullopt;
}

trace::Unit trace_unit(EngineKind e) {
  switch (e) {
    case EngineKind::dma:
      return trace::Unit::dma;
    case EngineKind::gemm:
      return trace::Unit::gemm;
    case EngineKind::math:
      return trace::Unit::math;
  }
  return trace::Unit::cpu;
}

}  // namespace kernbench::hw

namespace kernbench::hw {
namespace {

std::uint64_t memory_address(const AccessPattern& pattern) {
  return std::visit(
      [](const auto& p) -> std::uint64_t {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, Gather>) {
          return p.addrs.empty() ? 0 : p.addrs.front();
        } else {
          return p.addr;
        }
      },
      pattern);
}

/// The producers that finished last (they held the command back), at most
/// kMaxDeps, in id order; duplicates and producers without a record dropped.
/// Finish times are looked up only when there are more than kMaxDeps.
void add_gating_deps(trace::OpRecord& r, const trace::OpLog& log, const Command& c) {
  boost::container::small_vector<trace::OpId, 8> ids;
  for (const Completion& d : c.deps) {
    const trace::OpId id = d.value();
    if (id != kNoRecord && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (ids.size() > trace::OpRecord::kMaxDeps) {
    const auto later = [&log](trace::OpId a, trace::OpId b) {
      const std::uint64_t ta = log.by_id(a).t_end;
      const std::uint64_t tb = log.by_id(b).t_end;
      return ta != tb ? ta > tb : a > b;
    };
    std::partial_sort(ids.begin(), ids.begin() + trace::OpRecord::kMaxDeps, ids.end(), later);
    ids.resize(trace::OpRecord::kMaxDeps);
  }
  std::sort(ids.begin(), ids.end());
  for (const trace::OpId id : ids) r.add_dep(id);
}

}  // namespace

trace::OpId log_command(trace::OpLog& log, const Command& c, sim::Tick start, sim::Tick end, int pe,
                        EngineKind kind, int index) {
  trace::OpRecord r;
  r.program = c.program;
  r.t_issue = c.t_issue;
  r.t_start = start;
  r.t_end = end;
  r.pe = pe;
  r.unit = trace_unit(kind);
  r.unit_index = static_cast<std::uint16_t>(index);
  r.kind = op_kind(c.kind);
  r.name = c.name;
  r.bytes = c.bytes;
  r.flops = c.flops;
  r.changes_memory = c.changes_memory;
  r.acc_dtype = c.acc_dtype;
  r.axis = c.axis;
  if (c.keep_dims) r.flags |= trace::kKeepDims;
  if (c.has_result) r.flags |= trace::kHasResult;
  if (c.kind == CommandKind::dma_read) r.src_addr = memory_address(c.pattern);
  if (c.kind == CommandKind::dma_write) r.dst_addr = memory_address(c.pattern);
  for (const OperandInfo& o : c.operands) {
    log.add_operand(r, std::span<const std::uint64_t>(o.shape.data(), o.shape.size()), o.dtype);
  }
  add_gating_deps(r, log, c);
  const trace::OpId id = log.append(r);
  log.set_description(id, describe(c));
  return id;
}

}  // namespace kernbench::hw
