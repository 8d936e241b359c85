#pragma once
/// @file
/// Shape: the dimensions of a dense row-major n-d array, and NumPy
/// broadcasting of shapes.
///
/// Contract:
/// - A Shape holds 0..kMaxRank dimensions inline (no heap); rank 0 is a
///   scalar with numel() == 1. Dimensions are >= 0 (0 means an empty array).
/// - numel() is the product of the dimensions; shapes whose product exceeds
///   2^48 elements are rejected (ShapeError) when built.
/// - Axes may be given negative, counted from the end (-1 = last), wherever
///   a function says so; normalize_axis() does the checking.
/// - broadcast_shapes() follows NumPy: align trailing dimensions; two sizes
///   are compatible when equal or when one of them is 1.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kernbench::data {

/// A user-caused shape error (bad dims, incompatible shapes, bad axis).
/// The message names the op and the shapes involved.
class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Shape {
 public:
  static constexpr int kMaxRank = 8;
  /// Largest accepted element count (2^48), far beyond any tile.
  static constexpr std::int64_t kMaxNumel = std::int64_t{1} << 48;

  Shape() = default;  ///< rank 0 (scalar)
  Shape(std::initializer_list<std::int64_t> dims);
  explicit Shape(std::span<const std::int64_t> dims);

  int rank() const { return rank_; }
  std::int64_t numel() const { return numel_; }
  std::int64_t operator[](int axis) const { return dims_[static_cast<std::size_t>(axis)]; }
  /// Dimension at `axis` (negative counts from the end); throws ShapeError.
  std::int64_t dim(int axis) const;
  std::span<const std::int64_t> dims() const {
    return {dims_.data(), static_cast<std::size_t>(rank_)};
  }
  const std::int64_t* begin() const { return dims_.data(); }
  const std::int64_t* end() const { return dims_.data() + rank_; }

  /// Row-major element strides (last axis has stride 1).
  std::array<std::int64_t, kMaxRank> strides() const;

  /// Copies with a dimension inserted at `pos` (0..rank) / removed / changed.
  Shape inserted(int pos, std::int64_t d) const;
  Shape removed(int pos) const;
  Shape with_dim(int pos, std::int64_t d) const;

  /// "[4, 8]"; a scalar is "[]".
  std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b);

 private:
  void init(std::span<const std::int64_t> dims);
  std::array<std::int64_t, kMaxRank> dims_{};
  int rank_ = 0;
  std::int64_t numel_ = 1;
};

/// Checks `axis` against `rank` (negative counts from the end) and returns it
/// in [0, rank). Throws ShapeError naming `op` and `shape`.
int normalize_axis(int axis, const Shape& shape, std::string_view op);

/// NumPy broadcast of two shapes. Throws ShapeError naming `op`, both shapes
/// and the first incompatible dimension.
Shape broadcast_shapes(const Shape& a, const Shape& b, std::string_view op = "broadcast");

/// Formats a multi-dimensional index "[i, j, k]" of flat index `flat` in `shape`.
std::string index_to_string(const Shape& shape, std::int64_t flat);

}  // namespace kernbench::data
