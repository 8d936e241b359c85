#pragma once
/// \file
/// One worker process kept across points that are run one at a time, as an
/// MPI rank runs what rank 0 hands it. The same rules as the local pool
/// (pool.hpp): the worker is started when first needed and replaced when it
/// dies or fails a point; the time limit is enforced here (SIGKILL at the
/// deadline); a point whose worker was killed by a signal the runner did not
/// send is run again, up to `max_attempts` times in all.

#include <signal.h>
#include <cstddef>
#include <string>
#include <vector>

#include "sweep/worker.hpp"

namespace kernbench::sweep {

class SerialWorker {
 public:
  SerialWorker(const std::vector<Point>& points, RunPoint run, Limits limits, int max_attempts = 3);
  /// Lets the worker exit (kills it if it is still running a point).
  ~SerialWorker();
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  /// Runs `points[index]` and returns its outcome (host set; worker 0).
  /// Throws std::runtime_error when no worker process can be started.
  Outcome run(std::size_t index);

 private:
  Outcome attempt(std::size_t index, bool& lost);

  const std::vector<Point>& points_;
  RunPoint run_;
  Limits limits_;
  int max_attempts_;
  std::string host_;
  WorkerProcess worker_;
  struct sigaction old_pipe_ {};
};

}  // namespace kernbench::sweep
