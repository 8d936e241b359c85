#pragma once
/// \file
/// One point in one child process: fork, run, send the outcome back
/// through a pipe, exit. A crash, a memory overrun or a hang then ends the
/// child, never the sweep.
///
/// In the child: it dies with its parent (PR_SET_PDEATHSIG), writes no core
/// file, runs under RLIMIT_AS when a memory limit is set (an allocation
/// beyond it fails with std::bad_alloc, reported as exceeding the limit),
/// and leaves with _exit so nothing of the parent (the results database,
/// MPI) is touched. The parent enforces the time limit (deadline, then
/// SIGKILL) and decodes the end: a payload, a crash signal, a timeout, or
/// a SIGKILL it did not send (the point was lost, not failed: see
/// Finished::lost).

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "sweep/outcome.hpp"
#include "sweep/point.hpp"
#include "sweep/spec.hpp"

namespace kernbench::sweep {

/// Runs one point in the calling process; may throw (the message becomes
/// the point's error).
using RunPoint = std::function<Outcome(const Point&)>;

using Clock = std::chrono::steady_clock;

struct ChildProcess {
  pid_t pid = -1;
  int fd = -1;  ///< read end of the result pipe; -1 once at EOF
  std::string payload;
  Clock::time_point start;
  std::optional<Clock::time_point> deadline;
  bool timed_out = false;
};

/// Forks a child that runs `point`. Throws std::runtime_error when the
/// system refuses the pipe or the fork.
ChildProcess spawn_point(const Point& point, const RunPoint& run, const Limits& limits);

/// Reads what is available; returns false at EOF (fd closed).
bool read_some(ChildProcess& c);

/// Kills the child (SIGKILL) as over its time limit.
void kill_for_time(ChildProcess& c);

struct Finished {
  Outcome outcome;
  bool lost = false;  ///< killed by a signal the sweep did not send: run it again
};

/// Waits for the child (after EOF) and decodes its end.
Finished reap(ChildProcess& c, const Limits& limits);

/// Kills and reaps a child that will not be waited for (cleanup).
void abandon(ChildProcess& c);

/// This machine's host name.
std::string host_name();

}  // namespace kernbench::sweep
