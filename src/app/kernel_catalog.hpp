#pragma once
/// \file
/// The kernels `kernbench list` shows and `kernbench run` looks up.
///
/// A KernelCatalog is a plain value owned by main(): no global registry, so
/// two catalogs (e.g. in tests) never see each other. builtin_kernels()
/// (kernel_catalog.cpp) fills it from the kernels layer
/// (kernels::builtin_catalog()): one entry per kernel, with its parameter
/// table as the kernel declares it (the catalog never restates a default).
/// Entries added by hand (tests) have no runnable kernel behind them.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kernbench::kernels {
class Kernel;
class KernelCatalog;
}  // namespace kernbench::kernels

namespace kernbench::app {

/// One declared kernel parameter, as `kernbench list` shows it.
struct KernelParamInfo {
  std::string name;
  std::string kind;                  ///< "int", "bool", "dtype", "string"
  std::string default_text;          ///< "1024", "next_pow2(N)", ...
  std::string description;           ///< one line
  bool used = true;                  ///< false: accepted and recorded, unused by the model
  std::vector<std::string> choices;  ///< dtype / string: accepted values (empty: any)
};

struct KernelEntry {
  KernelEntry(std::string name_, std::string description_,
              std::vector<KernelParamInfo> params_ = {}, const kernels::Kernel* kernel_ = nullptr)
      : name(std::move(name_)),
        description(std::move(description_)),
        params(std::move(params_)),
        kernel(kernel_) {}

  std::string name;                     ///< what the user types: `kernbench run <name>`
  std::string description;              ///< one line
  std::vector<KernelParamInfo> params;  ///< declaration order
  /// The kernel to run; null for entries without one (owned by the catalog).
  const kernels::Kernel* kernel = nullptr;
};

class KernelCatalog {
 public:
  KernelCatalog() = default;
  /// Entries for every kernel of `registry`, which the catalog keeps alive.
  explicit KernelCatalog(kernels::KernelCatalog registry);

  /// Adds a kernel; throws std::logic_error for an empty or duplicate name
  /// (a programming error in the registering code, not a user error).
  void add(KernelEntry entry);
  /// Entries sorted by name.
  const std::vector<KernelEntry>& entries() const { return entries_; }
  /// The entry called `name`, or nullptr.
  const KernelEntry* find(std::string_view name) const;
  /// All names, sorted (for "did you mean").
  std::vector<std::string> names() const;
  /// The runnable kernel called `name`. Throws kernels::UnknownKernelError
  /// (a std::runtime_error) naming the kernels and suggesting the nearest
  /// one when there is none.
  const kernels::Kernel& runnable(std::string_view name) const;

 private:
  // Shared so copies of the catalog keep the kernels the entries point to.
  std::shared_ptr<const kernels::KernelCatalog> registry_;
  std::vector<KernelEntry> entries_;
};

/// The kernels built into this binary.
KernelCatalog builtin_kernels();

/// `kernbench list`'s kernel section: "kernels (...):\n  name  description\n
///     param  kind  default  description\n..." (parameters in declaration
/// order, columns aligned per kernel), or a line saying none are built in.
std::string kernels_list_text(const KernelCatalog& kernels);
/// [{name, description, params: [{name, kind, default, description, used,
/// choices}...]}...]; "default" is the declared default text ("1024",
/// "next_pow2(N)").
nlohmann::ordered_json kernels_list_json(const KernelCatalog& kernels);

}  // namespace kernbench::app
