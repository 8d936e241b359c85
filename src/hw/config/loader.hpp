#pragma once
/// \file
/// Loading hardware descriptions: YAML files, built-in presets, overrides.
///
/// Order of application: defaults from the parameter table, then the chain of
/// `base:` descriptions (outermost last), then the file's own keys, then
/// command-line overrides, then the cross-checks (validate_config).
/// Every user error throws ConfigError whose message starts with
/// "<file>:<line>:<column>: <yaml.path>: " (1-based line and column) and says
/// which value was given and what was expected; unknown keys get a
/// "did you mean `...`?" suggestion. Presets are compiled into the library,
/// so they load from any working directory.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hw/config/hw_config.hpp"
#include "hw/config/params.hpp"
#include "hw/config/validate.hpp"

namespace kernbench::hw {

/// The largest hardware description file read; only regular files are read
/// (util::read_regular_file: a directory, /dev/zero, a FIFO are refused).
inline constexpr std::uint64_t kMaxConfigFileBytes = 1ull << 20;

/// Loads and validates a YAML file. `base:` paths resolve relative to it.
HwConfig load_config_file(const std::filesystem::path& path);

/// Loads and validates YAML text; `origin` names it in messages, and relative
/// `base:` paths resolve against the current directory.
HwConfig load_config_text(std::string_view yaml, std::string_view origin);

/// Loads a built-in preset by name ("npu-default", "h200").
HwConfig load_preset(std::string_view name);

/// `spec` is a preset name or a path to a YAML file. A preset name that is
/// also an existing file (or directory) is refused as ambiguous.
HwConfig load_hw(std::string_view spec);

/// Applies one "path=value" override (e.g. "pe.tcm.size=2MiB"); checks the
/// value's type and range but not the cross-checks (call validate_config
/// after the last override, or use apply_overrides).
void apply_override(HwConfig& cfg, std::string_view assignment);

/// Applies every override in order, then runs the cross-checks.
void apply_overrides(HwConfig& cfg, std::span<const std::string> assignments);

/// Names of the built-in presets, sorted.
std::vector<std::string> preset_names();

/// The YAML text of a built-in preset (for `kernbench hw show --yaml`).
std::string_view preset_text(std::string_view name);

}  // namespace kernbench::hw
