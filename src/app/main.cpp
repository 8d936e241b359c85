// The `kernbench` executable: builds the command line, runs the chosen
// command and maps every failure to one line on stderr and an exit code
// (exit_codes.hpp). Nothing below main() prints errors or exits.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <stdexcept>

#include "app/cli_errors.hpp"
#include "app/commands.hpp"
#include "app/errors.hpp"
#include "app/exit_codes.hpp"
#include "app/kernel_catalog.hpp"
#include "app/version.hpp"

namespace {

using namespace kernbench::app;

int fail(int code, std::string_view kind, std::string_view message) {
  std::cout.flush();
  // Messages are one line: a multi-line library message is folded so
  // scripts can rely on `kernbench: error: ...` being the whole report.
  std::string line(message);
  for (auto& c : line)
    if (c == '\n') c = ' ';
  std::cerr << "kernbench: " << kind << ": " << line << "\n";
  return code;
}

int run(int argc, char** argv) {
  const KernelCatalog kernels = builtin_kernels();
  const CommandContext ctx{std::cout, kernels};

  CLI::App app("kernbench: simulate tile kernels on configurable NPU/GPU hardware", "kernbench");
  app.set_version_flag("--version", fmt::format("kernbench {}", version()));
  app.require_subcommand(1);
  app.fallthrough(false);
  add_hw_command(app, ctx);
  add_list_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(kExitUsage, "error", parse_error_message(app, e));
  }
  std::cout.flush();
  return std::cout ? kExitOk : fail(kExitUserError, "error", "cannot write to standard output");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    return fail(kExitUsage, "error", e.what());
  } catch (const std::runtime_error& e) {
    return fail(kExitUserError, "error", e.what());
  } catch (const std::logic_error& e) {
    return fail(kExitInternal, "internal error", e.what());
  } catch (const std::exception& e) {
    return fail(kExitInternal, "internal error", e.what());
  } catch (...) {
    return fail(kExitInternal, "internal error", "unknown exception");
  }
}
