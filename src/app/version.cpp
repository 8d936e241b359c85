#include "app/version.hpp"

namespace kernbench::app {

std::string_view version() {
  return KERNBENCH_VERSION;
}

}  // namespace kernbench::app
