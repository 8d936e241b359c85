#include "app/kernel_catalog.hpp"

#include <algorithm>
#include <stdexcept>

namespace kernbench::app {

void KernelCatalog::add(KernelEntry entry) {
  if (entry.name.empty()) throw std::logic_error("KernelCatalog::add: empty kernel name");
  if (find(entry.name) != nullptr)
    throw std::logic_error("KernelCatalog::add: kernel `" + entry.name + "` registered twice");
  const auto at =
      std::lower_bound(entries_.begin(), entries_.end(), entry.name,
                       [](const KernelEntry& e, const std::string& name) { return e.name < name; });
  entries_.insert(at, std::move(entry));
}

const KernelEntry* KernelCatalog::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> KernelCatalog::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

KernelCatalog builtin_kernels() {
  // The kernels/ layer registers its kernels here when it lands; no kernel
  // exists in this build, so the catalog is honestly empty.
  return KernelCatalog{};
}

}  // namespace kernbench::app
