#include "data/npy.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "data/random.hpp"

namespace kernbench::data {
namespace {

std::vector<std::byte> bytes_of(const std::string& s) {
  std::vector<std::byte> b(s.size());
  std::memcpy(b.data(), s.data(), s.size());
  return b;
}

/// A .npy file as numpy.save writes it (version 1.0).
std::vector<std::byte> numpy_file(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xFF);
  out += static_cast<char>(header.size() >> 8);
  return bytes_of(out + header + data);
}

}  // namespace

TEST(Npy, ReadsAFileWrittenByNumpy) {
  // numpy.save of np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)
  std::string data;
  for (std::int32_t v : {1, 2, 3, 4, 5, 6}) data.append(reinterpret_cast<const char*>(&v), 4);
  const NpyArray a = parse_npy(
      numpy_file("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", data), "t.npy");
  EXPECT_EQ(a.dtype, DType::i32);
  EXPECT_EQ(a.shape, (Shape{2, 3}));
  const Array arr = to_array(a);
  EXPECT_EQ(arr.get_int(5), 6);
}

TEST(Npy, WritesAndReadsBackEveryNumpyDtypeBitForBit) {
  const std::string dir = ::testing::TempDir() + "/npy_roundtrip";
  std::filesystem::create_directories(dir);
  for (DType t : {DType::f32, DType::f16, DType::i8, DType::i16, DType::i32, DType::i64, DType::u8,
                  DType::u32, DType::boolean}) {
    const Array a = random_array(Shape{3, 5}, t, 11, -50, 50);
    const std::string path = dir + "/a.npy";
    write_npy(path, from_array(a));
    const Array back = to_array(read_npy(path));
    EXPECT_TRUE(identical(a, back)) << name(t);
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/a.npy.partial"));
}

TEST(Npy, OneDimensionalAndScalarShapesUsePythonTuples) {
  const std::vector<std::byte> one = encode_npy(from_array(zeros(Shape{7}, DType::f32)));
  const std::string text(reinterpret_cast<const char*>(one.data()), one.size());
  EXPECT_NE(text.find("'shape': (7,)"), std::string::npos);
  EXPECT_EQ((text.find('\n') + 1) % 64, 0u) << "the header is padded to 64 bytes";
  const NpyArray back = parse_npy(one, "one.npy");
  EXPECT_EQ(back.shape, (Shape{7}));
  const NpyArray s = parse_npy(encode_npy(from_array(scalar(2.5, DType::f32))), "s.npy");
  EXPECT_EQ(s.shape.rank(), 0);
  EXPECT_EQ(to_array(s).get_double(0), 2.5);
}

TEST(Npy, RejectsWhatItCannotReadWithTheFileAndTheReason) {
  const auto what = [](const std::vector<std::byte>& c) {
    try {
      (void)parse_npy(c, "bad.npy");
    } catch (const NpyError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(what(bytes_of("hello")), "bad.npy: not a .npy file (no \\x93NUMPY magic)");
  EXPECT_NE(what(numpy_file("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
                            std::string(4, '\0')))
                .find("bad.npy: .npy dtype '>f4' is not supported"),
            std::string::npos);
  EXPECT_NE(what(numpy_file("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
                            std::string(4, '\0')))
                .find("Fortran order"),
            std::string::npos);
  EXPECT_EQ(what(numpy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                            std::string(4, '\0'))),
            "bad.npy: .npy data has 4 bytes, expected 8 for f32[2]");
  EXPECT_THROW(write_npy("x.npy", from_array(zeros(Shape{2}, DType::bf16))), NpyError);
  // Version 2.0 has a 4-byte header length: a file cut inside it is refused.
  EXPECT_EQ(what(bytes_of(std::string("\x93NUMPY\x02\x00\x10\x00", 10))),
            "bad.npy: truncated .npy header");
}

}  // namespace kernbench::data
