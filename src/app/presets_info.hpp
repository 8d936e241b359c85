#pragma once
/// \file
/// One-line descriptions of the built-in hardware presets for `kernbench list`.
///
/// The description is the value of a top-level `description:` key if the
/// YAML has one, else the first comment line with a leading "<name>:" removed
/// ("# h200: NVIDIA H200 SXM ..." -> "NVIDIA H200 SXM ..."), else "".

#include <string>
#include <string_view>
#include <vector>

namespace kernbench::app {

struct PresetInfo {
  std::string name;
  std::string description;
};

/// Description of one preset from its YAML text (pure; see above).
std::string preset_description(std::string_view name, std::string_view yaml_text);

/// Every built-in preset, sorted by name.
std::vector<PresetInfo> preset_infos();

}  // namespace kernbench::app
