#pragma once
/// @file registry.hpp
/// Built-in kernels: the `Kernel` interface, what one run reports
/// (`KernelRun`) and the catalogue of kernels (`KernelCatalog`).
///
/// Contract:
/// - A `Kernel` is stateless: `run` allocates its inputs on the given runner,
///   fills them with seeded random values (data mode), launches one or more
///   tl kernels and, in data mode, checks every output against a host
///   reference. Same runner config, params and seed: same results, bit for bit.
/// - `KernelRun::flops` and `ideal_bytes` are the kernel's useful work
///   (FLOPs of the maths the tutorial counts; bytes that must cross HBM at
///   least once: every input read once, every output written once). They do
///   not depend on the hardware or the mode.
/// - In timing-only mode nothing is verified: `verified` is false and
///   `verify_note` says why. In data mode `verified` is true when every check
///   passed.
/// - `builtin_catalog()` builds a fresh catalogue on each call: there is no
///   global registry (two catalogues never share state).
/// See docs/kernels.md and docs/adr/0060-kernel-registry-and-params.md.

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "data/verify.hpp"
#include "kernels/params.hpp"
#include "tl/runner.hpp"

namespace kernbench::kernels {

/// One verified output.
struct Check {
  std::string output;         ///< the output's name ("out", "dx", ...)
  data::VerifyResult result;  ///< comparison with the host reference
  data::Array out;            ///< the output as downloaded (to re-verify)
  data::Array ref;            ///< the host reference

  /// Compares again with `tolerance` (e.g. one given on the command line).
  void reverify(const data::Tolerance& tolerance) { result = data::verify(out, ref, tolerance); }
};

/// What one run of a kernel did.
struct KernelRun {
  std::vector<tl::LaunchResult> launches;  ///< in launch order
  double flops = 0.0;                      ///< useful floating-point operations
  double ideal_bytes = 0.0;                ///< compulsory HBM traffic, bytes
  bool verified = false;                   ///< data mode and every check passed
  std::string verify_note;                 ///< why not verified (timing-only mode, failures)
  std::vector<Check> checks;               ///< data mode only
  ParamValues params;                      ///< the resolved parameters, as run

  /// From the first launch's start to the last launch's end, ps.
  std::uint64_t simulated_ps() const;
  /// The simulated time the hardware's statistics cover, ps: simulated_ps(),
  /// or for a sampled run (tl::RunOptions::sample) the simulated windows'
  /// spans summed.
  std::uint64_t statistics_ps() const;
  /// Whether a launch was sampled (its time is an estimate).
  bool sampled() const;
  /// Programs simulated over all launches (programs() unless sampled).
  std::uint64_t simulated_programs() const;
  /// Engine commands over all launches.
  std::uint64_t commands() const;
  /// Programs over all launches.
  std::uint64_t programs() const;
};

class Kernel {
 public:
  virtual ~Kernel() = default;
  /// What the user types: `kernbench run <name>`.
  virtual std::string_view name() const = 0;
  /// One line.
  virtual std::string_view description() const = 0;
  /// The parameters, in declaration order (defaults may use earlier ones).
  virtual std::span<const ParamSpec> params() const = 0;
  /// Runs the kernel on `runner` (see the contract above).
  virtual KernelRun run(tl::Runner& runner, const ParamValues& params,
                        std::uint64_t seed) const = 0;

  /// parse_params(name(), params(), assignments).
  ParamValues parse(std::span<const std::string> assignments) const;
};

/// A user asked for a kernel that does not exist.
class UnknownKernelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An owning, ordered (by name) collection of kernels.
class KernelCatalog {
 public:
  /// Adds a kernel; std::logic_error for a null kernel or a duplicate name.
  void add(std::unique_ptr<Kernel> k);
  const std::vector<std::unique_ptr<Kernel>>& kernels() const { return kernels_; }
  /// The kernel called `name`, or nullptr.
  const Kernel* find(std::string_view name) const;
  /// All names, sorted.
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<Kernel>> kernels_;
};

/// A fresh catalogue of every built-in kernel.
KernelCatalog builtin_catalog();

/// The kernel called `name`; UnknownKernelError otherwise, e.g.
/// "unknown kernel 'softmx' (did you mean `softmax`?); built-in kernels are ...".
const Kernel& find_kernel(const KernelCatalog& catalog, std::string_view name);

}  // namespace kernbench::kernels
