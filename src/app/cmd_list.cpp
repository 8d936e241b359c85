// `kernbench list`: presets and kernels available in this binary.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands.hpp"
#include "app/kernel_catalog.hpp"
#include "app/list_report.hpp"

namespace kernbench::app {

void add_list_command(CLI::App& root, const CommandContext& ctx) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = root.add_subcommand("list", "Built-in hardware presets and kernels");
  cmd->add_flag("--json", *json, "Print JSON instead of text");
  cmd->callback([json, ctx] {
    const auto presets = preset_infos();
    if (*json) {
      nlohmann::ordered_json j = list_json(presets, ctx.kernels);
      j["kernels"] = kernels_list_json(ctx.kernels);  // with each kernel's parameters
      ctx.out << j.dump(2) << "\n";
    } else {
      ctx.out << presets_text(presets) << "\n" << kernels_list_text(ctx.kernels);
    }
  });
}

}  // namespace kernbench::app
