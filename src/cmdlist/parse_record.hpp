#pragma once
/// @file parse_record.hpp
/// An op-log record (docs/trace-format.md) read as a command-list entry: the
/// command exactly as the hardware model executed it, from the record's
/// fields and its `hw` description. Internal to the parser.
///
/// Contract: an entry is an op-log record when it has `t_start`. Records of
/// the memory side (`FabricXfer`, `HbmAccess`, and the unused `CacheAccess`,
/// `Launch`) are consequences of commands, not commands: nullopt (skipped).
/// A command record must carry `hw` (op logs of this version do); every
/// error names the line and the field (`hw.pattern.addr`).

#include <optional>

#include "cmdlist/command_list.hpp"
#include "cmdlist/entry.hpp"

namespace kernbench::cmdlist::detail {

bool is_op_log_record(const Entry& e);
std::optional<CommandSpec> parse_record(const Entry& e);

}  // namespace kernbench::cmdlist::detail
