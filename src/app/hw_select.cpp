#include "app/hw_select.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "hw/config/loader.hpp"
#include "util/clip.hpp"
#include "util/read_file.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

bool looks_like_path(std::string_view spec) {
  return spec.find('/') != std::string_view::npos || spec.ends_with(".yaml") ||
         spec.ends_with(".yml");
}

}  // namespace

hw::HwConfig select_hw(std::string_view spec, std::span<const std::string> overrides) {
  const std::vector<std::string> presets = hw::preset_names();
  const bool is_preset = std::find(presets.begin(), presets.end(), spec) != presets.end();
  // The loader's own message for a missing name lists the presets but cannot
  // tell a mistyped preset from a mistyped path; here we can.
  bool exists = false;
  try {
    exists = util::path_exists(std::filesystem::path(spec), "hardware description");
  } catch (const util::InputFileError& e) {
    throw hw::ConfigError(e.what());  // a symbolic-link loop, a permission error
  }
  if (!is_preset && !exists) {
    const std::string shown = util::clip(spec);
    if (looks_like_path(spec))
      throw hw::ConfigError(
          fmt::format("hardware file `{}` does not exist; expected a readable YAML file or a "
                      "preset ({})",
                      shown, util::join_names(presets)));
    // "key=value" where hardware was expected is a --set missing its flag.
    if (spec.find('=') != std::string_view::npos)
      throw hw::ConfigError(fmt::format(
          "unknown preset `{}` (did you mean `--set {}`?); expected one of {} or a YAML file",
          shown, shown, util::join_names(presets)));
    throw hw::ConfigError(fmt::format("unknown preset `{}`{}; expected one of {} or a YAML file",
                                      shown, util::did_you_mean_suffix(spec, presets),
                                      util::join_names(presets)));
  }
  hw::HwConfig cfg = hw::load_hw(spec);
  hw::apply_overrides(cfg, overrides);
  return cfg;
}

}  // namespace kernbench::app
