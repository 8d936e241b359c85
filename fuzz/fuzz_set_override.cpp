// Fuzzes `--set path=value` parsing: each input line is one override applied
// to the default configuration, then the cross-checks run (as the CLI does).
// Only hw::ConfigError may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hw/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  kernbench::hw::HwConfig cfg = kernbench::hw::default_hw_config();
  try {
    kernbench::hw::apply_overrides(cfg, lines);
  } catch (const kernbench::hw::ConfigError&) {
  }
  return 0;
}
