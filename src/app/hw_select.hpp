#pragma once
/// \file
/// Choosing the hardware for a command: a preset name or a YAML file, then
/// `--set path=value` overrides in order, then the cross-checks.
///
/// Errors (all hw::ConfigError, a std::runtime_error): an unknown preset name
/// says which presets exist and suggests the nearest ("did you mean"); a spec
/// that looks like a path (has a '/' or a .yaml/.yml suffix) but does not
/// exist says so; file, override and cross-check errors come from the
/// hw/config loader unchanged (they already name file:line, key and value).

#include <span>
#include <string>
#include <string_view>

#include "hw/config/hw_config.hpp"

namespace kernbench::app {

/// The preset used when a command is given no --hw.
inline constexpr std::string_view kDefaultHw = "npu-default";

/// Loads `spec` (preset or file) and applies `overrides` ("path=value").
hw::HwConfig select_hw(std::string_view spec, std::span<const std::string> overrides);

}  // namespace kernbench::app
