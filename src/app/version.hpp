#pragma once
/// \file
/// The version of this build (the CMake project version).

#include <string_view>

namespace kernbench::app {

std::string_view version();

}  // namespace kernbench::app
