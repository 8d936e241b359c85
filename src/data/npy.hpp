#pragma once
/// @file npy.hpp
/// NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): read and write
/// uncompressed, C-ordered, little-endian arrays of the dtypes NumPy and
/// kernbench share. See docs/adr/0035-npy-reader-writer.md.
///
/// Contract:
/// - Dtypes: `<f4` f32, `<f2` f16, `|i1` int8, `<i2` int16, `<i4` int32,
///   `<i8` int64, `|u1` uint8, `<u4` uint32, `|b1` bool (the `<`/`|` byte-order
///   marks `=` and, for one-byte types, `<` are accepted too). bf16 and fp8
///   have no NumPy dtype: writing them is an NpyError.
/// - `bytes` hold the elements in kernbench's memory encoding, which for these
///   dtypes is NumPy's little-endian layout, element 0 first (row-major).
/// - Errors are NpyError whose message starts with the file path and says what
///   was found and what was expected (big-endian data, Fortran order, an
///   unknown dtype, a truncated file, rank > data::Shape::kMaxRank).
/// - write_npy writes a temporary file next to the target and renames it: a
///   failed write never leaves a partial file.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/array.hpp"
#include "data/dtype.hpp"
#include "data/shape.hpp"

namespace kernbench::data {

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NpyArray {
  DType dtype = DType::f32;
  Shape shape;
  std::vector<std::byte> bytes;  ///< shape.numel() * size_of(dtype) bytes
};

/// Parses .npy content; `origin` names it in errors.
NpyArray parse_npy(const std::vector<std::byte>& content, const std::string& origin);
/// Reads a .npy file.
NpyArray read_npy(const std::string& path);
/// The .npy encoding of `a` (version 1.0 header, 64-byte aligned).
std::vector<std::byte> encode_npy(const NpyArray& a);
/// Writes a .npy file (atomically: temporary file, then rename).
void write_npy(const std::string& path, const NpyArray& a);

/// Conversions to and from a host Array (same dtype, same values).
Array to_array(const NpyArray& a);
NpyArray from_array(const Array& a);

}  // namespace kernbench::data
