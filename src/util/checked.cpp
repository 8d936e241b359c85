#include "util/checked.hpp"

#include <fmt/format.h>

namespace kernbench::util {

void throw_overflow(std::string_view what, std::string_view a, char op, std::string_view b) {
  throw OverflowError(
      fmt::format("{} overflows: {} {} {} does not fit in 64 bits", what, a, op, b));
}

}  // namespace kernbench::util
