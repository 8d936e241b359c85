#include "app/kernel_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "kernels/registry.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {

KernelCatalog::KernelCatalog(kernels::KernelCatalog registry)
    : registry_(std::make_shared<const kernels::KernelCatalog>(std::move(registry))) {
  for (const auto& k : registry_->kernels()) {
    std::vector<KernelParamInfo> params;
    for (const kernels::ParamSpec& p : k->params())
      params.push_back(KernelParamInfo{p.name, std::string(kernels::name(p.kind)), p.default_text,
                                       p.description, p.used, p.choices});
    add(KernelEntry(std::string(k->name()), std::string(k->description()), std::move(params),
                    k.get()));
  }
}

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

const kernels::Kernel& KernelCatalog::runnable(std::string_view name) const {
  if (const KernelEntry* e = find(name); e != nullptr && e->kernel != nullptr) return *e->kernel;
  // The kernels layer words this error for every front end; reuse it when
  // the entries come from there.
  if (registry_ && find(name) == nullptr) return kernels::find_kernel(*registry_, name);
  const std::vector<std::string> all = names();
  if (find(name) != nullptr)
    throw kernels::UnknownKernelError(
        fmt::format("kernel '{}' is listed but cannot be run in this build", name));
  throw kernels::UnknownKernelError(fmt::format(
      "unknown kernel '{}'{}; built-in kernels are {}", name, util::did_you_mean_suffix(name, all),
      all.empty() ? std::string("(none)") : util::join_names(all)));
}

KernelCatalog builtin_kernels() {
  return KernelCatalog(kernels::builtin_catalog());
}

std::string kernels_list_text(const KernelCatalog& kernels) {
  if (kernels.entries().empty()) return "kernels:\n  (none built into this binary)\n";
  std::string out = "kernels (run with `kernbench run NAME [--param NAME=VALUE]...`):\n";
  for (const KernelEntry& k : kernels.entries()) {
    if (&k != &kernels.entries().front()) out += "\n";
    out += fmt::format("  {}  {}\n", k.name, k.description);
    std::size_t name_w = 0, kind_w = 0, def_w = 0;
    for (const KernelParamInfo& p : k.params) {
      name_w = std::max(name_w, p.name.size());
      kind_w = std::max(kind_w, p.kind.size());
      def_w = std::max(def_w, p.default_text.size());
    }
    for (const KernelParamInfo& p : k.params) {
      std::string desc = p.description;
      if (!p.choices.empty()) desc += "; one of " + util::join_names(p.choices);
      // Kernels usually say so themselves; never leave it unsaid.
      if (!p.used && desc.find("recorded") == std::string::npos)
        desc += " (recorded; unused by the hardware model)";
      out += fmt::format("    {:<{}}  {:<{}}  {:<{}}  {}\n", p.name, name_w, p.kind, kind_w,
                         p.default_text, def_w, desc);
    }
  }
  return out;
}

nlohmann::ordered_json kernels_list_json(const KernelCatalog& kernels) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& k : kernels.entries()) {
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const KernelParamInfo& p : k.params)
      params.push_back({{"name", p.name},
                        {"kind", p.kind},
                        {"default", p.default_text},
                        {"description", p.description},
                        {"used", p.used},
                        {"choices", p.choices}});
    out.push_back({{"name", k.name}, {"description", k.description}, {"params", params}});
  }
  return out;
}

}  // namespace kernbench::app
