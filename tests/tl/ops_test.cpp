// Every language op against a slow scalar reference written here, run as a
// real kernel program on the simulated chip in data mode.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "data/random.hpp"
#include "hw/config/loader.hpp"
#include "tl/errors.hpp"
#include "tl/runner.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using data::DType;
using data::Shape;

namespace {

hw::HwConfig npu() {
  return hw::load_preset("npu-default");
}

/// Runs `body` as a single program; returns what it stored in `out`.
std::vector<double> run1(Runner& r, const Shape& out_shape, DType out_t,
                         const std::function<void(Program&, Ptr)>& body) {
  Ptr out = r.allocate(out_shape, out_t, "out");
  r.launch("test", Grid{1}, [&](Program& tl) { body(tl, out); });
  const data::Array a = r.download(out, out_shape);
  std::vector<double> v(static_cast<std::size_t>(a.numel()));
  for (std::int64_t i = 0; i < a.numel(); ++i) v[static_cast<std::size_t>(i)] = a.get_double(i);
  return v;
}

std::vector<float> host_values(const data::Array& a) {
  std::vector<float> v(static_cast<std::size_t>(a.numel()));
  for (std::int64_t i = 0; i < a.numel(); ++i) {
    v[static_cast<std::size_t>(i)] = static_cast<float>(a.get_double(i));
  }
  return v;
}

}  // namespace

TEST(Ops, ElementwiseMathMatchesScalarReferences) {
  Runner r(npu());
  const std::int64_t n = 64;
  const data::Array xs = data::random_array(Shape{n}, DType::f32, 7, 0.1, 4.0);
  Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  r.upload(x, xs);
  const std::vector<float> xv = host_values(xs);
  struct Case {
    const char* name;
    std::function<Tensor(Program&, const Tensor&)> op;
    std::function<float(float)> ref;
  };
  const std::vector<Case> cases = {
      {"exp", [](Program& tl, const Tensor& t) { return tl.exp(t); },
       [](float v) { return std::exp(v); }},
      {"exp2", [](Program& tl, const Tensor& t) { return tl.exp2(t); },
       [](float v) { return std::exp2(v); }},
      {"log", [](Program& tl, const Tensor& t) { return tl.log(t); },
       [](float v) { return std::log(v); }},
      {"log2", [](Program& tl, const Tensor& t) { return tl.log2(t); },
       [](float v) { return std::log2(v); }},
      {"sqrt", [](Program& tl, const Tensor& t) { return tl.sqrt(t); },
       [](float v) { return std::sqrt(v); }},
      {"rsqrt", [](Program& tl, const Tensor& t) { return tl.rsqrt(t); },
       [](float v) { return 1.0f / std::sqrt(v); }},
      {"abs", [](Program& tl, const Tensor& t) { return tl.abs(-t); }, [](float v) { return v; }},
      {"sigmoid", [](Program& tl, const Tensor& t) { return tl.sigmoid(t); },
       [](float v) { return 1.0f / (1.0f + std::exp(-v)); }},
      {"cos", [](Program& tl, const Tensor& t) { return tl.cos(t); },
       [](float v) { return std::cos(v); }},
      {"sin", [](Program& tl, const Tensor& t) { return tl.sin(t); },
       [](float v) { return std::sin(v); }},
      {"fma", [](Program& tl, const Tensor& t) { return tl.fma(t, t, t); },
       [](float v) { return std::fma(v, v, v); }},
      {"clamp",
       [](Program& tl, const Tensor& t) {
         return tl.clamp(t, tl.scalar(1.0, DType::f32), tl.scalar(2.0, DType::f32));
       },
       [](float v) { return std::min(std::max(v, 1.0f), 2.0f); }},
      {"where", [](Program& tl, const Tensor& t) { return tl.where(t > 2.0, t, t * 10.0); },
       [](float v) { return v > 2.0f ? v : v * 10.0f; }},
      {"maximum", [](Program& tl, const Tensor& t) { return tl.maximum(t, 3.0 - t); },
       [](float v) { return std::max(v, 3.0f - v); }},
      {"minimum", [](Program& tl, const Tensor& t) { return tl.minimum(t, 3.0 - t); },
       [](float v) { return std::min(v, 3.0f - v); }},
      {"div", [](Program&, const Tensor& t) { return 1.0 / t; }, [](float v) { return 1.0f / v; }},
      {"arith", [](Program&, const Tensor& t) { return (t * t - t) + 0.5; },
       [](float v) { return (v * v - v) + 0.5f; }},
  };
  for (const Case& c : cases) {
    const std::vector<double> got = run1(r, Shape{n}, DType::f32, [&](Program& tl, Ptr out) {
      auto offs = tl.arange(0, n);
      auto t = tl.load(x + offs);
      tl.store(out + offs, c.op(tl, t));
    });
    for (std::int64_t i = 0; i < n; ++i) {
      const float want = c.ref(xv[static_cast<std::size_t>(i)]);
      EXPECT_NEAR(got[static_cast<std::size_t>(i)], want, 2e-6 * std::max(1.0f, std::abs(want)))
          << c.name << " at " << i;
    }
  }
}

