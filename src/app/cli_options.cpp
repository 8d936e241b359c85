#include "app/cli_options.hpp"

#include <CLI/CLI.hpp>

namespace kernbench::app {

void add_set_option(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets,
                 "Override one hardware parameter, e.g. --set pe.tcm.size=2MiB (repeatable; "
                 "applied in order; see `kernbench hw describe`)")
      ->type_name("KEY=VALUE")
      ->expected(1)
      ->allow_extra_args(false)  // one KEY=VALUE per --set, so a positional after it stays one
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace kernbench::app
