// Fuzzes the hardware-description loader (YAML text -> HwConfig). Any input
// must load or throw hw::ConfigError with a one-line-able message; anything
// else (another exception, a crash, a hang, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hw/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)kernbench::hw::load_config_text(text, "fuzz.yaml");
  } catch (const kernbench::hw::ConfigError&) {
    // the expected way to refuse
  }
  return 0;
}
