#include "data/npz.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "data/random.hpp"

namespace kernbench::data {
namespace {

std::string fixture(const std::string& name) {
  const char* root = std::getenv("KERNBENCH_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/tests/data/fixtures/" + name;
}

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/" + name;
  std::filesystem::create_directories(dir);
  return dir;
}

std::string error_of(const std::string& path) {
  try {
    (void)read_npz(path);
  } catch (const NpzError& e) {
    return e.what();
  }
  return "no error";
}

/// Both fixtures hold x=f32[2,3], i=int32 arange(-3,5), b=bool[3], h=f16[4]
/// (tests/data/fixtures, written by numpy 2.4 with savez / savez_compressed).
void expect_numpy_fixture(const NpzArchive& a) {
  ASSERT_EQ(a.arrays.size(), 4u);
  EXPECT_EQ(a.arrays[0].first, "x");
  const NpyArray* x = a.find("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->dtype, DType::f32);
  EXPECT_EQ(x->shape, (Shape{2, 3}));
  EXPECT_EQ(to_array(*x).get_double(1), -2.25);
  EXPECT_EQ(to_array(*x).get_double(5), -7.0);
  const Array i = to_array(*a.find("i"));
  EXPECT_EQ(i.dtype(), DType::i32);
  EXPECT_EQ(i.get_int(0), -3);
  EXPECT_EQ(i.get_int(7), 4);
  const Array b = to_array(*a.find("b"));
  EXPECT_EQ(b.dtype(), DType::boolean);
  EXPECT_EQ(b.get_int(1), 0);
  EXPECT_EQ(b.get_int(2), 1);
  const Array h = to_array(*a.find("h"));
  EXPECT_EQ(h.dtype(), DType::f16);
  EXPECT_EQ(h.get_double(3), 65504.0);
  EXPECT_EQ(a.find("missing"), nullptr);
}

}  // namespace

TEST(Npz, ReadsAnUncompressedArchiveWrittenByNumpySavez) {
  expect_numpy_fixture(read_npz(fixture("numpy_savez.npz")));
}

TEST(Npz, ReadsADeflatedArchiveWrittenByNumpySavezCompressed) {
  expect_numpy_fixture(read_npz(fixture("numpy_savez_compressed.npz")));
}

TEST(Npz, WritesAndReadsBackEveryNumpyDtypeBitForBitInOrder) {
  const std::string dir = temp_dir("npz_roundtrip");
  NpzArchive out;
  const DType types[] = {DType::f32, DType::f16, DType::i8,  DType::i16,    DType::i32,
                         DType::i64, DType::u8,  DType::u32, DType::boolean};
  for (DType t : types)
    out.add(std::string(name(t)), from_array(random_array(Shape{4, 7}, t, 3, -50, 50)));
  out.add("empty", from_array(zeros(Shape{0}, DType::f32)));
  const std::string path = dir + "/m.npz";
  write_npz(path, out);
  const NpzArchive back = read_npz(path);
  ASSERT_EQ(back.arrays.size(), out.arrays.size());
  for (std::size_t k = 0; k < out.arrays.size(); ++k) {
    EXPECT_EQ(back.arrays[k].first, out.arrays[k].first);
    EXPECT_TRUE(identical(to_array(back.arrays[k].second), to_array(out.arrays[k].second)))
        << out.arrays[k].first;
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(Npz, RefusesAnArrayWithoutANumpyDtypeNamingItAndLeavesNoFile) {
  const std::string dir = temp_dir("npz_bf16");
  NpzArchive out;
  NpyArray bf;
  bf.dtype = DType::bf16;
  bf.shape = Shape{2};
  bf.bytes.resize(4);
  out.arrays.emplace_back("w", bf);
  const std::string path = dir + "/w.npz";
  try {
    write_npz(path, out);
    FAIL() << "bf16 written";
  } catch (const NpzError& e) {
    EXPECT_NE(std::string(e.what()).find("array 'w'"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Npz, RefusesADuplicateOrEmptyName) {
  NpzArchive a;
  a.add("x", from_array(zeros(Shape{1})));
  EXPECT_THROW(a.add("x", from_array(zeros(Shape{1}))), NpzError);
  EXPECT_THROW(a.add("", from_array(zeros(Shape{1}))), NpzError);
}

TEST(Npz, ACorruptOrTruncatedFileIsAnErrorNamingIt) {
  const std::string dir = temp_dir("npz_corrupt");
  const std::string garbage = dir + "/garbage.npz";
  std::ofstream(garbage) << "this is not a zip file at all";
  const std::string g = error_of(garbage);
  EXPECT_EQ(g.rfind(garbage + ": cannot read the .npz file", 0), 0u) << g;

  // The first half of a real archive: the central directory is gone.
  std::ifstream in(fixture("numpy_savez.npz"), std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = dir + "/cut.npz";
  std::ofstream(cut, std::ios::binary) << whole.substr(0, whole.size() / 2);
  EXPECT_EQ(error_of(cut).rfind(cut + ": ", 0), 0u) << error_of(cut);

  EXPECT_EQ(error_of(dir + "/absent.npz").rfind(dir + "/absent.npz: ", 0), 0u);
}

TEST(Npz, ACorruptMemberIsAnErrorNamingTheMember) {
  const std::string dir = temp_dir("npz_member");
  std::ifstream in(fixture("numpy_savez.npz"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Flip a data byte of the first (stored) member, x.npy: its CRC no longer matches.
  const std::size_t at = bytes.find("NUMPY") + 140;
  bytes[at] = static_cast<char>(bytes[at] ^ 0x5A);
  const std::string path = dir + "/crc.npz";
  std::ofstream(path, std::ios::binary) << bytes;
  const std::string e = error_of(path);
  EXPECT_EQ(e.rfind(path + ": member 'x.npy': ", 0), 0u) << e;
}

}  // namespace kernbench::data
