// Symbolic index values must equal what the dense array ops compute.

#include <gtest/gtest.h>

#include "data/elementwise.hpp"
#include "data/layout.hpp"
#include "tl/host_value.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using data::BinOp;
using data::DType;
using data::Shape;

namespace {
void expect_same(const HostValue& v, const data::Array& ref) {
  const data::Array got = v.materialize();
  ASSERT_EQ(got.shape(), ref.shape());
  ASSERT_EQ(got.dtype(), ref.dtype());
  EXPECT_TRUE(data::identical(got, ref)) << got.to_string() << " vs " << ref.to_string();
}
HostValue i32(std::int64_t v) {
  return HostValue::splat_int(Shape{}, v, DType::i32);
}
}  // namespace

TEST(HostValue, PointerTileArithmeticStaysAffineAndExact) {
  // offs_m[:, None] * 512 + offs_k[None, :] + pid * 64, as in a matmul kernel.
  const HostValue m = expand_dims(HostValue::arange(0, 8), 1);
  const HostValue k = expand_dims(HostValue::arange(0, 4), 0);
  const HostValue v = binary(BinOp::add, binary(BinOp::add, binary(BinOp::mul, m, i32(512)), k),
                             binary(BinOp::mul, i32(3), i32(64)));
  EXPECT_EQ(v.form(), HostValue::Form::affine);
  const data::Array dm = data::expand_dims(data::arange(0, 8), 1);
  const data::Array dk = data::expand_dims(data::arange(0, 4), 0);
  const data::Array ref = data::binary(
      BinOp::add,
      data::binary(BinOp::add, data::binary(BinOp::mul, dm, data::scalar(512, DType::i32)), dk),
      data::scalar(192, DType::i32));
  expect_same(v, ref);
}

TEST(HostValue, ComparingOneAxisWithAConstantGivesASeparableMask) {
  const HostValue offs = binary(BinOp::add, HostValue::arange(0, 16), i32(1000));
  const HostValue mask = binary(BinOp::lt, offs, i32(1010));
  EXPECT_EQ(mask.form(), HostValue::Form::mask_and);
  expect_same(mask, data::binary(BinOp::lt,
                                 data::binary(BinOp::add, data::arange(0, 16),
                                              data::scalar(1000, DType::i32)),
                                 data::scalar(1010, DType::i32)));
  // The mirrored form (constant on the left) gives the same mask.
  expect_same(binary(BinOp::gt, i32(1010), offs), mask.materialize());
}

TEST(HostValue, AMaskThatIsTheSameEverywhereIsExactForEveryOrderingAndStep) {
  // Rising and falling progressions against thresholds below, inside and
  // above their range: uniform outcomes are decided from the ends.
  const HostValue up = binary(BinOp::add, HostValue::arange(0, 16), i32(100));
  const HostValue down = binary(BinOp::sub, i32(100), HostValue::arange(0, 16));
  for (const HostValue* v : {&up, &down}) {
    for (const BinOp op : {BinOp::lt, BinOp::le, BinOp::gt, BinOp::ge, BinOp::eq, BinOp::ne}) {
      for (const std::int64_t k : {50, 85, 100, 107, 115, 116, 200}) {
        const HostValue mask = binary(op, *v, i32(k));
        EXPECT_EQ(mask.form(), HostValue::Form::mask_and);
        expect_same(mask, data::binary(op, v->materialize(), data::scalar(k, DType::i32)));
        expect_same(binary(op, i32(k), *v),
                    data::binary(op, data::scalar(k, DType::i32), v->materialize()));
      }
    }
  }
}

TEST(HostValue, AndOfTwoAxisMasksIsTheirOuterProduct) {
  const HostValue rows = expand_dims(binary(BinOp::lt, HostValue::arange(0, 4), i32(3)), 1);
  const HostValue cols = expand_dims(binary(BinOp::lt, HostValue::arange(0, 8), i32(5)), 0);
  const HostValue both = binary(BinOp::logical_and, rows, cols);
  EXPECT_EQ(both.form(), HostValue::Form::mask_and);
  expect_same(both, data::binary(BinOp::logical_and, rows.materialize(), cols.materialize()));
  EXPECT_EQ(both.shape(), (Shape{4, 8}));
}

