// End-to-end behaviour of kernel programs on the simulated chip.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/random.hpp"
#include "data/verify.hpp"
#include "hw/config/loader.hpp"
#include "tl/errors.hpp"
#include "tl/runner.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using data::DType;
using data::Shape;

namespace {

hw::HwConfig npu(std::vector<std::string> sets = {}) {
  hw::HwConfig cfg = hw::load_preset("npu-default");
  hw::apply_overrides(cfg, sets);
  return cfg;
}

void add_kernel(Program& tl, Ptr x_ptr, Ptr y_ptr, Ptr out_ptr, std::int64_t n,
                std::int64_t BLOCK_SIZE) {
  auto pid = tl.program_id(0);
  auto offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE);
  auto mask = offsets < n;
  auto x = tl.load(x_ptr + offsets, mask);
  auto y = tl.load(y_ptr + offsets, mask);
  tl.store(out_ptr + offsets, x + y, mask);
}

struct VecAdd {
  Ptr x, y, out;
  data::Array xv, yv;
};

VecAdd setup_add(Runner& r, std::int64_t n) {
  VecAdd v;
  v.x = r.allocate(Shape{n}, DType::f32, "x");
  v.y = r.allocate(Shape{n}, DType::f32, "y");
  v.out = r.allocate(Shape{n}, DType::f32, "out");
  if (r.data_mode()) {
    v.xv = data::random_array(Shape{n}, DType::f32, 1, -1, 1);
    v.yv = data::random_array(Shape{n}, DType::f32, 2, -1, 1);
    r.upload(v.x, v.xv);
    r.upload(v.y, v.yv);
  }
  return v;
}

}  // namespace

TEST(Runner, VectorAddComputesTheSumAndTakesSimulatedTime) {
  Runner r(npu());
  const std::int64_t n = 10000;  // not a multiple of the block: the tail is masked
  VecAdd v = setup_add(r, n);
  const LaunchResult res = r.launch("vector_add", Grid{cdiv(n, 1024)},
                                    [&](Program& tl) { add_kernel(tl, v.x, v.y, v.out, n, 1024); });
  const data::Array out = r.download(v.out, Shape{n});
  const data::Array ref = data::binary(data::BinOp::add, v.xv, v.yv);
  const data::VerifyResult vr = data::verify(out, ref);
  EXPECT_TRUE(vr.passed) << vr.to_string();
  EXPECT_EQ(vr.max_abs_error, 0.0);
  EXPECT_EQ(res.programs, 10u);
  EXPECT_EQ(res.commands, 40u);  // per program: two loads, one add, one store
  EXPECT_GT(res.end, res.start + r.config().launch.latency.in_ps());
}
