#pragma once
/// \file
/// A worker process of a sweep: forked from the sweep (no exec), it runs
/// the points it is handed one after the other and sends each outcome back.
/// A crash, a memory overrun or a hang ends the worker, never the sweep.
///
/// Protocol (two pipes): the parent writes a point's index (8 bytes,
/// native order) to the task pipe; the worker answers with one message on
/// the result pipe, an 8-byte length then JSON {ok, error, report}. The
/// worker exits when the task pipe closes.
///
/// In the worker: it dies with its parent (PR_SET_PDEATHSIG), writes no
/// core file, runs under RLIMIT_AS when a memory limit is set (an
/// allocation beyond it fails with std::bad_alloc, reported as exceeding
/// the limit), returns freed memory to the system after each point, and
/// leaves with _exit, so nothing of the parent (the results database, MPI)
/// is touched. The parent enforces the time limit (deadline, then SIGKILL)
/// and decodes a worker's end: a crash signal, a timeout, or a SIGKILL it
/// did not send (the point was lost, not failed: see Finished::lost).

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sweep/outcome.hpp"
#include "sweep/point.hpp"
#include "sweep/spec.hpp"

namespace kernbench::sweep {

/// Runs one point in the calling process; may throw (the message becomes
/// the point's error).
using RunPoint = std::function<Outcome(const Point&)>;

using Clock = std::chrono::steady_clock;

struct WorkerProcess {
  pid_t pid = -1;                   ///< -1: no process
  int task_fd = -1;                 ///< write end of the task pipe
  int result_fd = -1;               ///< read end of the result pipe
  std::string buffer;               ///< result bytes not yet decoded
  std::optional<std::size_t> task;  ///< the point it runs now
  Clock::time_point start;
  std::optional<Clock::time_point> deadline;
  bool timed_out = false;
};

/// Forks a worker for `points`. Throws std::runtime_error when the system
/// refuses the pipes or the fork.
WorkerProcess start_worker(const std::vector<Point>& points, const RunPoint& run,
                           const Limits& limits);

/// Hands point `index` to an idle worker. Returns false when the worker is
/// gone (it was killed while idle); the caller then reaps it and starts
/// another.
bool assign(WorkerProcess& w, std::size_t index, const Limits& limits);

enum class ReadState { pending, result, ended };

/// Reads what is available. `result`: a whole outcome arrived (in `out`;
/// the worker is idle again); `ended`: the worker closed its pipe (it died
/// or exited; call reap).
ReadState read_result(WorkerProcess& w, Outcome& out);

/// Kills the worker (SIGKILL) as over its point's time limit.
void kill_for_time(WorkerProcess& w);

struct Finished {
  Outcome outcome;
  bool lost = false;  ///< killed by a signal the sweep did not send: run it again
};

/// Waits for an ended worker and decodes how its current point ended.
Finished reap(WorkerProcess& w, const Limits& limits);

/// Lets an idle worker exit and waits for it.
void stop(WorkerProcess& w);

/// Kills and reaps a worker that will not be waited for (cleanup).
void abandon(WorkerProcess& w);

/// This machine's host name.
std::string host_name();

}  // namespace kernbench::sweep
