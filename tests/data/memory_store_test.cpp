#include "data/memory_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "data/convert.hpp"
#include "data/random.hpp"

namespace kernbench::data {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::vector<std::uint64_t> contiguous(std::uint64_t base, std::size_t n, std::uint64_t stride) {
  std::vector<std::uint64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = base + i * stride;
  return v;
}

TEST(MemoryStore, AllocationsStartAtTheBaseAreAlignedAndSeparated) {
  MemoryStore m;
  const auto a = m.allocate(1000, "a");
  const auto b = m.allocate(10, "b", 4096);
  const auto c = m.allocate(1, "c", 1);
  EXPECT_EQ(a, MemoryStore::kBaseAddress);
  EXPECT_EQ(b % 4096, 0u);
  EXPECT_GE(b, a + 1000 + MemoryStore::kRedZoneBytes);
  EXPECT_GE(c, b + 10 + MemoryStore::kRedZoneBytes);
  EXPECT_EQ(m.allocation_at(a + 999)->name, "a");
  EXPECT_EQ(m.allocation_at(a + 1000), nullptr);  // one past the end
  EXPECT_EQ(m.allocation_at(b)->name, "b");
  EXPECT_EQ(m.allocation_at(0), nullptr);
  EXPECT_EQ(m.bytes_in_use(), 1011u);
  ASSERT_EQ(m.allocations().size(), 3u);
  EXPECT_EQ(m.allocations()[1].size, 10u);
}

TEST(MemoryStore, BadAllocationRequestsAreClearErrors) {
  MemoryStore m;
  try {
    m.allocate(0, "empty");
    FAIL() << "expected AllocationError";
  } catch (const AllocationError& e) {
    EXPECT_TRUE(contains(e.what(), "'empty'")) << e.what();
  }
  EXPECT_THROW(m.allocate(MemoryStore::kMaxAllocationBytes + 1, "huge"), AllocationError);
  try {
    m.allocate(16, "odd", 48);
    FAIL() << "expected AllocationError";
  } catch (const AllocationError& e) {
    EXPECT_TRUE(contains(e.what(), "power of two")) << e.what();
  }
  const auto a = m.allocate(64, "x");
  EXPECT_THROW(m.free(a + 8), AllocationError);
  m.free(a);
  EXPECT_THROW(m.free(a), AllocationError);
}

TEST(MemoryStore, OutOfBoundsPastTheEndNamesTheAllocationAndDistance) {
  MemoryStore m;
  const auto a = m.allocate(1024, "x_ptr");
  m.check_range(a, 1024);
  m.check_range(a + 1020, 4);
  try {
    m.check_range(a + 1024, 4);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(contains(msg, "4-byte access at 0x100000400")) << msg;
    EXPECT_TRUE(contains(msg, "'x_ptr'")) << msg;
    EXPECT_TRUE(contains(msg, "base 0x100000000")) << msg;
    EXPECT_TRUE(contains(msg, "1024 bytes")) << msg;
    EXPECT_TRUE(contains(msg, "0 bytes past its end")) << msg;
    EXPECT_TRUE(contains(msg, "0..1020")) << msg;
    EXPECT_EQ(e.address(), a + 1024);
    EXPECT_EQ(e.bytes(), 4u);
  }
  try {
    m.check_range(a + 1022, 4);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    EXPECT_TRUE(contains(e.what(), "offset 1022")) << e.what();
    EXPECT_TRUE(contains(e.what(), "runs 2 bytes past its end")) << e.what();
  }
}

TEST(MemoryStore, OutOfBoundsBeforeAnAllocationAndWithNoAllocations) {
  MemoryStore empty;
  try {
    empty.check_range(0x1234, 2);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    EXPECT_TRUE(contains(e.what(), "no memory has been allocated")) << e.what();
  }
  MemoryStore m;
  const auto a = m.allocate(64, "first");
  const auto b = m.allocate(64, "second", 4096);
  try {
    m.check_range(b - 16, 4);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    EXPECT_TRUE(contains(e.what(), "'second'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "16 bytes before its base")) << e.what();
  }
  try {
    m.check_range(a - 8, 4);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    EXPECT_TRUE(contains(e.what(), "'first'")) << e.what();
  }
  // OutOfBoundsError is a user error (std::runtime_error).
  EXPECT_THROW(m.check_range(b + 64, 1), std::runtime_error);
}

TEST(MemoryStore, AccessAfterFreeIsReported) {
  MemoryStore m;
  const auto a = m.allocate(32, "tmp");
  m.free(a);
  try {
    m.check_range(a, 4);
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& e) {
    EXPECT_TRUE(contains(e.what(), "freed")) << e.what();
  }
  EXPECT_EQ(m.bytes_in_use(), 0u);
  // Freed ranges are not reused.
  EXPECT_GT(m.allocate(32, "next"), a);
}

TEST(MemoryStore, RawReadWriteRoundTrip) {
  MemoryStore m;
  const auto a = m.allocate(16, "buf");
  const std::byte in[4] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  m.write(a + 6, in);
  std::byte out[8] = {};
  m.read(a + 4, out);
  EXPECT_EQ(out[0], std::byte{0});
  EXPECT_EQ(out[2], std::byte{1});
  EXPECT_EQ(out[5], std::byte{4});
  EXPECT_THROW(m.read(a + 12, out), OutOfBoundsError);
}

TEST(MemoryStore, UploadDownloadRoundTripsEveryDType) {
  MemoryStore m;
  for (int i = 0; i < kNumDTypes; ++i) {
    const auto t = static_cast<DType>(i);
    const Array v = random_array(Shape{3, 5}, t, 40 + static_cast<std::uint64_t>(i), -100, 100);
    const auto addr = m.allocate(v.nbytes(), std::string(name(t)));
    m.upload(addr, v);
    const Array back = m.download(addr, v.shape(), t);
    EXPECT_TRUE(identical(back, v))
        << name(t) << ": " << v.to_string() << " vs " << back.to_string();
  }
}

TEST(MemoryStore, BytesAreLittleEndianInTheDTypeEncoding) {
  MemoryStore m;
  const auto a = m.allocate(16, "bytes");
  m.upload(a, from_vector(std::vector<double>{1.0, -2.0}, Shape{2}, DType::f16));
  m.upload(a + 4, from_vector(std::vector<std::int64_t>{-2}, Shape{1}, DType::i32));
  std::byte raw[8];
  m.read(a, raw);
  EXPECT_EQ(raw[0], std::byte{0x00});
  EXPECT_EQ(raw[1], std::byte{0x3C});  // f16 1.0 = 0x3C00
  EXPECT_EQ(raw[3], std::byte{0xC0});  // f16 -2.0 = 0xC000
  EXPECT_EQ(raw[4], std::byte{0xFE});
  EXPECT_EQ(raw[7], std::byte{0xFF});
  // A bool load treats any non-zero byte as true.
  const std::byte two[1] = {std::byte{2}};
  m.write(a + 8, two);
  EXPECT_EQ(m.download(a + 8, Shape{1}, DType::boolean).get_int(0), 1);
  // The same bytes read as another type.
  EXPECT_EQ(m.download(a + 4, Shape{1}, DType::u32).get_int(0), 4294967294LL);
}

TEST(MemoryStore, GatherReadsArbitraryAddressesAndHonoursMasks) {
  MemoryStore m;
  const auto a = m.allocate(4 * 16, "x");
  std::vector<double> vals(16);
  for (int i = 0; i < 16; ++i) vals[static_cast<std::size_t>(i)] = i * 1.5;
  m.upload(a, from_vector(vals, Shape{16}, DType::f32));
  // Column 0 and 2 of a 4x4 row-major matrix, as a [4, 2] tile.
  std::vector<std::uint64_t> addrs;
  for (int r = 0; r < 4; ++r) {
    addrs.push_back(a + 4 * (4 * r + 0));
    addrs.push_back(a + 4 * (4 * r + 2));
  }
  const Array g = m.gather(addrs, DType::f32, Shape{4, 2});
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(g.get_double({r, 0}), (4 * r) * 1.5);
    EXPECT_EQ(g.get_double({r, 1}), (4 * r + 2) * 1.5);
  }
  // Masked-off lanes may point anywhere: they are not accessed.
  std::vector<std::uint64_t> edge = contiguous(a + 4 * 14, 4, 4);  // lanes 2, 3 run off the end
  const Array mask = from_vector(std::vector<std::int64_t>{1, 1, 0, 0}, Shape{4}, DType::boolean);
  const Array other = scalar(-1.0, DType::f32);
  const Array e = m.gather(edge, DType::f32, Shape{4}, &mask, &other);
  EXPECT_EQ(e.get_double(0), 21.0);
  EXPECT_EQ(e.get_double(1), 22.5);
  EXPECT_EQ(e.get_double(2), -1.0);
  EXPECT_EQ(e.get_double(3), -1.0);
  EXPECT_EQ(m.gather(edge, DType::f32, Shape{4}, &mask).get_double(3), 0.0);
  try {
    m.gather(edge, DType::f32, Shape{2, 2});
    FAIL() << "expected OutOfBoundsError";
  } catch (const OutOfBoundsError& err) {
    EXPECT_TRUE(contains(err.what(), "lane [1, 0]")) << err.what();
    EXPECT_TRUE(contains(err.what(), "'x'")) << err.what();
  }
  EXPECT_THROW(m.gather(edge, DType::f32, Shape{3}), ShapeError);
  // A lane far beyond the buffer the previous lane hit is still caught.
  const std::vector<std::uint64_t> far = {a, a + 4096};
  EXPECT_THROW(m.gather(far, DType::f32, Shape{2}), OutOfBoundsError);
}

TEST(MemoryStore, ScatterWritesActiveLanesInOrderAndNothingOnError) {
  MemoryStore m;
  const auto a = m.allocate(8 * 2, "y");
  const Array v = from_vector(std::vector<std::int64_t>{10, 20, 30, 40}, Shape{4}, DType::i16);
  const std::vector<std::uint64_t> addrs = {a, a + 2, a + 2, a + 6};  // lanes 1, 2 collide
  const Array mask = from_vector(std::vector<std::int64_t>{1, 1, 1, 0}, Shape{4}, DType::boolean);
  m.scatter(addrs, v, &mask);
  const Array d = m.download(a, Shape{4}, DType::i16);
  EXPECT_EQ(d.get_int(0), 10);
  EXPECT_EQ(d.get_int(1), 30);  // last lane wins
  EXPECT_EQ(d.get_int(2), 0);
  EXPECT_EQ(d.get_int(3), 0);  // masked off
  const std::vector<std::uint64_t> bad = {a + 8, a + 10, a + 100, a + 12};
  EXPECT_THROW(m.scatter(bad, v), OutOfBoundsError);
  EXPECT_EQ(m.download(a + 8, Shape{1}, DType::i16).get_int(0), 0);  // nothing written
}

TEST(MemoryStore, AtomicsApplyLaneByLaneAndReturnOldValues) {
  MemoryStore m;
  const auto a = m.allocate(64, "counters");
  const std::vector<std::uint64_t> same = {a, a, a};
  const Array ones = full_int(Shape{3}, 1, DType::i32);
  const Array old = m.atomic(AtomicOp::add, same, ones);
  EXPECT_EQ(old.get_int(0), 0);
  EXPECT_EQ(old.get_int(1), 1);
  EXPECT_EQ(old.get_int(2), 2);
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), 3);

