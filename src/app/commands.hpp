#pragma once
/// \file
/// The subcommands of `kernbench`. Each lives in its own cmd_<name>.cpp and
/// registers itself on the root CLI11 app; main() adds them in the order
/// they appear in --help. A command parses options into its own state, runs
/// in the CLI11 callback, builds its whole output before writing it (so a
/// failing command prints nothing on stdout) and reports errors by throwing
/// (see errors.hpp and exit_codes.hpp for how main maps them).
///
/// Adding a command: write cmd_<name>.cpp with add_<name>_command, declare it
/// here, call it from main.cpp, list the file in src/app/CMakeLists.txt.

#include <atomic>
#include <ostream>

namespace CLI {
class App;
}

namespace kernbench::app {

class KernelCatalog;

/// What a command may use besides its options. Owned by main().
struct CommandContext {
  std::ostream& out;             ///< stdout (reports)
  const KernelCatalog& kernels;  ///< kernels built into this binary
  /// Non-zero once a stop signal arrived (app/interrupt.hpp); long commands
  /// poll it (tl::RunOptions::stop, util::AtomicFile). Null: never stopped.
  const std::atomic<int>* stop = nullptr;
};

/// `kernbench hw show|describe|cost ...`
void add_hw_command(CLI::App& root, const CommandContext& ctx);
/// `kernbench list`
void add_list_command(CLI::App& root, const CommandContext& ctx);
/// `kernbench run KERNEL ...`
void add_run_command(CLI::App& root, const CommandContext& ctx);
/// `kernbench replay OPLOG.jsonl --memory FILE.npz [--verify FILE.npz]`
void add_replay_command(CLI::App& root, const CommandContext& ctx);
/// `kernbench validate FILE.jsonl ...`
void add_validate_command(CLI::App& root, const CommandContext& ctx);
/// `kernbench sweep SPEC.yaml ...`, `sweep export|merge|plot ...`
void add_sweep_command(CLI::App& root, const CommandContext& ctx);

}  // namespace kernbench::app
