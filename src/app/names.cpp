#include "app/names.hpp"

#include <fmt/format.h>

#include "app/errors.hpp"
#include "hw/config/peaks.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

constexpr std::string_view kReduceNames[] = {"sum", "max", "min"};
constexpr std::string_view kSourceNames[] = {"hbm", "tcm"};
// MathOp enumerators are dense from kAdd to kReciprocal.
constexpr std::size_t kMathOpCount = static_cast<std::size_t>(hw::MathOp::reciprocal) + 1;

template <class E>
E parse_choice(std::string_view option, std::string_view text, std::string_view what,
               const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<E>(i);
  throw UsageError(fmt::format("{}: `{}` is not {}; expected one of {}{}", option, text, what,
                               util::join_names(names), util::did_you_mean_suffix(text, names)));
}

template <std::size_t N>
std::vector<std::string> to_vector(const std::string_view (&names)[N]) {
  return {std::begin(names), std::end(names)};
}

}  // namespace

std::string_view to_string(DmaSource s) {
  return kSourceNames[static_cast<std::size_t>(s)];
}
std::string_view to_string(hw::ReduceOp op) {
  return kReduceNames[static_cast<std::size_t>(op)];
}

std::vector<std::string> precision_names() {
  std::vector<std::string> out;
  for (const auto p : hw::kAllPrecisions) out.emplace_back(hw::to_string(p));
  return out;
}

std::vector<std::string> math_op_names() {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kMathOpCount; ++i)
    out.emplace_back(hw::to_string(static_cast<hw::MathOp>(i)));
  return out;
}

std::vector<std::string> reduce_op_names() {
  return to_vector(kReduceNames);
}
std::vector<std::string> dma_source_names() {
  return to_vector(kSourceNames);
}

hw::Precision parse_precision(std::string_view option, std::string_view text) {
  // kAllPrecisions is in enum order, so the index is the enumerator.
  return parse_choice<hw::Precision>(option, text, "a dtype", precision_names());
}
hw::MathOp parse_math_op(std::string_view option, std::string_view text) {
  return parse_choice<hw::MathOp>(option, text, "a math op", math_op_names());
}
hw::ReduceOp parse_reduce_op(std::string_view option, std::string_view text) {
  return parse_choice<hw::ReduceOp>(option, text, "a reduction", reduce_op_names());
}
DmaSource parse_dma_source(std::string_view option, std::string_view text) {
  return parse_choice<DmaSource>(option, text, "a DMA source", dma_source_names());
}

}  // namespace kernbench::app