  const std::vector<std::uint64_t> one = {a};
  m.atomic(AtomicOp::max, one, full_int(Shape{1}, 7, DType::i32));
  m.atomic(AtomicOp::max, one, full_int(Shape{1}, 5, DType::i32));
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), 7);
  m.atomic(AtomicOp::min, one, full_int(Shape{1}, -2, DType::i32));
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), -2);
  const Array x = m.atomic(AtomicOp::xchg, one, full_int(Shape{1}, 9, DType::i32));
  EXPECT_EQ(x.get_int(0), -2);
  const Array cmp_hit = full_int(Shape{1}, 9, DType::i32);
  const Array cmp_miss = full_int(Shape{1}, 8, DType::i32);
  m.atomic(AtomicOp::cas, one, full_int(Shape{1}, 100, DType::i32), nullptr, &cmp_miss);
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), 9);
  const Array c =
      m.atomic(AtomicOp::cas, one, full_int(Shape{1}, 100, DType::i32), nullptr, &cmp_hit);
  EXPECT_EQ(c.get_int(0), 9);
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), 100);
  m.atomic(AtomicOp::bit_xor, one, full_int(Shape{1}, 0xFF, DType::i32));
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), 100 ^ 0xFF);
  EXPECT_THROW(m.atomic(AtomicOp::cas, one, full_int(Shape{1}, 1, DType::i32)), ValueError);

  // Float atomics round to the dtype: f16 2048 + 1 stays 2048.
  const auto h = m.allocate(2, "half");
  const std::vector<std::uint64_t> hv = {h};
  m.upload(h, full(Shape{1}, 2048.0, DType::f16));
  m.atomic(AtomicOp::add, hv, full(Shape{1}, 1.0, DType::f16));
  EXPECT_EQ(m.download(h, Shape{1}, DType::f16).get_double(0), 2048.0);
  m.atomic(AtomicOp::add, hv, full(Shape{1}, 2.0, DType::f16));
  EXPECT_EQ(m.download(h, Shape{1}, DType::f16).get_double(0), 2050.0);
  EXPECT_THROW(m.atomic(AtomicOp::bit_or, hv, full(Shape{1}, 1.0, DType::f16)), DTypeError);

  // Masked-off lanes are untouched and return 0.
  const Array mask = from_vector(std::vector<std::int64_t>{0, 1, 0}, Shape{3}, DType::boolean);
  const Array mo = m.atomic(AtomicOp::add, same, ones, &mask);
  EXPECT_EQ(mo.get_int(0), 0);
  EXPECT_EQ(mo.get_int(1), (100 ^ 0xFF));
  EXPECT_EQ(m.download(a, Shape{1}, DType::i32).get_int(0), (100 ^ 0xFF) + 1);
}

