// Triton tutorial 03 (matrix multiplication), line for line.

#include "kernels/matmul.hpp"

#include <algorithm>

#include "data/dot.hpp"
#include "data/elementwise.hpp"
#include "data/layout.hpp"
#include "data/random.hpp"
#include "kernels/support.hpp"

namespace kernbench::kernels {

using data::DType;
using data::Shape;
using tl::Ptr;

void matmul_kernel(tl::Program& tl, Ptr a_ptr, Ptr b_ptr, Ptr c_ptr, std::int64_t M, std::int64_t N,
                   std::int64_t K, std::int64_t stride_am, std::int64_t stride_ak,
                   std::int64_t stride_bk, std::int64_t stride_bn, std::int64_t stride_cm,
                   std::int64_t stride_cn, std::int64_t BLOCK_SIZE_M, std::int64_t BLOCK_SIZE_N,
                   std::int64_t BLOCK_SIZE_K, std::int64_t GROUP_SIZE_M, int num_stages) {
  // Map program ids `pid` to the block of C it should compute, in grouped
  // ordering to promote L2 data reuse.
  auto pid = tl.program_id(0);
  auto num_pid_m = tl.cdiv(M, BLOCK_SIZE_M);
  auto num_pid_n = tl.cdiv(N, BLOCK_SIZE_N);
  auto num_pid_in_group = GROUP_SIZE_M * num_pid_n;
  auto group_id = pid / num_pid_in_group;
  auto first_pid_m = group_id * GROUP_SIZE_M;
  auto group_size_m = std::min(num_pid_m - first_pid_m, GROUP_SIZE_M);
  auto pid_m = first_pid_m + ((pid % num_pid_in_group) % group_size_m);
  auto pid_n = (pid % num_pid_in_group) / group_size_m;

  // Pointers to the first blocks of A and B; the `% M` / `% N` wrap keeps
  // out-of-range rows and columns inside the matrices (their results are
  // masked out at the store).
  auto offs_am = (pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)) % M;
  auto offs_bn = (pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)) % N;
  auto offs_k = tl.arange(0, BLOCK_SIZE_K);
  auto a_ptrs = a_ptr + (offs_am.col() * stride_am + offs_k.row() * stride_ak);
  auto b_ptrs = b_ptr + (offs_k.col() * stride_bk + offs_bn.row() * stride_bn);

  // Iterate to compute a block of the C matrix, accumulating in f32.
  auto accumulator = tl.zeros({BLOCK_SIZE_M, BLOCK_SIZE_N}, DType::f32);
  for (auto k : tl.range(0, tl.cdiv(K, BLOCK_SIZE_K), 1, num_stages)) {
    // Load the next block of A and B, masking the K tail (other = 0).
    auto a = tl.load(a_ptrs, offs_k.row() < K - k * BLOCK_SIZE_K, tl.scalar(0.0, a_ptr.dtype));
    auto b = tl.load(b_ptrs, offs_k.col() < K - k * BLOCK_SIZE_K, tl.scalar(0.0, b_ptr.dtype));
    accumulator = tl.dot(a, b, accumulator);
    // Advance the pointers to the next K block.
    a_ptrs += BLOCK_SIZE_K * stride_ak;
    b_ptrs += BLOCK_SIZE_K * stride_bk;
  }
  auto c = accumulator.to(c_ptr.dtype);  // the tutorial's tl.float16 (c_dtype)

  // Write back the block of the output matrix C with masks.
  auto offs_cm = pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M);
  auto offs_cn = pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N);
  auto c_ptrs = c_ptr + stride_cm * offs_cm.col() + stride_cn * offs_cn.row();
  auto c_mask = (offs_cm.col() < M) & (offs_cn.row() < N);
  tl.store(c_ptrs, c, c_mask);
}

namespace {

class Matmul final : public TutorialKernel {
 public:
  Matmul()
      : TutorialKernel(
            "matmul",
            "Triton tutorial 03: C = A @ B, grouped tile order, f32 accumulation, f16 output",
            {int_param("M", 512, "rows of A and C"), int_param("N", 512, "columns of B and C"),
             int_param("K", 512, "columns of A, rows of B"),
             int_param("BLOCK_SIZE_M", 128, "tile rows (a power of two)"),
             int_param("BLOCK_SIZE_N", 128, "tile columns (a power of two)"),
             int_param("BLOCK_SIZE_K", 64, "K step (a power of two)"),
             int_param("GROUP_SIZE_M", 8, "tile rows per group of the program order"),
             num_stages_param(3), num_warps_param(8),
             dtype_param("dtype", DType::f16, {"f16", "bf16", "fp8e5m2", "fp8e4m3", "f32"},
                         "input dtype (fp8: B stored transposed, as in the tutorial; f32: "
                         "products in f32, timed at the GEMM's f32 rate)"),
             dtype_param("c_dtype", DType::f16, {"f16", "bf16", "f32"},
                         "dtype of C, the accumulator cast at the end (the tutorial: f16)")}) {}

  KernelRun run(tl::Runner& r, const ParamValues& p, std::uint64_t seed) const override {
    const std::int64_t M = p.integer("M"), N = p.integer("N"), K = p.integer("K");
    const std::int64_t BM = p.integer("BLOCK_SIZE_M"), BN = p.integer("BLOCK_SIZE_N"),
                       BK = p.integer("BLOCK_SIZE_K"), G = p.integer("GROUP_SIZE_M");
    const int num_stages = static_cast<int>(p.integer("num_stages"));
    const DType dtype = p.dtype("dtype");
    const DType c_dtype = p.dtype("c_dtype");
    const bool b_transposed = dtype == DType::f8e5m2 || dtype == DType::f8e4m3;

    KernelRun run;
    run.params = p;
    const HostTensor a = random_input(r, Shape{M, K}, dtype, "a", seed, -1, 1);
    data::Array b_values;
    Ptr b_ptr;
    if (b_transposed) {
      // The tutorial feeds fp8 B as b.T: the same K x N matrix, column-major.
      const HostTensor bt = random_input(r, Shape{N, K}, dtype, "b", seed + 1, -1, 1);
      b_ptr = bt.ptr;
      if (r.data_mode()) b_values = data::trans(bt.values);
    } else {
      const HostTensor b = random_input(r, Shape{K, N}, dtype, "b", seed + 1, -1, 1);
      b_ptr = b.ptr;
      b_values = b.values;
    }
    const std::int64_t stride_bk = b_transposed ? 1 : N;
    const std::int64_t stride_bn = b_transposed ? K : 1;
    const Ptr c = r.allocate(Shape{M, N}, c_dtype, "c");
    const tl::Grid grid{tl::cdiv(M, BM) * tl::cdiv(N, BN)};
    run.launches.push_back(r.launch(
        "matmul", grid,
        [&](tl::Program& tl) {
          matmul_kernel(tl, a.ptr, b_ptr, c, M, N, K, K, 1, stride_bk, stride_bn, N, 1, BM, BN, BK,
                        G, num_stages);
        },
        launch_options(p)));
    const double m = static_cast<double>(M), n = static_cast<double>(N), k = static_cast<double>(K);
    run.flops = 2.0 * m * n * k;
    run.ideal_bytes = (m * k + k * n) * static_cast<double>(data::size_of(dtype)) +
                      m * n * static_cast<double>(data::size_of(c_dtype));
    if (r.data_mode()) {
      check_output(run, r, "c", c, data::cast(data::dot(a.values, b_values), c_dtype));
    }
    finish(run, r);
    return run;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_matmul() {
  return std::make_unique<Matmul>();
}

}  // namespace kernbench::kernels
