#pragma once
/// \file
/// `kernbench hw show`: the topology and derived peaks of one configuration.
///
/// Peaks come from hw::compute_peaks (see hw/config/peaks.hpp for the
/// formulas; a multiply-add is 2 FLOP). The text form is for people (aligned
/// columns, SI prefixes); the JSON form is for scripts and carries base units
/// only: Hz, bytes, bytes/s, FLOP/s, FLOP per HBM byte, cycles, ps.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/config/hw_config.hpp"

namespace kernbench::app {

/// `overrides` are the --set assignments already applied to `cfg`, listed
/// in the report so a reader knows the numbers are not the plain preset's.
std::string hw_show_text(const hw::HwConfig& cfg, const std::vector<std::string>& overrides = {});
nlohmann::ordered_json hw_show_json(const hw::HwConfig& cfg,
                                    const std::vector<std::string>& overrides = {});

}  // namespace kernbench::app
