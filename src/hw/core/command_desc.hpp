#pragma once
/// @file command_desc.hpp
/// The hardware description of a command as the op log carries it (the JSON
/// Lines field `hw`, docs/trace-format.md): everything the timing model reads
/// from a hw::Command, so that a command list built from an op log re-creates
/// each command exactly (docs/command-list.md, ADR 0019).
///
/// Contract: describe() returns the text of one JSON object, keys in a fixed
/// order, integers printed exactly:
///   {"command":K,"t_queue":ps,"queue_seq":n,"start_seq":n,"tcm_bytes":B,
///    "spill_bytes":B, ...}
/// then by kind: DMA `"pattern":{...}` (contiguous {"addr","bytes"}, strided
/// {"addr","rows","row_bytes","stride"}, gather {"elem_bytes","addrs":[...]};
/// bytes and addresses), `"remote_pe"` when >= 0, `"staged"` / `"bypass_l1"`
/// when true; Gemm `"precision","m","n","k"`; Math and Reduce
/// `"precision","op","elements"`; Composite `"precision","parts":[...],
/// "elements"`; Barrier nothing more. The names are those of to_string() of
/// CommandKind, Precision, MathOp and ReduceOp; the parse_* functions invert
/// them (nullopt for an unknown name).

#include <optional>
#include <string>
#include <string_view>

#include "hw/config/hw_config.hpp"
#include "hw/core/command.hpp"
#include "hw/models/math_cost.hpp"

namespace kernbench::hw {

std::string describe(const Command& c);

std::string_view to_string(ReduceOp op);
std::optional<Precision> parse_precision(std::string_view name);
std::optional<MathOp> parse_math_op(std::string_view name);
std::optional<ReduceOp> parse_reduce_op(std::string_view name);

}  // namespace kernbench::hw
