#include "trace/op_record.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

namespace kernbench::trace {

namespace {

constexpr std::array<std::string_view, kUnitCount> kUnitNames = {
    "cpu", "dma", "gemm", "math", "tcm", "fabric", "hbm", "cache", "host"};

constexpr std::array<std::string_view, kOpKindCount> kKindNames = {
    "DmaRead", "DmaWrite",   "Gemm",      "Math",        "Composite",
    "Barrier", "FabricXfer", "HbmAccess", "CacheAccess", "Launch"};

}  // namespace

std::string_view to_string(Unit unit) noexcept {
  const auto i = static_cast<std::size_t>(unit);
  return i < kUnitNames.size() ? kUnitNames[i] : std::string_view("unknown");
}

std::string_view to_string(OpKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

std::optional<Unit> parse_unit(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kUnitNames.size(); ++i) {
    if (kUnitNames[i] == name) return static_cast<Unit>(i);
  }
  return std::nullopt;
}

std::optional<OpKind> parse_op_kind(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<OpKind>(i);
  }
  return std::nullopt;
}

void OpRecord::add_dep(OpId producer) {
  if (num_deps >= kMaxDeps) {
    throw std::logic_error(fmt::format(
        "OpRecord::add_dep: record already holds {} producer ids (the maximum); keep the "
        "producers that finished last",
        kMaxDeps));
  }
  if (producer >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::logic_error(
        fmt::format("OpRecord::add_dep: producer id {} does not fit 32 bits", producer));
  }
  deps[num_deps++] = static_cast<std::uint32_t>(producer);
}

void OpRecord::add_operand(std::span<const std::uint64_t> shape, std::uint8_t dtype_code) {
  if (operands_out_of_line()) {
    throw std::logic_error(
        "OpRecord::add_operand: the operands are out of line; use OpLog::add_operand");
  }
  if (num_operands >= kMaxOperands) {
    throw std::logic_error(
        fmt::format("OpRecord::add_operand: record already holds {} operand shapes (the maximum)",
                    kMaxOperands));
  }
  if (shape.size() > kMaxRank) {
    throw std::logic_error(fmt::format(
        "OpRecord::add_operand: rank {} exceeds the inline maximum {} (OpLog::add_operand "
        "stores any rank)",
        shape.size(), kMaxRank));
  }
  auto& out = dims[num_operands];
  out = {};
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] > std::numeric_limits<std::uint32_t>::max()) {
      throw std::logic_error(fmt::format(
          "OpRecord::add_operand: dimension {} = {} does not fit 32 bits", d, shape[d]));
    }
    out[d] = static_cast<std::uint32_t>(shape[d]);
  }
  rank[num_operands] = static_cast<std::uint8_t>(shape.size());
  dtype[num_operands] = dtype_code;
  ++num_operands;
}

}  // namespace kernbench::trace
