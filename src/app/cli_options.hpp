#pragma once
/// \file
/// Options shared by several subcommands, declared once.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kernbench::app {

/// `--set KEY=VALUE` (repeatable, applied in order): one hardware-parameter
/// override per occurrence, appended to `sets`.
void add_set_option(CLI::App& cmd, std::vector<std::string>& sets);

}  // namespace kernbench::app
