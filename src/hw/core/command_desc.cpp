#include "hw/core/command_desc.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iterator>
#include <type_traits>
#include <variant>

namespace kernbench::hw {
namespace {

using Out = std::back_insert_iterator<fmt::memory_buffer>;

void put_pattern(Out out, const AccessPattern& pattern) {
  std::visit(
      [&](const auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, Contiguous>) {
          fmt::format_to(out, R"(,"pattern":{{"addr":{},"bytes":{}}})", p.addr, p.bytes);
        } else if constexpr (std::is_same_v<P, Strided2D>) {
          fmt::format_to(out, R"(,"pattern":{{"addr":{},"rows":{},"row_bytes":{},"stride":{}}})",
                         p.addr, p.rows, p.row_bytes, p.stride);
        } else {
          fmt::format_to(out, R"(,"pattern":{{"elem_bytes":{},"addrs":[{}]}})", p.elem_bytes,
                         fmt::join(p.addrs, ","));
        }
      },
      pattern);
}

void put_kind_fields(Out out, const Command& c) {
  switch (c.kind) {
    case CommandKind::dma_read:
    case CommandKind::dma_write:
      put_pattern(out, c.pattern);
      if (c.remote_pe >= 0) fmt::format_to(out, R"(,"remote_pe":{})", c.remote_pe);
      if (c.staged) fmt::format_to(out, R"(,"staged":true)");
      if (c.bypass_l1) fmt::format_to(out, R"(,"bypass_l1":true)");
      break;
    case CommandKind::gemm:
      fmt::format_to(out, R"(,"precision":"{}","m":{},"n":{},"k":{})", to_string(c.precision),
                     c.gemm.m, c.gemm.n, c.gemm.k);
      break;
    case CommandKind::math:
      fmt::format_to(out, R"(,"precision":"{}","op":"{}","elements":{})", to_string(c.precision),
                     to_string(c.math_op), c.elements);
      break;
    case CommandKind::reduce:
      fmt::format_to(out, R"(,"precision":"{}","op":"{}","elements":{})", to_string(c.precision),
                     to_string(c.reduce_op), c.elements);
      break;
    case CommandKind::composite:
      fmt::format_to(out, R"(,"precision":"{}","parts":[)", to_string(c.precision));
      for (std::size_t i = 0; i < c.parts.size(); ++i) {
        fmt::format_to(out, R"({}"{}")", i == 0 ? "" : ",", to_string(c.parts[i]));
      }
      fmt::format_to(out, R"(],"elements":{})", c.elements);
      break;
    case CommandKind::barrier:
      break;
  }
}

template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (to_string(static_cast<E>(i)) == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string describe(const Command& c) {
  fmt::memory_buffer buf;
  const Out out(buf);
  fmt::format_to(out,
                 R"({{"command":"{}","t_queue":{},"queue_seq":{},"start_seq":{},"tcm_bytes":{},)"
                 R"("spill_bytes":{})",
                 to_string(c.kind), c.t_queue, c.queue_seq, c.start_seq, c.tcm_bytes,
                 c.spill_bytes);
  put_kind_fields(out, c);
  buf.push_back('}');
  return fmt::to_string(buf);
}

std::string_view to_string(ReduceOp op) {
  constexpr std::string_view kNames[] = {"sum", "max", "min"};
  return kNames[static_cast<std::size_t>(op)];
}

std::optional<Precision> parse_precision(std::string_view name) {
  return parse_enum<Precision, 6>(name);
}

std::optional<MathOp> parse_math_op(std::string_view name) {
  return parse_enum<MathOp, static_cast<std::size_t>(MathOp::reciprocal) + 1>(name);
}

std::optional<ReduceOp> parse_reduce_op(std::string_view name) {
  return parse_enum<ReduceOp, 3>(name);
}

}  // namespace kernbench::hw
