#pragma once
/// \file
/// The local worker pool: `jobs` worker processes (worker.hpp), each running
/// one point at a time, points handed out in order as workers free up. A
/// worker is started when first needed and replaced when it dies or fails
/// a point, so a crash costs one point and a fork.
///
/// The parent never runs a point; it waits on the workers' pipes (poll),
/// enforces time limits and calls `on_finished` for every point in
/// completion order (the single writer records it there). A point whose
/// process was killed by a signal the pool did not send (kill -9 of a
/// worker, the OOM killer) is run again, up to `max_attempts` times in all;
/// then it is recorded as failed. `on_tick` is called at least every
/// `tick_seconds` while points run (progress lines).

#include <cstddef>
#include <functional>
#include <vector>

#include "sweep/worker.hpp"

namespace kernbench::sweep {

struct PoolOptions {
  int jobs = 1;  ///< >= 1
  Limits limits;
  int max_attempts = 3;
  double tick_seconds = 0.5;
};

/// (index into `points`, outcome); outcome.worker is the slot (0-based).
using OnFinished = std::function<void(std::size_t index, const Outcome& outcome)>;

/// Runs `points[i]` for every i in `todo`. Throws std::runtime_error when
/// processes cannot be started (every worker is killed first).
void run_local(const std::vector<Point>& points, const std::vector<std::size_t>& todo,
               const RunPoint& run, const PoolOptions& options, const OnFinished& on_finished,
               const std::function<void()>& on_tick = {});

/// The cores this process may run on (sched_getaffinity), at least 1.
int available_cores();

}  // namespace kernbench::sweep
