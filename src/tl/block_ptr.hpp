#pragma once
/// @file block_ptr.hpp
/// Block pointers (`tl.make_block_ptr`) and tensor descriptors: a tile
/// window into a strided global tensor, described by its shape and strides (in
/// elements). Loads through them are bounds-checked per dimension
/// (`boundary_check`), out-of-range lanes read the padding value.

#include <cstdint>
#include <vector>

#include "data/dtype.hpp"

namespace kernbench::tl {

struct Ptr;

enum class Padding : std::uint8_t { zero, nan };

struct BlockPtr {
  std::uint64_t base = 0;
  data::DType dtype = data::DType::f32;
  std::vector<std::int64_t> shape;        ///< global extent per dimension
  std::vector<std::int64_t> strides;      ///< elements per step per dimension
  std::vector<std::int64_t> offsets;      ///< tile origin per dimension
  std::vector<std::int64_t> block_shape;  ///< tile extent per dimension
  std::vector<int> order;                 ///< memory order hint (recorded only)
};

struct TensorDescriptor {
  std::uint64_t base = 0;
  data::DType dtype = data::DType::f32;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;
  std::vector<std::int64_t> block_shape;
};

}  // namespace kernbench::tl
