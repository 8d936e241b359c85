// What a kernel's op log records: operands and results of any rank, the
// result of every command, reduction axes, accumulate dtypes, the producers
// that held a command back, and which commands wrote memory.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "data/random.hpp"
#include "hw/config/loader.hpp"
#include "tl/runner.hpp"

using namespace kernbench;
using namespace kernbench::tl;
using data::DType;
using data::Shape;

namespace {

hw::HwConfig npu() {
  return hw::load_preset("npu-default");
}

std::vector<std::uint32_t> dims(const trace::OpLog& log, const trace::OpRecord& r, std::size_t i) {
  const auto s = log.shape(r, i);
  return {s.begin(), s.end()};
}

const trace::OpRecord& first_named(const trace::OpLog& log, std::string_view name) {
  for (const trace::OpRecord& r : log) {
    if (log.name(r.name) == name) return r;
  }
  throw std::runtime_error("no record named " + std::string(name));
}

}  // namespace

TEST(OpLogContent, ATileOfRankFiveLogsItsOperandAndResultShapes) {
  Runner r(npu());
  const Shape flat{32};
  Ptr x = r.allocate(flat, DType::f32, "x");
  Ptr out = r.allocate(flat, DType::f32, "out");
  r.upload(x, data::random_array(flat, DType::f32, 1, -1.0, 1.0));
  r.launch("rank5", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 32);
    auto t = tl.reshape(tl.load(x + offs), Shape{2, 2, 2, 2, 2});
    auto e = tl.exp(t);
    tl.store(out + offs, tl.reshape(e, flat));
  });
  const trace::OpRecord& exp = first_named(r.log(), "exp");
  ASSERT_EQ(exp.num_operands, 2);
  EXPECT_TRUE(exp.flags & trace::kHasResult);
  EXPECT_EQ(dims(r.log(), exp, 0), (std::vector<std::uint32_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(dims(r.log(), exp, 1), (std::vector<std::uint32_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(r.log().dtype(exp, 1), static_cast<std::uint8_t>(DType::f32));
}

TEST(OpLogContent, ALoadRecordsTheShapeAndDtypeOfTheTileItLoads) {
  Runner r(npu());
  Ptr x = r.allocate(Shape{64}, DType::f16, "x");
  r.launch("load", Grid{1}, [&](Program& tl) { (void)tl.load(x + tl.arange(0, 64)); });
  const trace::OpRecord& load = *std::find_if(r.log().begin(), r.log().end(), [](const auto& rec) {
    return rec.kind == trace::OpKind::DmaRead;
  });
  ASSERT_EQ(load.num_operands, 1);
  EXPECT_TRUE(load.flags & trace::kHasResult);
  EXPECT_EQ(dims(r.log(), load, 0), (std::vector<std::uint32_t>{64}));
  EXPECT_EQ(r.log().dtype(load, 0), static_cast<std::uint8_t>(DType::f16));
  EXPECT_TRUE(load.changes_memory) << "a load writes its tile into the TCM";
}

TEST(OpLogContent, AReductionRecordsItsAxisAndKeepDims) {
  Runner r(npu());
  Ptr x = r.allocate(Shape{8, 16}, DType::f32, "x");
  r.launch("sum", Grid{1}, [&](Program& tl) {
    auto rows = tl.expand_dims(tl.arange(0, 8), 1);
    auto cols = tl.expand_dims(tl.arange(0, 16), 0);
    auto t = tl.load(x + rows * 16 + cols);
    (void)tl.sum(t, -1, true);
  });
  const trace::OpRecord& sum = first_named(r.log(), "sum");
  EXPECT_EQ(sum.axis, 1);
  EXPECT_TRUE(sum.flags & trace::kKeepDims);
  EXPECT_EQ(dims(r.log(), sum, 1), (std::vector<std::uint32_t>{8, 1}));
  EXPECT_TRUE(sum.changes_memory) << "the result is written to the TCM";
}

TEST(OpLogContent, ADotRecordsItsAccumulateDtype) {
  Runner r(npu());
  Ptr a = r.allocate(Shape{16, 16}, DType::f16, "a");
  r.launch("dot", Grid{1}, [&](Program& tl) {
    auto rows = tl.expand_dims(tl.arange(0, 16), 1);
    auto cols = tl.expand_dims(tl.arange(0, 16), 0);
    auto t = tl.load(a + rows * 16 + cols);
    (void)tl.dot(t, t);
  });
  const trace::OpRecord& dot = first_named(r.log(), "dot");
  EXPECT_EQ(dot.acc_dtype, static_cast<std::uint8_t>(DType::f32));
  ASSERT_EQ(dot.num_operands, 3);
  EXPECT_EQ(r.log().dtype(dot, 2), static_cast<std::uint8_t>(DType::f32));
}

TEST(OpLogContent, AnAtomicRecordsTheStoreThatHeldItBack) {
  Runner r(npu());
  const std::int64_t n = 1024;
  Ptr x = r.allocate(Shape{8 * n}, DType::f32, "x");
  Ptr y = r.allocate(Shape{n}, DType::f32, "y");
  r.launch("atomic", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, n);
    // Five loads in flight, then a store and an atomic on the same tile:
    // the atomic waits for all of them, and the store finishes last.
    auto acc = tl.load(x + offs);
    for (int k = 1; k < 5; ++k) acc = acc + tl.load(x + k * n + offs);
    tl.store(y + offs, acc);
    (void)tl.atomic_add(y + offs, acc);
  });
  r.log().finalize();
  const trace::OpRecord* store = nullptr;
  const trace::OpRecord* atomic = nullptr;
  for (const trace::OpRecord& rec : r.log()) {
    if (r.log().name(rec.name) == "store") store = &rec;
    if (r.log().name(rec.name) == "atomic_add") atomic = &rec;
  }
  ASSERT_NE(store, nullptr);
  ASSERT_NE(atomic, nullptr);
  const auto deps = atomic->dep_ids();
  EXPECT_NE(std::find(deps.begin(), deps.end(), store->id), deps.end())
      << "the atomic's deps must include the store it waited for";
  EXPECT_TRUE(atomic->changes_memory);
  // Every recorded producer finished no later than the atomic started.
  for (const std::uint32_t d : deps) EXPECT_LE(r.log().by_id(d).t_end, atomic->t_start);
}

TEST(OpLogContent, EveryCommandThatWritesTheTcmOrGlobalMemoryIsMarked) {
  Runner r(npu());
  Ptr x = r.allocate(Shape{256}, DType::f32, "x");
  Ptr out = r.allocate(Shape{256}, DType::f32, "out");
  r.launch("copy", Grid{1}, [&](Program& tl) {
    auto offs = tl.arange(0, 256);
    tl.store(out + offs, tl.exp(tl.load(x + offs)));
  });
  ASSERT_EQ(r.log().size(), 3u);
  for (const trace::OpRecord& rec : r.log()) {
    EXPECT_TRUE(rec.changes_memory) << r.log().name(rec.name);
  }
}