TEST(MemoryStore, TimingOnlyModeTracksAddressesButHasNoValues) {
  MemoryStore m(false);
  EXPECT_FALSE(m.backed());
  const auto a = m.allocate(std::uint64_t{1} << 36, "big");  // 64 GiB, no bytes behind it
  m.check_range(a + 100, 4);
  const std::vector<std::uint64_t> lanes = {a, a + 4, a + (std::uint64_t{1} << 36)};
  const Array mask = from_vector(std::vector<std::int64_t>{1, 1, 0}, Shape{3}, DType::boolean);
  m.check_lanes(lanes, 4, &mask, "load");
  EXPECT_THROW(m.check_lanes(lanes, 4, nullptr, "load"), OutOfBoundsError);
  try {
    m.gather(lanes, DType::f32, Shape{3}, &mask);
    FAIL() << "expected TimingOnlyError";
  } catch (const TimingOnlyError& e) {
    EXPECT_TRUE(contains(e.what(), "values are not available in timing-only mode")) << e.what();
  }
  std::byte buf[4];
  EXPECT_THROW(m.read(a, buf), TimingOnlyError);
  EXPECT_THROW(m.upload(a, zeros(Shape{2})), TimingOnlyError);
  EXPECT_THROW(m.download(a, Shape{2}, DType::f32), TimingOnlyError);
}

