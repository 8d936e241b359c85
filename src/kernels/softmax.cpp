// Triton tutorial 02 (fused softmax), line for line.

#include "kernels/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "data/elementwise.hpp"
#include "kernels/support.hpp"

namespace kernbench::kernels {

using data::DType;
using data::Shape;
using tl::Ptr;

void softmax_kernel(tl::Program& tl, Ptr output_ptr, Ptr input_ptr, std::int64_t input_row_stride,
                    std::int64_t output_row_stride, std::int64_t n_rows, std::int64_t n_cols,
                    std::int64_t BLOCK_SIZE, int num_stages) {
  // starting row of the program
  auto row_start = tl.program_id(0);
  auto row_step = tl.num_programs(0);
  for (auto row_idx : tl.range(row_start, n_rows, row_step, num_stages)) {
    // The stride represents how much we need to increase the pointer to advance 1 row
    auto row_start_ptr = input_ptr + row_idx * input_row_stride;
    // The block size is the next power of two greater than n_cols, so we can fit each
    // row in a single block
    auto col_offsets = tl.arange(0, BLOCK_SIZE);
    auto input_ptrs = row_start_ptr + col_offsets;
    // Load the row into SRAM, using a mask since BLOCK_SIZE may be > than n_cols
    auto mask = col_offsets < n_cols;
    auto row = tl.load(input_ptrs, mask, tl.scalar(-INFINITY, input_ptr.dtype));
    // Subtract maximum for numerical stability
    auto row_minus_max = row - tl.max(row, 0);
    auto numerator = tl.exp(row_minus_max);
    auto denominator = tl.sum(numerator, 0);
    auto softmax_output = numerator / denominator;
    // Write back output to DRAM
    auto output_row_start_ptr = output_ptr + row_idx * output_row_stride;
    auto output_ptrs = output_row_start_ptr + col_offsets;
    tl.store(output_ptrs, softmax_output, mask);
  }
}

namespace {

/// Row-wise softmax in double of `x` (any float dtype), rounded to x's dtype.
data::Array softmax_reference(const data::Array& x_in, std::int64_t M, std::int64_t N) {
  std::vector<double> out(static_cast<std::size_t>(M * N));
  const data::Array x = x_in.dtype() == DType::f32 ? x_in : data::cast(x_in, DType::f32);
  const auto xv = x.f32();
  for (std::int64_t i = 0; i < M; ++i) {
    const float* row = xv.data() + i * N;
    double mx = -std::numeric_limits<double>::infinity();
    for (std::int64_t j = 0; j < N; ++j) mx = std::max(mx, static_cast<double>(row[j]));
    double* o = out.data() + i * N;
    double sum = 0.0;
    for (std::int64_t j = 0; j < N; ++j) {
      o[j] = std::exp(row[j] - mx);
      sum += o[j];
    }
    for (std::int64_t j = 0; j < N; ++j) o[j] /= sum;
  }
  data::Array ref = data::from_vector(out, Shape{M, N}, DType::f32);
  return x_in.dtype() == DType::f32 ? ref : data::cast(ref, x_in.dtype());
}

class Softmax final : public TutorialKernel {
 public:
  Softmax()
      : TutorialKernel(
            "softmax",
            "Triton tutorial 02: row-wise softmax of an M x N matrix (f32, or dtype=f16/bf16; "
            "persistent row loop)",
            {int_param("M", 1823, "rows"), int_param("N", 781, "columns"),
             derived_int_param(
                 "BLOCK_SIZE", "next_pow2(N)",
                 [](const ParamValues& p) { return next_power_of_2(p.integer("N")); },
                 "columns per block; a power of two >= N (a whole row per block)"),
             int_param("num_programs", 0,
                       "programs in the grid (capped at M); 0: pe.count x pe.contexts", 0),
             dtype_param("dtype", DType::f32, {"f32", "f16", "bf16"},
                         "dtype of x and y (the tutorial: f32)"),
             num_stages_param(4), num_warps_param(8)}) {}

  KernelRun run(tl::Runner& r, const ParamValues& p, std::uint64_t seed) const override {
    const std::int64_t n_rows = p.integer("M");
    const std::int64_t n_cols = p.integer("N");
    const std::int64_t BLOCK_SIZE = p.integer("BLOCK_SIZE");
    const int num_stages = static_cast<int>(p.integer("num_stages"));
    if (BLOCK_SIZE < n_cols) {
      throw ParamError(fmt::format(
          "kernel 'softmax': BLOCK_SIZE={} must be >= N={} (each program holds a whole row)",
          BLOCK_SIZE, n_cols));
    }
    const auto& hw = r.config().pe;
    std::int64_t num_programs = p.integer("num_programs");
    if (num_programs == 0) num_programs = static_cast<std::int64_t>(hw.count * hw.contexts);
    num_programs = std::min(num_programs, n_rows);

    const DType dtype = p.dtype("dtype");
    KernelRun run;
    run.params = p;
    const HostTensor x = random_input(r, Shape{n_rows, n_cols}, dtype, "x", seed, -4, 4);
    const Ptr y = r.allocate(Shape{n_rows, n_cols}, dtype, "y");
    run.launches.push_back(r.launch(
        "softmax", tl::Grid{num_programs},
        [&](tl::Program& tl) {
          softmax_kernel(tl, y, x.ptr, n_cols, n_cols, n_rows, n_cols, BLOCK_SIZE, num_stages);
        },
        launch_options(p)));
    const double mn = static_cast<double>(n_rows) * static_cast<double>(n_cols);
    run.flops = 5.0 * mn;
    run.ideal_bytes = 2.0 * static_cast<double>(data::size_of(dtype)) * mn;
    if (r.data_mode()) check_output(run, r, "y", y, softmax_reference(x.values, n_rows, n_cols));
    finish(run, r);
    return run;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_softmax() {
  return std::make_unique<Softmax>();
}

}  // namespace kernbench::kernels
