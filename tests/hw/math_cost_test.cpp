#include "hw/models/math_cost.hpp"

#include <gtest/gtest.h>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

// npu-default: 64 lanes; simple 1/lane/cycle, 4 cycles; transcendental 0.25,
// 16 cycles; divsqrt 0.25, 12 cycles; reduction step 2; subword packing on.
const MathConfig& npu_math() {
  static const MathConfig c = load_preset("npu-default").pe.math;
  return c;
}

TEST(MathCycles, SimpleOpsAreLatencyPlusElementsOverLanes) {
  EXPECT_EQ(math_cycles(npu_math(), MathOp::add, Precision::f32, 1000),
            4u + 16);  // ceil(1000/64)
  EXPECT_EQ(math_cycles(npu_math(), MathOp::fma, Precision::f32, 64), 4u + 1);
  EXPECT_EQ(math_cycles(npu_math(), MathOp::mul, Precision::f32, 0), 0u);
}

TEST(MathCycles, SixteenBitDataPacksTwoPerLane) {
  EXPECT_EQ(math_cycles(npu_math(), MathOp::add, Precision::f16, 1000),
            4u + 8);  // ceil(1000/128)
  EXPECT_EQ(math_cycles(npu_math(), MathOp::add, Precision::fp8, 1000),
            4u + 4);  // ceil(1000/256)
  MathConfig unpacked = npu_math();
  unpacked.pack_subword = false;
  EXPECT_EQ(math_cycles(unpacked, MathOp::add, Precision::f16, 1000), 4u + 16);
}

TEST(MathCycles, TranscendentalsCostMore) {
  // exp: 16 + ceil(1000 / (64 * 0.25)) = 16 + 63
  EXPECT_EQ(math_cycles(npu_math(), MathOp::exp, Precision::f32, 1000), 79u);
  // sqrt: 12 + 63
  EXPECT_EQ(math_cycles(npu_math(), MathOp::sqrt, Precision::f32, 1000), 75u);
  // sigmoid = exp pass + reciprocal pass
  EXPECT_EQ(math_cycles(npu_math(), MathOp::sigmoid, Precision::f32, 1000), 79u + 75);
  EXPECT_EQ(op_passes(MathOp::tanh).size(), 2u);
  EXPECT_GT(math_cycles(npu_math(), MathOp::div, Precision::f32, 4096),
            math_cycles(npu_math(), MathOp::mul, Precision::f32, 4096));
}

TEST(ReduceCycles, AddLog2LanesCrossLaneSteps) {
  // 4 + 4096/64 + 2 * log2(64)
  EXPECT_EQ(reduce_cycles(npu_math(), ReduceOp::sum, Precision::f32, 4096), 4u + 64 + 12);
  EXPECT_EQ(reduce_cycles(npu_math(), ReduceOp::max, Precision::f16, 4096), 4u + 32 + 12);
  EXPECT_EQ(ceil_log2(1), 0u);
  EXPECT_EQ(ceil_log2(100), 7u);
  EXPECT_EQ(ceil_log2(128), 7u);
}

}  // namespace
}  // namespace kernbench::hw
