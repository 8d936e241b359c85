#include "app/list_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kernbench::app {
namespace {

template <class Entry>
std::string table(const std::vector<Entry>& entries) {
  std::size_t width = 0;
  for (const auto& e : entries) width = std::max(width, e.name.size());
  std::string out;
  for (const auto& e : entries) out += fmt::format("  {:<{}}  {}\n", e.name, width, e.description);
  return out;
}

}  // namespace

std::string presets_text(const std::vector<PresetInfo>& presets) {
  return "presets (use with --hw NAME or `kernbench hw show NAME`):\n" + table(presets);
}

std::string kernels_text(const KernelCatalog& kernels) {
  if (kernels.entries().empty()) return "kernels:\n  (none built into this binary)\n";
  return "kernels:\n" + table(kernels.entries());
}

nlohmann::ordered_json list_json(const std::vector<PresetInfo>& presets,
                                 const KernelCatalog& kernels) {
  nlohmann::ordered_json j;
  j["presets"] = nlohmann::ordered_json::array();
  for (const auto& p : presets)
    j["presets"].push_back({{"name", p.name}, {"description", p.description}});
  j["kernels"] = nlohmann::ordered_json::array();
  for (const auto& k : kernels.entries())
    j["kernels"].push_back({{"name", k.name}, {"description", k.description}});
  return j;
}

}  // namespace kernbench::app
