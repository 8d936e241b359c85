#pragma once
/// \file
/// A sweep specification: which kernels with which parameter values, on
/// which hardware with which overrides, in which mode and with which seeds.
///
/// The YAML form (docs/sweeps.md):
///
///     name: tcm                       # optional, shown in progress lines
///     mode: timing                    # data | timing, or a list (default timing)
///     seeds: [0, 1]                   # default [0]
///     kernels:
///       - kernel: matmul
///         params: {M: [256, 512], K: [256, 512], N: 512}
///         zip: [[M, K]]               # keys that move together
///     hw:
///       base: [npu-default]           # presets or YAML files (relative to the spec)
///       set: {pe.tcm.size: [256KiB, 1MiB], pe.count: [4, 16]}
///       zip: [[pe.tcm.size, pe.count]]
///     where: ["2 * BLOCK_SIZE_M * BLOCK_SIZE_K <= pe.tcm.size"]
///     limits: {time: 60s, memory: 2GiB}   # per point
///
/// A scalar where a list is expected is a list of one. Every point is the
/// cartesian product of the axes, a `zip:` group counting as one axis.
///
/// Errors: SpecError, a std::runtime_error whose message starts with
/// "<file>:<line>:<column>: <key path>: " (1-based, as the hardware configs)
/// and says what was given and what was expected; unknown keys get a "did
/// you mean". Hardware override values are checked (and canonicalised, so
/// `256KiB` and `256 KiB` are one point) against the parameter table here;
/// kernels and their parameters are checked by the caller, which knows the
/// kernels (check_spec in app), using the locations kept in the spec.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/condition.hpp"

namespace kernbench::sweep {

class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A position in the spec file, for messages ("spec.yaml:3:7").
struct Location {
  std::string origin;
  int line = 0;    ///< 1-based; 0 when unknown
  int column = 0;  ///< 1-based
  std::string str() const;
};

/// A value as written, with where it was written.
struct Located {
  std::string text;
  Location at;
};

/// One swept key (a kernel parameter or a hardware parameter path) and its
/// values in the order written.
struct Axis {
  std::string key;
  Location at;  ///< of the key
  std::vector<Located> values;
};

/// Keys that take their i-th values together; all of one length.
struct ZipGroup {
  std::vector<std::string> keys;
  Location at;
};

struct KernelBlock {
  Located kernel;
  std::vector<Axis> params;
  std::vector<ZipGroup> zips;
  std::string path;  ///< "kernels[0]" for messages
};

struct HwBlock {
  std::vector<Located> bases;  ///< as written (preset name or file path)
  std::vector<Axis> sets;      ///< values canonical ("1 MiB")
  std::vector<ZipGroup> zips;
};

/// Per-point limits; nullopt: none.
struct Limits {
  std::optional<double> time_seconds;
  std::optional<std::uint64_t> memory_bytes;
};

/// One `where:` entry: points for which the condition is false are left out.
struct Filter {
  Condition condition;
  Location at;
};

struct SweepSpec {
  std::string origin;         ///< the file as given
  std::filesystem::path dir;  ///< for relative hardware files
  std::string name;
  std::vector<std::string> modes;
  std::vector<std::uint64_t> seeds;
  std::vector<KernelBlock> kernels;
  HwBlock hw;
  std::vector<Filter> where;
  Limits limits;
};

/// Parses a spec file. Throws SpecError (also when it cannot be read).
SweepSpec load_spec_file(const std::filesystem::path& path);

/// Parses spec text; `origin` names it in messages, relative hardware files
/// resolve against `dir`.
SweepSpec load_spec_text(std::string_view yaml, std::string_view origin,
                         const std::filesystem::path& dir = {});

}  // namespace kernbench::sweep
