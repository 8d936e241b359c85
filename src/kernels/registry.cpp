#include "kernels/registry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kernels/attention.hpp"
#include "kernels/layernorm.hpp"
#include "kernels/layernorm_backward.hpp"
#include "kernels/matmul.hpp"
#include "kernels/softmax.hpp"
#include "kernels/vector_add.hpp"
#include "util/suggest.hpp"

namespace kernbench::kernels {

std::uint64_t KernelRun::simulated_ps() const {
  if (launches.empty()) return 0;
  return launches.back().end - launches.front().start;
}

std::uint64_t KernelRun::statistics_ps() const {
  if (!sampled()) return simulated_ps();
  std::uint64_t t = 0;
  for (const tl::LaunchResult& l : launches) t += l.simulated_end - l.start;
  return t;
}

bool KernelRun::sampled() const {
  return std::any_of(launches.begin(), launches.end(),
                     [](const tl::LaunchResult& l) { return l.sampled(); });
}

std::uint64_t KernelRun::simulated_programs() const {
  std::uint64_t n = 0;
  for (const tl::LaunchResult& l : launches) n += l.simulated_programs;
  return n;
}

std::uint64_t KernelRun::commands() const {
  std::uint64_t n = 0;
  for (const tl::LaunchResult& l : launches) n += l.commands;
  return n;
}

std::uint64_t KernelRun::programs() const {
  std::uint64_t n = 0;
  for (const tl::LaunchResult& l : launches) n += l.programs;
  return n;
}

ParamValues Kernel::parse(std::span<const std::string> assignments) const {
  return parse_params(name(), params(), assignments);
}

void KernelCatalog::add(std::unique_ptr<Kernel> k) {
  if (!k) throw std::logic_error("KernelCatalog::add: null kernel");
  if (find(k->name()) != nullptr) {
    throw std::logic_error(
        fmt::format("KernelCatalog::add: kernel '{}' registered twice", k->name()));
  }
  const auto at = std::lower_bound(
      kernels_.begin(), kernels_.end(), k->name(),
      [](const std::unique_ptr<Kernel>& e, std::string_view n) { return e->name() < n; });
  kernels_.insert(at, std::move(k));
}

const Kernel* KernelCatalog::find(std::string_view name) const {
  for (const auto& k : kernels_)
    if (k->name() == name) return k.get();
  return nullptr;
}

std::vector<std::string> KernelCatalog::names() const {
  std::vector<std::string> out;
  for (const auto& k : kernels_) out.emplace_back(k->name());
  return out;
}

KernelCatalog builtin_catalog() {
  KernelCatalog c;
  c.add(make_vector_add());
  c.add(make_softmax());
  c.add(make_matmul());
  c.add(make_layernorm());
  c.add(make_layernorm_backward());
  c.add(make_attention());
  return c;
}

const Kernel& find_kernel(const KernelCatalog& catalog, std::string_view name) {
  if (const Kernel* k = catalog.find(name)) return *k;
  const std::vector<std::string> names = catalog.names();
  throw UnknownKernelError(fmt::format("unknown kernel '{}'{}; built-in kernels are {}", name,
                                       util::did_you_mean_suffix(name, names),
                                       util::join_names(names)));
}

}  // namespace kernbench::kernels
