// The `kernbench` executable: builds the command line, runs the chosen
// command and maps every failure to one line on stderr and an exit code
// (exit_codes.hpp). Nothing below main() prints errors or exits.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <stdexcept>
#include <string_view>

#include "app/cli_errors.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/failure.hpp"
#include "app/interrupt.hpp"
#include "app/kernel_catalog.hpp"
#include "app/resource_limits.hpp"
#include "app/version.hpp"

namespace {

using namespace kernbench::app;

int run(int argc, char** argv) {
  const KernelCatalog kernels = builtin_kernels();
  const CommandContext ctx{std::cout, kernels, &stop_flag()};

  CLI::App app("kernbench: simulate tile kernels on configurable NPU/GPU hardware", "kernbench");
  app.set_version_flag("--version", fmt::format("kernbench {}", version()));
  app.require_subcommand(1);
  app.fallthrough(false);
  add_run_command(app, ctx);
  add_replay_command(app, ctx);
  add_validate_command(app, ctx);
  add_sweep_command(app, ctx);
  add_hw_command(app, ctx);
  add_list_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << error_line(parse_error_message(app, e));
    return kExitUsage;
  }
  std::cout.flush();
  if (!std::cout) throw std::runtime_error("cannot write to standard output");
  return kExitOk;
}

}  // namespace

#ifdef KERNBENCH_WITH_PYTHON
// `kernbench triton ...` runs a Python script (python/src/cli_triton.cpp).
int run_triton(int argc, char** argv);
#endif

int main(int argc, char** argv) {
#ifdef KERNBENCH_WITH_PYTHON
  if (argc >= 2 && std::string_view(argv[1]) == "triton") return run_triton(argc - 2, argv + 2);
#endif
  install_stop_handlers();
  limit_memory();
  try {
    return run(argc, argv);
  } catch (...) {
    std::cout.flush();
    // Whatever a stop signal made fail (the engine's Stopped, an output's
    // Cancelled, a write cut short), the signal is the reason.
    if (const int sig = stop_signal()) {
      std::cerr << interrupted_line(sig);
      return interrupted_exit_code(sig);
    }
    const Failure f = describe_failure(std::current_exception());
    std::cerr << f.line;
    return f.exit_code;
  }
}
