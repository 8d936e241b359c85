#include "sweep/serial_worker.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <stdexcept>

namespace kernbench::sweep {

SerialWorker::SerialWorker(const std::vector<Point>& points, RunPoint run, Limits limits,
                           int max_attempts)
    : points_(points),
      run_(std::move(run)),
      limits_(limits),
      max_attempts_(max_attempts),
      host_(host_name()) {
  // A worker killed while idle shows up as a failed write, not as the
  // death of this process.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old_pipe_);
}

SerialWorker::~SerialWorker() {
  worker_.task ? abandon(worker_) : stop(worker_);
  ::sigaction(SIGPIPE, &old_pipe_, nullptr);
}

Outcome SerialWorker::run(std::size_t index) {
  for (int n = 1;; ++n) {
    bool lost = false;
    Outcome out = attempt(index, lost);
    if (lost && n < max_attempts_) continue;
    if (lost) out.error += fmt::format(" on each of {} attempts", n);
    out.host = host_;
    return out;
  }
}

Outcome SerialWorker::attempt(std::size_t index, bool& lost) {
  if (worker_.pid < 0) worker_ = start_worker(points_, run_, limits_);
  if (!assign(worker_, index, limits_)) {
    reap(worker_, limits_);  // died while idle: a fresh one takes the point
    worker_ = start_worker(points_, run_, limits_);
    if (!assign(worker_, index, limits_))
      throw std::runtime_error("a new worker process died before it was given a point");
  }
  for (;;) {
    int timeout_ms = -1;
    if (worker_.deadline && !worker_.timed_out) {
      const auto left = std::chrono::duration<double>(*worker_.deadline - Clock::now());
      timeout_ms = std::max(0, static_cast<int>(left.count() * 1000.0) + 1);
    }
    pollfd p{worker_.result_fd, POLLIN, 0};
    ::poll(&p, 1, timeout_ms);
    if (p.revents != 0) {
      Outcome out;
      const ReadState state = read_result(worker_, out);
      if (state == ReadState::result) {
        if (!out.ok) stop(worker_);  // as in the pool: replaced after a failure
        return out;
      }
      if (state == ReadState::ended) {
        Finished f = reap(worker_, limits_);
        lost = f.lost;
        return f.outcome;
      }
    }
    if (worker_.deadline && !worker_.timed_out && Clock::now() >= *worker_.deadline)
      kill_for_time(worker_);
  }
}

}  // namespace kernbench::sweep