TEST(Ops, IntegerDivisionAndModuloFollowC) {
  Runner r(npu());
  const std::vector<double> got = run1(r, Shape{8}, DType::i32, [](Program& tl, Ptr out) {
    auto offs = tl.arange(0, 8);
    auto v = offs - 4;  // -4 .. 3
    tl.store(out + offs, v / 3 * 100 + v % 3);
  });
  for (int i = 0; i < 8; ++i) {
    const int v = i - 4;
    EXPECT_EQ(got[static_cast<std::size_t>(i)], v / 3 * 100 + v % 3) << i;
  }
}

TEST(Ops, ReductionsAlongEachAxisWithAndWithoutKeepDims) {
  Runner r(npu());
  const data::Array xs = data::random_array(Shape{4, 8}, DType::f32, 3, -5, 5);
  Ptr x = r.allocate(Shape{4, 8}, DType::f32, "x");
  r.upload(x, xs);
  auto at = [&](int i, int j) { return static_cast<float>(xs.get_double({i, j})); };
  auto tile = [&](Program& tl) {
    auto rows = tl.arange(0, 4).col();
    auto cols = tl.arange(0, 8).row();
    return tl.load(x + rows * 8 + cols);
  };
  const auto sums = run1(r, Shape{4}, DType::f32, [&](Program& tl, Ptr out) {
    tl.store(out + tl.arange(0, 4), tl.sum(tile(tl), 1));
  });
  const auto maxes = run1(r, Shape{8}, DType::f32, [&](Program& tl, Ptr out) {
    tl.store(out + tl.arange(0, 8), tl.max(tile(tl), 0));
  });
  const auto argmins = run1(r, Shape{4}, DType::i32, [&](Program& tl, Ptr out) {
    auto a = tl.argmin(tile(tl), 1, true);  // [4, 1]
    EXPECT_EQ(a.shape(), (Shape{4, 1}));
    tl.store(out + tl.arange(0, 4).col(), a);
  });
  const auto total =
      run1(r, Shape{}, DType::f32, [&](Program& tl, Ptr out) { tl.store(out, tl.sum(tile(tl))); });
  double all = 0;
  for (int i = 0; i < 4; ++i) {
    double s = 0;
    int am = 0;
    for (int j = 0; j < 8; ++j) {
      s += at(i, j);
      if (at(i, j) < at(i, am)) am = j;
    }
    all += s;
    EXPECT_NEAR(sums[static_cast<std::size_t>(i)], s, 1e-5);
    EXPECT_EQ(argmins[static_cast<std::size_t>(i)], am);
  }
  for (int j = 0; j < 8; ++j) {
    float m = at(0, j);
    for (int i = 1; i < 4; ++i) m = std::max(m, at(i, j));
    EXPECT_EQ(maxes[static_cast<std::size_t>(j)], m);
  }
  EXPECT_NEAR(total[0], all, 1e-4);
}

TEST(Ops, DotAccumulatesF16InputsInF32) {
  Runner r(npu());
  const std::int64_t M = 16, N = 32, K = 64;
  const data::Array as = data::random_array(Shape{M, K}, DType::f16, 11, -1, 1);
  const data::Array bs = data::random_array(Shape{K, N}, DType::f16, 12, -1, 1);
  Ptr a = r.allocate(Shape{M, K}, DType::f16, "a");
  Ptr b = r.allocate(Shape{K, N}, DType::f16, "b");
  r.upload(a, as);
  r.upload(b, bs);
  const auto got = run1(r, Shape{M, N}, DType::f32, [&](Program& tl, Ptr out) {
    auto m = tl.arange(0, M).col();
    auto n = tl.arange(0, N).row();
    auto k = tl.arange(0, K);
    auto at = tl.load(a + m * K + k.row());
    auto bt = tl.load(b + k.col() * N + n);
    auto acc = tl.full(Shape{M, N}, 1.0, DType::f32);
    acc = tl.dot(at, bt, acc);
    EXPECT_EQ(acc.dtype(), DType::f32);
    tl.store(out + m * N + n, acc);
  });
  for (std::int64_t i = 0; i < M; ++i) {
    for (std::int64_t j = 0; j < N; ++j) {
      double s = 1.0;
      for (std::int64_t kk = 0; kk < K; ++kk) s += as.get_double({i, kk}) * bs.get_double({kk, j});
      EXPECT_NEAR(got[static_cast<std::size_t>(i * N + j)], s, 1e-4);
    }
  }
}

