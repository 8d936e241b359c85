// Writes the configuration reference generated from the parameter table:
//   kernbench_hw_config_doc > docs/configuration.md
#include <iostream>

#include "hw/config/params.hpp"

int main() {
  std::cout << kernbench::hw::configuration_markdown();
  return 0;
}
