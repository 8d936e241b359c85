#pragma once
/// @file support.hpp
/// Helpers shared by the built-in kernels' host sides: Triton's
/// next_power_of_2, seeded input tensors, and the verdict of a run.

#include <cstdint>
#include <optional>
#include <string>

#include "data/array.hpp"
#include "data/verify.hpp"
#include "kernels/registry.hpp"
#include "tl/runner.hpp"

namespace kernbench::kernels {

/// triton.next_power_of_2: the smallest power of two >= n (1 for n <= 1).
std::int64_t next_power_of_2(std::int64_t n);

/// A device tensor and, in data mode, its host values.
struct HostTensor {
  tl::Ptr ptr;
  data::Array values;  ///< empty (0-d) in timing-only mode
};

/// Allocates `shape` x `dtype` and, in data mode, fills it with uniform
/// values in [lo, hi) drawn from `seed` (data::random_array) and uploads them.
HostTensor random_input(tl::Runner& r, const data::Shape& shape, data::DType dtype,
                        const std::string& name, std::uint64_t seed, double lo, double hi);

/// Allocates `shape` x `dtype` and, in data mode, uploads `values`
/// (already of that dtype and shape).
tl::Ptr upload_input(tl::Runner& r, const data::Array& values, const std::string& name);

/// Appends the check of output `name` (downloaded from `p`) against `ref`
/// (kept in the check: pass a temporary or std::move to avoid a copy).
void check_output(KernelRun& run, tl::Runner& r, const std::string& name, tl::Ptr p,
                  data::Array ref, std::optional<data::Tolerance> tol = std::nullopt);

/// Sets `verified` and `verify_note` from the checks (data mode) or says
/// that timing-only mode verifies nothing.
void finish(KernelRun& run, const tl::Runner& r);
/// finish() without the runner: `data_mode` says whether values exist.
void finish(KernelRun& run, bool data_mode);

}  // namespace kernbench::kernels

namespace kernbench::kernels {

/// Base of the built-in kernels: holds the name, description and parameter
/// table; subclasses implement run().
class TutorialKernel : public Kernel {
 public:
  TutorialKernel(std::string name, std::string description, std::vector<ParamSpec> params)
      : name_(std::move(name)), description_(std::move(description)), params_(std::move(params)) {}
  std::string_view name() const override { return name_; }
  std::string_view description() const override { return description_; }
  std::span<const ParamSpec> params() const override { return params_; }

 private:
  std::string name_;
  std::string description_;
  std::vector<ParamSpec> params_;
};

/// Triton's launch options as kernel parameters: `num_warps` (threads of a
/// program) and `num_stages` (loop pipelining), and the launch options they
/// give (Triton's defaults, 4 warps and 3 stages, where a kernel lacks one).
/// Their largest values (they become `int`s of tl::LaunchOptions): a GPU
/// block has at most 32 warps of 32 threads; 64 leaves room for 64-wide
/// warps. 32 stages is far beyond any real software pipeline.
inline constexpr std::int64_t kMaxNumWarps = 64;
inline constexpr std::int64_t kMaxNumStages = 32;
ParamSpec num_warps_param(std::int64_t def);
ParamSpec num_stages_param(std::int64_t def);
tl::LaunchOptions launch_options(const ParamValues& p);

}  // namespace kernbench::kernels
