// Fuzzes the command-list reader (`kernbench run LIST.jsonl|LIST.yaml`):
// the first byte picks the format (even: JSON Lines, odd: YAML), the rest is
// the text. Parsing only: .npy paths are recorded, not read. Only
// cmdlist::CommandListError may escape.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cmdlist/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using kernbench::cmdlist::Format;
  const Format format = (data[0] & 1) != 0 ? Format::yaml : Format::jsonl;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    (void)kernbench::cmdlist::parse_command_list_text(text, format, "fuzz",
                                                      "/nonexistent-kernbench-fuzz");
  } catch (const kernbench::cmdlist::CommandListError&) {
  }
  return 0;
}
