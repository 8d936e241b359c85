#pragma once
/// @file parse.hpp
/// Reads a command list (docs/command-list.md, schemas/command-list.schema.json)
/// from JSON Lines (`.jsonl`, one entry per line; blank lines skipped) or YAML
/// (`.yaml` / `.yml`, a sequence of entries).
///
/// Contract: every error is a CommandListError whose message starts with
/// "FILE:LINE: " and names the field and what was expected, e.g.
/// "list.jsonl:4: field `shape`: expected a list of whole numbers >= 1".
/// Checked here: the kind, required and unknown fields, value types, unique
/// ids, deps naming earlier ids, allocation names (unique; referenced ones
/// exist), math op names and operand counts. What depends on the hardware (PE
/// index, TCM ranges) is checked by the executor, with the same locations.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cmdlist/command_list.hpp"

namespace kernbench::cmdlist {

class CommandListError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Format { jsonl, yaml };

/// The fields an entry of `kind` accepts ("Alloc", "DmaRead", ...), in
/// documentation order; empty for an unknown kind. The JSON Schema lists the
/// same (a test keeps them equal).
const std::vector<std::string>& accepted_fields(std::string_view kind);

/// The fields of an op-log record read as an entry (docs/trace-format.md),
/// in the op log's order; the JSON Schema's `Record` lists the same.
const std::vector<std::string>& record_fields();

/// True when `path` names a command list by its extension (.jsonl, .yaml, .yml).
bool is_command_list_path(std::string_view path);

/// The largest command-list file read (only regular files are read).
inline constexpr std::uint64_t kMaxCommandListBytes = 256ull << 20;

/// Parses the file at `path` (format from the extension).
CommandList parse_command_list(const std::string& path);

/// Parses `text`; `origin` names it in errors, relative .npy paths resolve
/// against `base_dir`.
CommandList parse_command_list_text(std::string_view text, Format format, const std::string& origin,
                                    const std::filesystem::path& base_dir);

}  // namespace kernbench::cmdlist
