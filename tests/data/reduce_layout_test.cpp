#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "data/layout.hpp"
#include "data/reduce.hpp"

namespace kernbench::data {
namespace {

Array random_array(const Shape& s, std::uint64_t seed, DType t = DType::f32) {
  std::mt19937_64 g(seed);
  std::uniform_int_distribution<int> d(-20, 20);
  std::vector<double> v(static_cast<std::size_t>(s.numel()));
  // Quarter-integers: exact in f32, so sums in any order agree exactly.
  for (auto& x : v) x = d(g) * 0.25;
  return from_vector(v, s, t);
}

std::vector<std::int64_t> unflatten(const Shape& s, std::int64_t flat) {
  std::vector<std::int64_t> idx(static_cast<std::size_t>(s.rank()));
  for (int d = s.rank() - 1; d >= 0; --d) {
    idx[static_cast<std::size_t>(d)] = flat % s[d];
    flat /= s[d];
  }
  return idx;
}

// Scalar reference of a single-axis reduction: returns (value, index).
std::pair<double, std::int64_t> ref_reduce(RedOp op, const Array& a, int axis,
                                           std::vector<std::int64_t> idx) {
  double acc = op == RedOp::sum ? 0.0 : a.get_double([&] {
    idx[static_cast<std::size_t>(axis)] = 0;
    return a.flat_index(idx);
  }());
  std::int64_t best = 0;
  for (std::int64_t r = 0; r < a.shape()[axis]; ++r) {
    idx[static_cast<std::size_t>(axis)] = r;
    const double v = a.get_double(idx);
    if (op == RedOp::sum) acc += v;
    if ((op == RedOp::max || op == RedOp::argmax) && v > acc) {
      acc = v;
      best = r;
    }
    if ((op == RedOp::min || op == RedOp::argmin) && v < acc) {
      acc = v;
      best = r;
    }
  }
  return {acc, best};
}

TEST(Reduce, EveryOpOnEveryAxisWithAndWithoutKeepDimsMatchesTheReference) {
  const Shape s{3, 4, 5};
  const Array a = random_array(s, 7);
  for (const RedOp op : {RedOp::sum, RedOp::max, RedOp::min, RedOp::argmax, RedOp::argmin}) {
    for (const int axis : {0, 1, 2, -1}) {
      for (const bool keep : {false, true}) {
        const Array r = reduce(op, a, axis, keep);
        const int ax = axis < 0 ? axis + 3 : axis;
        const Shape expect_shape = keep ? s.with_dim(ax, 1) : s.removed(ax);
        ASSERT_EQ(r.shape(), expect_shape) << name(op) << " axis " << axis;
        ASSERT_EQ(r.dtype(),
                  (op == RedOp::argmax || op == RedOp::argmin) ? DType::i32 : DType::f32);
        for (std::int64_t i = 0; i < r.numel(); ++i) {
          auto idx = unflatten(expect_shape, i);
          if (!keep) idx.insert(idx.begin() + ax, 0);
          const auto [val, pos] = ref_reduce(op, a, ax, idx);
          const double expect =
              (op == RedOp::argmax || op == RedOp::argmin) ? static_cast<double>(pos) : val;
          ASSERT_EQ(r.get_double(i), expect)
              << name(op) << " axis " << axis << " keep " << keep << " out " << i;
        }
      }
    }
  }
}

TEST(Reduce, AllAxesGivesAScalarOrAllOnesShape) {
  const Array a = random_array(Shape{4, 6}, 9);
  double total = 0;
  double mx = -1e9;
  std::int64_t arg = 0;
  for (std::int64_t i = 0; i < a.numel(); ++i) {
    total += a.get_double(i);
    if (a.get_double(i) > mx) {
      mx = a.get_double(i);
      arg = i;
    }
  }
  const Array s = reduce(RedOp::sum, a, std::nullopt);
  EXPECT_EQ(s.shape(), Shape{});
  EXPECT_EQ(s.get_double(0), total);
  const Array sk = reduce(RedOp::sum, a, std::nullopt, true);
  EXPECT_EQ(sk.shape(), (Shape{1, 1}));
  EXPECT_EQ(reduce(RedOp::max, a, std::nullopt).get_double(0), mx);
  EXPECT_EQ(reduce(RedOp::argmax, a, std::nullopt).get_int(0), arg);  // flat index
}

TEST(Reduce, ArgmaxAndArgminReturnTheFirstOfTies) {
  const Array a = from_vector(std::vector<double>{1, 3, 3, 2, 1, 0, 0, 5}, Shape{2, 4}, DType::f32);
  const Array am = reduce(RedOp::argmax, a, 1);
  EXPECT_EQ(am.get_int(0), 1);
  EXPECT_EQ(am.get_int(1), 3);
  const Array an = reduce(RedOp::argmin, a, -1);
  EXPECT_EQ(an.get_int(0), 0);
  EXPECT_EQ(an.get_int(1), 1);
  const Array ai = reduce(RedOp::argmax,
                          from_vector(std::vector<std::int64_t>{4, 9, 9}, Shape{3}, DType::i32), 0);
  EXPECT_EQ(ai.get_int(0), 1);
}

TEST(Reduce, NaNIsIgnoredUnlessTheWholeSliceIsNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array a =
      from_vector(std::vector<double>{nan, 2, 1, nan, nan, nan}, Shape{2, 3}, DType::f32);
  const Array mx = reduce(RedOp::max, a, 1);
  EXPECT_EQ(mx.get_double(0), 2.0);
  EXPECT_TRUE(std::isnan(mx.get_double(1)));
  const Array am = reduce(RedOp::argmax, a, 1);
  EXPECT_EQ(am.get_int(0), 1);
  EXPECT_EQ(am.get_int(1), 0);
  EXPECT_TRUE(std::isnan(reduce(RedOp::sum, a, 1).get_double(0)));
}

TEST(Reduce, SumDTypesFollowTriton) {
  const Array a = full(Shape{100}, 127, DType::i8);
  const Array s = reduce(RedOp::sum, a, 0);
  EXPECT_EQ(s.dtype(), DType::i32);
  EXPECT_EQ(s.get_int(0), 12700);
  EXPECT_EQ(reduce(RedOp::sum, full(Shape{3}, 200, DType::u8), 0).dtype(), DType::u32);
  EXPECT_EQ(reduce(RedOp::sum, full(Shape{5}, 1, DType::boolean), 0).get_int(0), 5);
  // int32 sums wrap.
  EXPECT_EQ(reduce(RedOp::sum, full(Shape{2}, 2147483647, DType::i32), 0).get_int(0), -2);
  // f16 sum keeps f16 and rounds once; accumulating in f16 would stall at 2048.
  const Array h = full(Shape{4096}, 1.0, DType::f16);
  const Array hs = reduce(RedOp::sum, h, 0);
  EXPECT_EQ(hs.dtype(), DType::f16);
  EXPECT_EQ(hs.get_double(0), 4096.0);
  // An explicit dtype casts first.
  EXPECT_EQ(reduce(RedOp::sum, h, 0, false, DType::f32).dtype(), DType::f32);
  EXPECT_EQ(reduce(RedOp::max, full(Shape{3}, 7, DType::i16), 0).dtype(), DType::i16);
}

TEST(Reduce, LongRowSumsAreAccurate) {
  // 1e6 copies of 0.1f: a naive f32 running sum drifts by ~1%.
  const Array a = full(Shape{1000000}, 0.1, DType::f32);
  const double expect = 1000000.0 * static_cast<double>(0.1f);
  EXPECT_EQ(reduce(RedOp::sum, a, 0).get_double(0),
            static_cast<double>(static_cast<float>(expect)));
}

TEST(Reduce, ErrorsNameTheOpAndShape) {
  try {
    reduce(RedOp::max, zeros(Shape{3, 0}), 1);
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("max"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[3, 0]"), std::string::npos) << e.what();
  }
  EXPECT_EQ(reduce(RedOp::sum, zeros(Shape{3, 0}), 1).get_double(2), 0.0);
  try {
    reduce(RedOp::sum, zeros(Shape{3, 4}), 2);
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("sum"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[3, 4]"), std::string::npos) << e.what();
  }
}

TEST(Layout, TransposeOf2DMatchesIndexSwap) {
  const Array a = random_array(Shape{37, 70}, 3, DType::bf16);
  const Array t = trans(a);
  ASSERT_EQ(t.shape(), (Shape{70, 37}));
  ASSERT_EQ(t.dtype(), DType::bf16);
  for (std::int64_t i = 0; i < 37; ++i) {
    for (std::int64_t j = 0; j < 70; ++j) ASSERT_EQ(t.get_double({j, i}), a.get_double({i, j}));
  }
  const Array ti =
      trans(from_vector(std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}, Shape{2, 3}, DType::i32));
  EXPECT_EQ(ti.get_int(1), 4);
  EXPECT_THROW(trans(zeros(Shape{2, 3, 4})), ShapeError);
}

TEST(Layout, PermutationMovesEveryAxis) {
  const Array a = random_array(Shape{2, 3, 4}, 4);
  const Array p = trans(a, {2, 0, 1});
  ASSERT_EQ(p.shape(), (Shape{4, 2, 3}));
  for (std::int64_t i = 0; i < 2; ++i) {
    for (std::int64_t j = 0; j < 3; ++j) {
      for (std::int64_t k = 0; k < 4; ++k)
        ASSERT_EQ(p.get_double({k, i, j}), a.get_double({i, j, k}));
    }
  }
  try {
    trans(a, {0, 0, 1});
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("(0, 0, 1)"), std::string::npos) << e.what();
  }
}

TEST(Layout, ReshapeExpandDimsAndBroadcastTo) {
  const Array a = random_array(Shape{2, 6}, 5);
  const Array r = reshape(a, Shape{3, 4});
  EXPECT_EQ(r.shape(), (Shape{3, 4}));
  EXPECT_EQ(r.get_double({2, 3}), a.get_double({1, 5}));
  EXPECT_THROW(reshape(a, Shape{5}), ShapeError);
  EXPECT_EQ(expand_dims(a, 0).shape(), (Shape{1, 2, 6}));
  EXPECT_EQ(expand_dims(a, -1).shape(), (Shape{2, 6, 1}));
  EXPECT_EQ(expand_dims(a, 1).shape(), (Shape{2, 1, 6}));
  EXPECT_EQ(expand_dims(scalar(3.0, DType::f32), 0).shape(), (Shape{1}));
  EXPECT_THROW(expand_dims(a, 3), ShapeError);
  const Array col = from_vector(std::vector<double>{1, 2, 3}, Shape{3, 1}, DType::f32);
  const Array b = broadcast_to(col, Shape{2, 3, 4});
  EXPECT_EQ(b.shape(), (Shape{2, 3, 4}));
  for (std::int64_t i = 0; i < b.numel(); ++i) {
    EXPECT_EQ(b.get_double(i), static_cast<double>((i / 4) % 3 + 1));
  }
  EXPECT_THROW(broadcast_to(col, Shape{3, 4, 1}), ShapeError);
}

}  // namespace
}  // namespace kernbench::data