TEST(MemoryStore, CloneIsADeepCopy) {
  MemoryStore m;
  const auto a = m.allocate(8, "v");
  m.upload(a, full(Shape{2}, 1.0, DType::f32));
  MemoryStore c = m.clone();
  c.upload(a, full(Shape{2}, 5.0, DType::f32));
  const auto b = c.allocate(4, "only_in_clone");
  EXPECT_EQ(m.download(a, Shape{2}, DType::f32).get_double(0), 1.0);
  EXPECT_EQ(c.download(a, Shape{2}, DType::f32).get_double(0), 5.0);
  EXPECT_EQ(m.allocation_at(b), nullptr);
  // Both continue allocating from the same cursor.
  EXPECT_EQ(m.allocate(4, "next"), b);
}

TEST(MemoryStore, LoadRowsEqualsTheGatherOfTheSameLanesForEveryDtype) {
  for (DType t : {DType::f32, DType::f16, DType::bf16, DType::f8e4m3, DType::i8, DType::i32}) {
    MemoryStore m;
    const auto base = m.allocate(64 * 64 * size_of(t), "matrix");
    m.upload(base, random_array(Shape{64, 64}, t, 9, -3, 3));
    // A 4 x 8 tile at row 3, column 5 of the 64 x 64 matrix.
    const std::uint64_t es = size_of(t);
    const std::uint64_t first = base + (3 * 64 + 5) * es;
    std::vector<std::uint64_t> lanes;
    for (std::uint64_t r = 0; r < 4; ++r) {
      for (std::uint64_t c = 0; c < 8; ++c) lanes.push_back(first + (r * 64 + c) * es);
    }
    const Array want = m.gather(lanes, t, Shape{4, 8});
    const Array got = m.load_rows(first, 4, 8, 64 * es, t, Shape{4, 8});
    EXPECT_TRUE(identical(got, want)) << name(t);
  }
}

TEST(MemoryStore, StoreRowsWritesOnlyTheRowsAndMatchesScatter) {
  MemoryStore a, b;
  const auto pa = a.allocate(16 * 16 * 2, "m");
  const auto pb = b.allocate(16 * 16 * 2, "m");
  const Array tile = random_array(Shape{3, 4}, DType::f16, 4, -1, 1);
  a.store_rows(pa + (2 * 16 + 1) * 2, 3, 4, 16 * 2, tile);
  std::vector<std::uint64_t> lanes;
  for (std::uint64_t r = 0; r < 3; ++r) {
    for (std::uint64_t c = 0; c < 4; ++c) lanes.push_back(pb + ((2 + r) * 16 + 1 + c) * 2);
  }
  b.scatter(lanes, tile);
  EXPECT_TRUE(identical(a.download(pa, Shape{16, 16}, DType::f16),
                        b.download(pb, Shape{16, 16}, DType::f16)));
}

TEST(MemoryStore, LoadRowsPastTheEndIsOutOfBounds) {
  MemoryStore m;
  const auto base = m.allocate(1024, "small");
  EXPECT_THROW((void)m.load_rows(base, 2, 256, 1024, DType::f32, Shape{2, 256}), OutOfBoundsError);
  EXPECT_THROW(m.store_rows(base + 512, 1, 256, 0, full(Shape{1, 256}, 1.0, DType::f32)),
               OutOfBoundsError);
}

}  // namespace
}  // namespace kernbench::data
