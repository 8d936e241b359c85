// Triton tutorial 01 (vector addition), line for line.

#include "kernels/vector_add.hpp"

#include "data/elementwise.hpp"
#include "kernels/support.hpp"

namespace kernbench::kernels {

using data::DType;
using data::Shape;
using tl::Ptr;

void add_kernel(tl::Program& tl, Ptr x_ptr, Ptr y_ptr, Ptr output_ptr, std::int64_t n_elements,
                std::int64_t BLOCK_SIZE) {
  auto pid = tl.program_id(0);
  auto block_start = pid * BLOCK_SIZE;
  auto offsets = block_start + tl.arange(0, BLOCK_SIZE);
  auto mask = offsets < n_elements;
  auto x = tl.load(x_ptr + offsets, mask);
  auto y = tl.load(y_ptr + offsets, mask);
  auto output = x + y;
  tl.store(output_ptr + offsets, output, mask);
}

namespace {

class VectorAdd final : public TutorialKernel {
 public:
  VectorAdd()
      : TutorialKernel(
            "vector_add",
            "Triton tutorial 01: output = x + y (f32, or dtype=f16/bf16), one block per program",
            {int_param("n", 98432, "number of elements"),
             int_param("BLOCK_SIZE", 1024, "elements per program (a power of two)"),
             dtype_param("dtype", DType::f32, {"f32", "f16", "bf16"},
                         "dtype of x, y and output (the tutorial: f32)"),
             num_warps_param(4)}) {}

  KernelRun run(tl::Runner& r, const ParamValues& p, std::uint64_t seed) const override {
    const std::int64_t n = p.integer("n");
    const std::int64_t BLOCK_SIZE = p.integer("BLOCK_SIZE");
    const DType dtype = p.dtype("dtype");
    KernelRun run;
    run.params = p;
    const HostTensor x = random_input(r, Shape{n}, dtype, "x", seed, -1, 1);
    const HostTensor y = random_input(r, Shape{n}, dtype, "y", seed + 1, -1, 1);
    const Ptr output = r.allocate(Shape{n}, dtype, "output");
    run.launches.push_back(r.launch(
        "vector_add", tl::Grid{tl::cdiv(n, BLOCK_SIZE)},
        [&](tl::Program& tl) { add_kernel(tl, x.ptr, y.ptr, output, n, BLOCK_SIZE); },
        launch_options(p)));
    run.flops = static_cast<double>(n);
    run.ideal_bytes = 3.0 * static_cast<double>(data::size_of(dtype)) * static_cast<double>(n);
    if (r.data_mode()) {
      check_output(run, r, "output", output, data::binary(data::BinOp::add, x.values, y.values));
    }
    finish(run, r);
    return run;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_vector_add() {
  return std::make_unique<VectorAdd>();
}

}  // namespace kernbench::kernels
