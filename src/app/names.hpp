#pragma once
/// \file
/// Command-line spellings of the hardware model's enums, and their parsers.
///
/// Each parse_* function takes the option name (for the message) and the text
/// given; an unknown text throws UsageError
/// "<option>: `<text>` is not <what>; expected one of <list> (did you mean `x`?)".

#include <string>
#include <string_view>
#include <vector>

#include "hw/config/hw_config.hpp"
#include "hw/models/math_cost.hpp"

namespace kernbench::app {

/// Where a DMA descriptor reads from: HBM (through the memory system) or the
/// PE's own TCM.
enum class DmaSource { hbm, tcm };
std::string_view to_string(DmaSource s);

/// Spellings, in enum order.
std::vector<std::string> precision_names();   ///< f16 bf16 fp8 int8 tf32 f32
std::vector<std::string> math_op_names();     ///< add ... reciprocal
std::vector<std::string> reduce_op_names();   ///< sum max min
std::vector<std::string> dma_source_names();  ///< hbm tcm

hw::Precision parse_precision(std::string_view option, std::string_view text);
hw::MathOp parse_math_op(std::string_view option, std::string_view text);
hw::ReduceOp parse_reduce_op(std::string_view option, std::string_view text);
std::string_view to_string(hw::ReduceOp op);
DmaSource parse_dma_source(std::string_view option, std::string_view text);

}  // namespace kernbench::app
