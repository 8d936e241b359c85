#include "app/interrupt.hpp"

#include <csignal>

#include <fmt/format.h>

namespace kernbench::app {
namespace {

// The one global: a signal handler can reach nothing else (ADR 0046).
std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free,
              "the stop flag must be lock-free to be set from a signal handler");

extern "C" void on_stop_signal(int sig) {
  int expected = 0;
  g_stop.compare_exchange_strong(expected, sig, std::memory_order_relaxed);
}

}  // namespace

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = &on_stop_signal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocking read or write returns EINTR and its caller
  // polls the flag. SA_RESETHAND: a second signal takes the default action.
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void restore_default_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

const std::atomic<int>& stop_flag() {
  return g_stop;
}

int stop_signal() {
  return g_stop.load(std::memory_order_relaxed);
}

void throw_if_stopped() {
  if (const int sig = stop_signal()) throw Interrupted(sig);
}

void request_stop_for_testing(int signal) {
  g_stop.store(signal, std::memory_order_relaxed);
}

Interrupted::Interrupted(int signal)
    : std::runtime_error(fmt::format("interrupted by {}", signal_name(signal))), signal_(signal) {}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return fmt::format("signal {}", signal);
  }
}

int interrupted_exit_code(int signal) {
  return 128 + signal;
}

std::string interrupted_line(int signal) {
  return fmt::format("kernbench: interrupted by {}: stopped; no output file was written\n",
                     signal_name(signal));
}

}  // namespace kernbench::app
