#include "app/sweep_check.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/hw_select.hpp"
#include "kernels/registry.hpp"
#include "sweep/expand.hpp"

namespace kernbench::app {
namespace {

[[noreturn]] void fail(const sweep::Location& at, const std::string& key, const char* what) {
  throw sweep::SpecError(fmt::format("{}: {}: {}", at.str(), key, what));
}

void check_kernel(const sweep::KernelBlock& b, const KernelCatalog& kernels) {
  const kernels::Kernel* kernel = nullptr;
  try {
    kernel = &kernels.runnable(b.kernel.text);
  } catch (const std::runtime_error& e) {
    fail(b.kernel.at, b.path + ".kernel", e.what());
  }
  for (const sweep::Axis& a : b.params) {
    const std::string key = fmt::format("{}.params.{}", b.path, a.key);
    const auto specs = kernel->params();
    const bool declared = std::any_of(specs.begin(), specs.end(),
                                      [&](const kernels::ParamSpec& p) { return p.name == a.key; });
    // An unknown name is the key's fault: the kernels layer says so (with
    // its suggestion), pointed at the key.
    const std::vector<const sweep::Located*> values =
        declared ? std::vector<const sweep::Located*>{} : std::vector{&a.values.front()};
    for (const sweep::Located* v : values) {
      try {
        kernel->parse(std::vector<std::string>{a.key + "=" + v->text});
      } catch (const std::runtime_error& e) {
        fail(a.at, key, e.what());
      }
    }
    for (const sweep::Located& v : a.values) {
      try {
        kernel->parse(std::vector<std::string>{a.key + "=" + v.text});
      } catch (const std::runtime_error& e) {
        fail(v.at, key, e.what());
      }
    }
  }
}

}  // namespace

void check_spec(const sweep::SweepSpec& spec, const KernelCatalog& kernels) {
  for (const sweep::KernelBlock& b : spec.kernels) check_kernel(b, kernels);
  for (const sweep::Located& base : spec.hw.bases) {
    const std::string path = sweep::resolve_hw_base(spec, base.text);
    try {
      select_hw(path, {});
    } catch (const std::runtime_error& e) {
      fail(base.at, "hw.base", e.what());
    }
  }
}

}  // namespace kernbench::app
