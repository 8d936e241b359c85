// Triton tutorial 05 (layer norm), forward kernel, line for line.

#include "kernels/layernorm.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "kernels/support.hpp"

namespace kernbench::kernels {

using data::DType;
using data::Shape;
using tl::Ptr;

void layer_norm_fwd_fused(tl::Program& tl, Ptr X, Ptr Y, Ptr W, Ptr B, Ptr Mean, Ptr Rstd,
                          std::int64_t stride, std::int64_t N, double eps,
                          std::int64_t BLOCK_SIZE) {
  // Map the program id to the row of X and Y it should compute.
  auto row = tl.program_id(0);
  Y = Y + row * stride;
  X = X + row * stride;
  // Compute mean
  auto _mean = tl.zeros({BLOCK_SIZE}, DType::f32);
  for (std::int64_t off = 0; off < N; off += BLOCK_SIZE) {
    auto cols = off + tl.arange(0, BLOCK_SIZE);
    auto a = tl.load(X + cols, cols < N, tl.scalar(0.0, DType::f32)).to(DType::f32);
    _mean += a;
  }
  auto mean = tl.sum(_mean, 0) / N;
  // Compute variance
  auto _var = tl.zeros({BLOCK_SIZE}, DType::f32);
  for (std::int64_t off = 0; off < N; off += BLOCK_SIZE) {
    auto cols = off + tl.arange(0, BLOCK_SIZE);
    auto x = tl.load(X + cols, cols < N, tl.scalar(0.0, DType::f32)).to(DType::f32);
    x = tl.where(cols < N, x - mean, tl.scalar(0.0, DType::f32));
    _var += x * x;
  }
  auto var = tl.sum(_var, 0) / N;
  auto rstd = 1 / tl.sqrt(var + eps);
  // Write mean / rstd
  tl.store(Mean + row, mean);
  tl.store(Rstd + row, rstd);
  // Normalize and apply linear transformation
  for (std::int64_t off = 0; off < N; off += BLOCK_SIZE) {
    auto cols = off + tl.arange(0, BLOCK_SIZE);
    auto mask = cols < N;
    auto w = tl.load(W + cols, mask);
    auto b = tl.load(B + cols, mask);
    auto x = tl.load(X + cols, mask, tl.scalar(0.0, DType::f32)).to(DType::f32);
    auto x_hat = (x - mean) * rstd;
    auto y = x_hat * w + b;
    // Write output
    tl.store(Y + cols, y, mask);
  }
}

// The tutorial's launch heuristic, recorded only.
ParamSpec layernorm_num_warps_param() {
  ParamSpec s = derived_int_param(
      "num_warps", "min(max(BLOCK_SIZE / 256, 1), 8)",
      [](const ParamValues& p) {
        return std::min<std::int64_t>(std::max<std::int64_t>(p.integer("BLOCK_SIZE") / 256, 1), 8);
      },
      "Triton launch option: warps per program (the tutorial's heuristic)");
  s.max = kMaxNumWarps;
  return s;
}

ParamSpec layernorm_block_size_param() {
  return derived_int_param(
      "BLOCK_SIZE", "min(65536 / 2, next_pow2(N))",
      [](const ParamValues& p) {
        // MAX_FUSED_SIZE = 65536 // x.element_size() for f16 rows.
        return std::min<std::int64_t>(65536 / 2, next_power_of_2(p.integer("N")));
      },
      "columns per block (a power of two >= N)");
}

LayerNormRef layer_norm_reference(const data::Array& x, const data::Array& w, const data::Array& b,
                                  double eps) {
  const std::int64_t M = x.shape()[0], N = x.shape()[1];
  std::vector<double> y(static_cast<std::size_t>(M * N)), mean(static_cast<std::size_t>(M)),
      rstd(static_cast<std::size_t>(M));
  const auto xv = x.f32(), wv = w.f32(), bv = b.f32();
  for (std::int64_t i = 0; i < M; ++i) {
    double s = 0;
    for (std::int64_t j = 0; j < N; ++j) s += xv[static_cast<std::size_t>(i * N + j)];
    const double mu = s / static_cast<double>(N);
    double v = 0;
    for (std::int64_t j = 0; j < N; ++j) {
      const double d = xv[static_cast<std::size_t>(i * N + j)] - mu;
      v += d * d;
    }
    const double rs = 1.0 / std::sqrt(v / static_cast<double>(N) + eps);
    mean[static_cast<std::size_t>(i)] = mu;
    rstd[static_cast<std::size_t>(i)] = rs;
    for (std::int64_t j = 0; j < N; ++j) {
      const auto k = static_cast<std::size_t>(i * N + j);
      y[k] = (xv[k] - mu) * rs * wv[static_cast<std::size_t>(j)] + bv[static_cast<std::size_t>(j)];
    }
  }
  return {data::from_vector(y, Shape{M, N}, x.dtype()),
          data::from_vector(mean, Shape{M}, DType::f32),
          data::from_vector(rstd, Shape{M}, DType::f32)};
}

namespace {

constexpr double kEps = 1e-5;

// The tutorial's rule, MAX_FUSED_SIZE = 65536 // x.element_size(), for the
// forward's own dtype.
ParamSpec forward_block_size_param() {
  return derived_int_param(
      "BLOCK_SIZE", "min(65536 / size(dtype), next_pow2(N))",
      [](const ParamValues& p) {
        const auto element = static_cast<std::int64_t>(data::size_of(p.dtype("dtype")));
        return std::min<std::int64_t>(65536 / element, next_power_of_2(p.integer("N")));
      },
      "columns per block (a power of two; each pass loops over the row in blocks)");
}

class LayerNorm final : public TutorialKernel {
 public:
  LayerNorm()
      : TutorialKernel(
            "layernorm",
            "Triton tutorial 05: layer norm forward (f16 rows, f32 maths), writes Y, Mean, Rstd",
            {int_param("M", 1151, "rows"), int_param("N", 8192, "columns (the normalised dim)"),
             dtype_param("dtype", DType::f16, {"f16", "bf16", "f32"},
                         "dtype of X, W, B and Y (Mean and Rstd are f32, the maths is f32)"),
             forward_block_size_param(), layernorm_num_warps_param()}) {}

