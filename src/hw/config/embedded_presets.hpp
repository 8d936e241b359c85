#pragma once
/// \file
/// Preset YAML texts compiled into the library (generated from configs/*.yaml
/// by embed_presets.cmake). Internal to the loader; immutable data only.

#include <span>
#include <string_view>

namespace kernbench::hw::detail {

/// One embedded preset: its name (file stem), the source path it was read
/// from (used in error messages) and the file text.
struct EmbeddedPreset {
  std::string_view name;
  std::string_view source_path;
  std::string_view text;
};

/// All presets, sorted by name.
std::span<const EmbeddedPreset> embedded_presets();

}  // namespace kernbench::hw::detail
