#pragma once
/// @file effect_desc.hpp
/// A data effect as data: what an op does to tile values and memory, in a
/// form the op log can carry and `kernbench replay` can recompute from a
/// file (docs/adr/0038-data-effects-in-the-op-log.md, docs/trace-format.md).
///
/// An op site builds an EffectDesc next to its Compute closure when the
/// runner records effects (RunOptions::record_effects). When the command
/// completes, effect_json() turns it into the record's `effect` object; the
/// inputs are resolved then, so each refers to the record that produced it:
///   {"r": ID}                    the value the effect of record ID produced
///   {"r": ID, "view": [STEP...]} the same through layout views
///   {"lit": ARRAY}               a value known on the host (indices, masks,
///                                constants, values read back by item())
/// ARRAY is {"dtype": CODE, "shape": [...], "b64": BASE64} (memory encoding,
/// little-endian, row-major). A view STEP is {"expand_dims": AXIS},
/// {"broadcast_to": [...]}, {"trans": true} or {"reshape": [...]}.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/array.hpp"
#include "data/dot.hpp"
#include "tl/tensor.hpp"

namespace kernbench::tl {

struct EffectDesc {
  /// "load", "store", "atomic", "binary", "unary", "where", "fma", "clamp",
  /// "reduce", "dot", "cast"; nullptr: no description (not recording).
  const char* op = nullptr;
  /// Value inputs in the op's order; null entries are absent optional
  /// operands (a load's `other`, a dot's accumulator, a cas's comparand).
  std::vector<std::shared_ptr<Tensor::State>> in;
  int code = -1;  ///< BinOp / UnOp / RedOp / AtomicOp, as its name's index
  std::optional<int> axis;
  bool keep_dims = false;
  data::DType dtype = data::DType::f32;  ///< cast target, dot result, memory element
  data::DotPrecision precision = data::DotPrecision::ieee;
  data::Shape shape;                                        ///< memory ops: the lane shape
  std::shared_ptr<const std::vector<std::uint64_t>> addrs;  ///< memory ops: one per lane
  std::shared_ptr<const data::Array> mask;                  ///< memory ops, optional

  [[nodiscard]] bool empty() const { return op == nullptr; }
};

/// The record's `effect` object as JSON text (no surrounding key).
std::string effect_json(const EffectDesc& d);

}  // namespace kernbench::tl
