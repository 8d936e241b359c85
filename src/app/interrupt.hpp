#pragma once
/// @file interrupt.hpp
/// Stopping a command on SIGINT (Ctrl-C) or SIGTERM: promptly, with exit
/// code 128 + signal (130, 143), one line on stderr, and no partial output
/// files (docs/adr/0046-atomic-outputs-and-interruption.md).
///
/// The handler does the one thing a signal handler may safely do: it stores
/// the signal number in a lock-free atomic flag (the only global mutable
/// state of kernbench, and only because a handler can reach nothing else).
/// Everything else polls the flag: the engine between events (through
/// tl::RunOptions::stop), output files at every buffer flush and before
/// their rename (util::AtomicFile), commands before they print. The
/// handlers are installed with SA_RESETHAND: a second Ctrl-C while the first
/// is being honoured kills the process at once (the default action), which
/// can leave a hidden temporary file but never a truncated output.

#include <atomic>
#include <stdexcept>
#include <string>

namespace kernbench::app {

/// Installs the SIGINT and SIGTERM handlers (main() calls it once).
void install_stop_handlers();

/// Puts SIGINT and SIGTERM back to their default action (terminate), for
/// commands that do not poll the flag (`sweep`, whose forked workers would
/// otherwise swallow a Ctrl-C).
void restore_default_stop_handlers();

/// The flag the handlers set: 0, or the number of the first stop signal.
const std::atomic<int>& stop_flag();

/// The signal received so far (0: none).
int stop_signal();

/// Throws Interrupted when a stop signal has arrived.
void throw_if_stopped();

/// Sets the flag as the handler would (tests).
void request_stop_for_testing(int signal);

/// A stop signal ended the command.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// "SIGINT", "SIGTERM" (else "signal N").
std::string signal_name(int signal);

/// 128 + signal, the shell's convention (130 for SIGINT, 143 for SIGTERM).
int interrupted_exit_code(int signal);

/// "kernbench: interrupted by SIGINT: stopped; no output file was written\n".
std::string interrupted_line(int signal);

}  // namespace kernbench::app