TEST(Ops, CastRoundsToNearestEven) {
  Runner r(npu());
  // 1 + 2^-11 is halfway between two f16 values: it rounds to even (1.0);
  // 1 + 3 * 2^-11 rounds up to 1 + 2^-9.
  const auto got = run1(r, Shape{2}, DType::f16, [&](Program& tl, Ptr out) {
    auto offs = tl.arange(0, 2);
    auto v = 1.0 + offs.to(DType::f32) * (2.0 * std::ldexp(1.0, -11)) + std::ldexp(1.0, -11);
    tl.store(out + offs, v.to(DType::f16));
  });
  EXPECT_EQ(got[0], 1.0);
  EXPECT_EQ(got[1], 1.0 + std::ldexp(1.0, -9));
}

TEST(Ops, MaskedLoadsAtEveryBoundarySetMaskedLanesToOther) {
  Runner r(npu());
  const std::int64_t n = 37;
  const data::Array xs = data::random_array(Shape{n}, DType::f32, 5, 1, 2);
  Ptr x = r.allocate(Shape{n}, DType::f32, "x");
  r.upload(x, xs);
  for (std::int64_t start : {0, 5, 32, 36}) {
    const auto got = run1(r, Shape{16}, DType::f32, [&](Program& tl, Ptr out) {
      auto offs = start + tl.arange(0, 16);
      auto v = tl.load(x + offs, offs < n, tl.scalar(-7.0, DType::f32));
      tl.store(out + tl.arange(0, 16), v);
    });
    for (std::int64_t i = 0; i < 16; ++i) {
      const std::int64_t idx = start + i;
      const double want = idx < n ? xs.get_double(idx) : -7.0;
      EXPECT_EQ(got[static_cast<std::size_t>(i)], want) << "start " << start << " lane " << i;
    }
  }
}

TEST(Ops, BlockPointersLoadWithBoundaryCheckAndPadding) {
  Runner r(npu());
  const std::int64_t R = 5, C = 6;
  const data::Array xs = data::random_array(Shape{R, C}, DType::f32, 9, 1, 2);
  Ptr x = r.allocate(Shape{R, C}, DType::f32, "x");
  r.upload(x, xs);
  const auto got = run1(r, Shape{4, 4}, DType::f32, [&](Program& tl, Ptr out) {
    auto bp = tl.make_block_ptr(x, {R, C}, {C, 1}, {0, 0}, {4, 4}, {1, 0});
    bp = tl.advance(bp, {3, 4});  // rows 3..6, cols 4..7: partly outside
    auto v = tl.load(bp, {0, 1}, Padding::nan);
    tl.store(out + tl.arange(0, 4).col() * 4 + tl.arange(0, 4).row(), v);
  });
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      const int rr = 3 + i, cc = 4 + j;
      const double g = got[static_cast<std::size_t>(i * 4 + j)];
      if (rr < R && cc < C) {
        EXPECT_EQ(g, xs.get_double({rr, cc}));
      } else {
        EXPECT_TRUE(std::isnan(g)) << i << "," << j;
      }
    }
  }
}

TEST(Ops, TensorDescriptorsReadZeroOutsideTheTensor) {
  Runner r(npu());
  const data::Array xs = data::random_array(Shape{3, 3}, DType::f32, 4, 1, 2);
  Ptr x = r.allocate(Shape{3, 3}, DType::f32, "x");
  r.upload(x, xs);
  const auto got = run1(r, Shape{2, 2}, DType::f32, [&](Program& tl, Ptr out) {
    auto d = tl.make_tensor_descriptor(x, {3, 3}, {3, 1}, {2, 2});
    auto v = tl.load(d, {2, 1});
    tl.store(out + tl.arange(0, 2).col() * 2 + tl.arange(0, 2).row(), v);
  });
  EXPECT_EQ(got[0], xs.get_double({2, 1}));
  EXPECT_EQ(got[1], xs.get_double({2, 2}));
  EXPECT_EQ(got[2], 0.0);
  EXPECT_EQ(got[3], 0.0);
}

TEST(Ops, AtomicsReturnOldValuesAndApplyInSimulatedTimeOrder) {
  Runner r(npu());
  Ptr counter = r.allocate(Shape{1}, DType::i32, "counter");
  r.upload(counter, data::full_int(Shape{1}, 0, DType::i32));
  Ptr olds = r.allocate(Shape{64}, DType::i32, "olds");
  r.launch("count", Grid{64}, [&](Program& tl) {
    auto old = tl.atomic_add(counter, 1);
    tl.store(olds + tl.program_id(0), old);
  });
  EXPECT_EQ(r.download(counter, Shape{1}).get_double(0), 64.0);
  // Every program saw a distinct old value: 0..63 once each.
  const data::Array o = r.download(olds, Shape{64});
  std::vector<int> seen(64, 0);
  for (int i = 0; i < 64; ++i) ++seen[static_cast<std::size_t>(o.get_double(i))];
  for (int i = 0; i < 64; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], 1) << i;
}
