#pragma once
/// @file tensor.hpp
/// `Tensor`: a tile value of a kernel program (Triton's `tl.tensor`), and
/// `Ptr`: a scalar device pointer (a kernel argument).
///
/// A tensor is either
///   - a host value (index arithmetic, pointer tiles, masks, constants),
///     known as soon as it is created in both modes (host_value.hpp), or
///   - a device tile produced by a command on the PE's engines: it occupies
///     TCM until the last handle and the last command reading it are gone,
///     becomes ready when its producer completes, and holds real values in
///     data mode only.
/// Handles are cheap to copy (shared state). Operators on tensors issue work
/// on the program that owns their operands.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "data/array.hpp"
#include "hw/core/command.hpp"
#include "tl/host_value.hpp"

namespace kernbench::tl {

class Program;

/// The layout transform of a device view (a serialisable description of
/// `Tensor::State::view_fn`, for the op log's data effects).
struct ViewStep {
  enum class Kind : std::uint8_t { expand_dims, broadcast_to, trans, reshape } kind = Kind::reshape;
  int axis = 0;       ///< expand_dims
  data::Shape shape;  ///< broadcast_to, reshape
};

/// A device address with the element type it points to.
struct Ptr {
  std::uint64_t addr = 0;
  data::DType dtype = data::DType::f32;
  Ptr operator+(std::int64_t elems) const {
    return {addr + static_cast<std::uint64_t>(elems) * data::size_of(dtype), dtype};
  }
};

class Tensor {
 public:
  struct State {
    Program* prog = nullptr;
    data::Shape shape;
    data::DType dtype = data::DType::f32;
    bool pointer = false;                             ///< values are byte addresses
    data::DType pointee = data::DType::f32;           ///< element type when pointer
    bool device = false;                              ///< produced by a command
    HostValue host;                                   ///< !device
    hw::Completion ready;                             ///< device: producer completion
    hw::TcmBuffer buf;                                ///< device: its TCM bytes
    std::shared_ptr<const data::Array> value;         ///< device, data mode, once ready
    std::shared_ptr<State> view_src;                  ///< device layout view: its source tile
    std::function<data::Array(data::Array)> view_fn;  ///< and the layout transform
    ViewStep view_step;                               ///< view_fn, as data
    /// Device, data mode: the op-log record whose effect produced the value
    /// (set when it completes; hw::kNoRecord without an op log).
    trace::OpId record = hw::kNoRecord;
    trace::NameId producer_name = 0;
  };

  Tensor() = default;
  explicit Tensor(std::shared_ptr<State> s) : s_(std::move(s)) {}

  const data::Shape& shape() const { return s_->shape; }
  data::DType dtype() const { return s_->dtype; }
  std::int64_t numel() const { return s_->shape.numel(); }
  bool is_pointer() const { return s_->pointer; }
  bool on_device() const { return s_->device; }
  Program& program() const { return *s_->prog; }
  State& state() const { return *s_; }
  const std::shared_ptr<State>& shared() const { return s_; }
  bool valid() const { return s_ != nullptr; }

  /// Triton's `x[:, None]` / `x[None, :]`: expand_dims on axis 1 / 0.
  Tensor col() const;  ///< x[:, None]
  Tensor row() const;  ///< x[None, :]
  /// `.to(dtype)`: a cast rounding to nearest even.
  Tensor to(data::DType t) const;
  /// `.T` of a 2-D tile.
  Tensor T() const;

  /// The values (data mode; blocks the program until the tile is ready).
  /// Throws in timing-only mode for a device tile.
  const data::Array& values() const;
  /// The single value of a one-element tensor, as double / int64 (blocks).
  double item() const;
  std::int64_t item_int() const;
  /// True when the one-element tensor is non-zero (blocks): `if (x)`.
  explicit operator bool() const { return item() != 0.0; }

 private:
  std::shared_ptr<State> s_;
};

}  // namespace kernbench::tl
