#pragma once
/// \file
/// `kernbench list`: what can be run. Two independent sections, so the
/// kernel section can grow (parameters, tags, ...) without touching presets.

#include <string>

#include <nlohmann/json.hpp>

#include "app/kernel_catalog.hpp"
#include "app/presets_info.hpp"

namespace kernbench::app {

/// "presets:\n  name   description\n..." with names padded to one column.
std::string presets_text(const std::vector<PresetInfo>& presets);
/// "kernels:\n  name   description\n..." or a line saying none are built in.
std::string kernels_text(const KernelCatalog& kernels);

/// {"presets": [{name, description}...], "kernels": [{name, description}...]}
nlohmann::ordered_json list_json(const std::vector<PresetInfo>& presets,
                                 const KernelCatalog& kernels);

}  // namespace kernbench::app
