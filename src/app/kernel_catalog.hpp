#pragma once
/// \file
/// The kernels `kernbench list` shows (and, later, `kernbench run` looks up).
///
/// A KernelCatalog is a plain value owned by main(): no global registry, so
/// two catalogs (e.g. in tests) never see each other. The kernels layer adds
/// its built-in kernels in builtin_kernels() (kernel_catalog.cpp); until that
/// layer exists the catalog is empty and `kernbench list` says so.

#include <string>
#include <string_view>
#include <vector>

namespace kernbench::app {

struct KernelEntry {
  std::string name;         ///< what the user types: `kernbench run <name>`
  std::string description;  ///< one line
};

class KernelCatalog {
 public:
  /// Adds a kernel; throws std::logic_error for an empty or duplicate name
  /// (a programming error in the registering code, not a user error).
  void add(KernelEntry entry);
  /// Entries sorted by name.
  const std::vector<KernelEntry>& entries() const { return entries_; }
  /// The entry called `name`, or nullptr.
  const KernelEntry* find(std::string_view name) const;
  /// All names, sorted (for "did you mean").
  std::vector<std::string> names() const;

 private:
  std::vector<KernelEntry> entries_;
};

/// The kernels built into this binary.
KernelCatalog builtin_kernels();

}  // namespace kernbench::app