  KernelRun run(tl::Runner& r, const ParamValues& p, std::uint64_t seed) const override {
    const std::int64_t M = p.integer("M"), N = p.integer("N");
    const std::int64_t BLOCK_SIZE = p.integer("BLOCK_SIZE");
    const DType dtype = p.dtype("dtype");
    KernelRun run;
    run.params = p;
    // The tutorial's data: x = -2.3 + 0.5 * randn, weight = rand, bias = rand.
    const HostTensor x = random_input(r, Shape{M, N}, dtype, "x", seed, -3.2, -1.4);
    const HostTensor w = random_input(r, Shape{N}, dtype, "weight", seed + 1, 0, 1);
    const HostTensor b = random_input(r, Shape{N}, dtype, "bias", seed + 2, 0, 1);
    const Ptr y = r.allocate(Shape{M, N}, dtype, "y");
    const Ptr mean = r.allocate(Shape{M}, DType::f32, "mean");
    const Ptr rstd = r.allocate(Shape{M}, DType::f32, "rstd");
    run.launches.push_back(r.launch(
        "layernorm", tl::Grid{M},
        [&](tl::Program& tl) {
          layer_norm_fwd_fused(tl, x.ptr, y, w.ptr, b.ptr, mean, rstd, N, N, kEps, BLOCK_SIZE);
        },
        launch_options(p)));
    const double m = static_cast<double>(M), n = static_cast<double>(N);
    run.flops = 8.0 * m * n;
    const auto element = static_cast<double>(data::size_of(dtype));
    run.ideal_bytes = 2.0 * element * m * n + 2.0 * element * n + 2.0 * 4.0 * m;
    if (r.data_mode()) {
      LayerNormRef ref = layer_norm_reference(x.values, w.values, b.values, kEps);
      check_output(run, r, "y", y, std::move(ref.y));
      check_output(run, r, "mean", mean, std::move(ref.mean));
      check_output(run, r, "rstd", rstd, std::move(ref.rstd));
    }
    finish(run, r);
    return run;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_layernorm() {
  return std::make_unique<LayerNorm>();
}

}  // namespace kernbench::kernels