TEST(HostValue, AnInt32ResultThatWouldWrapFallsBackToDenseWithCSemantics) {
  const HostValue big = binary(BinOp::mul, HostValue::arange(0, 4), i32(1 << 30));
  EXPECT_EQ(big.form(), HostValue::Form::dense);
  expect_same(big, data::binary(BinOp::mul, data::arange(0, 4), data::scalar(1 << 30, DType::i32)));
}

TEST(HostValue, NonSeparableOperationsMatchTheDenseResult) {
  const HostValue a = HostValue::arange(0, 8);
  const HostValue b = binary(BinOp::mul, a, a);
  EXPECT_EQ(b.form(), HostValue::Form::dense);
  expect_same(b, data::binary(BinOp::mul, data::arange(0, 8), data::arange(0, 8)));
  const HostValue d = binary(BinOp::div, binary(BinOp::sub, a, i32(5)), i32(2));
  expect_same(
      d, data::binary(BinOp::div,
                      data::binary(BinOp::sub, data::arange(0, 8), data::scalar(5, DType::i32)),
                      data::scalar(2, DType::i32)));
}

TEST(HostValue, TransposeAndBroadcastKeepTheValues) {
  const HostValue m = binary(BinOp::add, expand_dims(HostValue::arange(0, 4), 1),
                             binary(BinOp::mul, expand_dims(HostValue::arange(0, 2), 0), i32(10)));
  expect_same(trans(m), data::trans(m.materialize()));
  const HostValue col = expand_dims(HostValue::arange(0, 4), 1);
  expect_same(broadcast_to(col, Shape{4, 3}), data::broadcast_to(col.materialize(), Shape{4, 3}));
}

TEST(HostValue, ConstantsFoldAndCastLikeScalars) {
  const HostValue f = HostValue::splat_float(Shape{2, 2}, 1.5, DType::f32);
  const HostValue g = binary(BinOp::mul, f, HostValue::splat_float(Shape{}, 3.0, DType::f32));
  EXPECT_EQ(g.form(), HostValue::Form::splat_float);
  expect_same(g, data::full(Shape{2, 2}, 4.5, DType::f32));
  expect_same(cast(HostValue::splat_float(Shape{3}, 1.0 / 3.0, DType::f32), DType::f16),
              data::cast(data::full(Shape{3}, 1.0 / 3.0, DType::f32), DType::f16));
}

TEST(HostValue, ModuloOfInRangeOffsetsStaysAffineAndWrappingOnesAreExact) {
  const HostValue offs = binary(BinOp::add, HostValue::arange(0, 8), i32(16));  // 16..23
  const HostValue kept = binary(BinOp::mod, offs, i32(100));
  EXPECT_EQ(kept.form(), HostValue::Form::affine);
  expect_same(kept, offs.materialize());
  const HostValue wrapped = binary(BinOp::mod, offs, i32(20));
  expect_same(wrapped, data::binary(BinOp::mod, offs.materialize(), data::scalar(20, DType::i32)));
  expect_same(binary(BinOp::div, offs, i32(100)), data::full_int(Shape{8}, 0, DType::i32));
}

TEST(HostValue, TilesAboveTheSymbolicRankAreDenseAndExact) {
  HostValue v = HostValue::arange(0, 2);
  data::Array d = data::arange(0, 2);
  for (int i = 0; i < 4; ++i) {  // rank 5
    v = expand_dims(v, 0);
    d = data::expand_dims(d, 0);
  }
  EXPECT_EQ(v.form(), HostValue::Form::dense);
  const HostValue w = binary(BinOp::add, v, i32(7));
  expect_same(w, data::binary(BinOp::add, d, data::scalar(7, DType::i32)));
  expect_same(HostValue::splat_int(Shape{1, 1, 1, 1, 2}, 3, DType::i32),
              data::full_int(Shape{1, 1, 1, 1, 2}, 3, DType::i32));
}
