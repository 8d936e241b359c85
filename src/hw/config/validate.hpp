#pragma once
/// \file
/// Cross-checks between parameters that single-value ranges cannot express.
/// Each failure names the level (`pe.tcm`, `fabric.mesh`, ...), the values
/// involved and what was expected; see docs/configuration.md for the list.

#include <string_view>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

/// Throws ConfigError "<origin>: <level>: <what is wrong>; expected <...>"
/// on the first violated cross-check, in table order of the levels.
void validate_config(const HwConfig& cfg, std::string_view origin);

}  // namespace kernbench::hw
