#include "sweep/pool.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <deque>

namespace kernbench::sweep {
namespace {

struct Task {
  std::size_t index = 0;
  int attempts = 0;
};

struct Slot {
  WorkerProcess worker;
  Task task;
  bool busy() const { return worker.task.has_value(); }
};

// Stops the workers when the pool ends (killing them when it unwinds with
// an error), and ignores SIGPIPE meanwhile: a worker killed while idle
// shows up as a failed write, not as the death of the sweep.
class Workers {
 public:
  explicit Workers(std::size_t n) : slots(n) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old_);
  }
  ~Workers() {
    for (Slot& s : slots) (s.busy() ? abandon(s.worker) : stop(s.worker));
    ::sigaction(SIGPIPE, &old_, nullptr);
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  bool any_busy() const {
    return std::any_of(slots.begin(), slots.end(), [](const Slot& s) { return s.busy(); });
  }

  std::vector<Slot> slots;

 private:
  struct sigaction old_ {};
};

int poll_timeout_ms(const std::vector<Slot>& slots, double tick_seconds) {
  auto wait = std::chrono::duration<double>(tick_seconds);
  const auto now = Clock::now();
  for (const Slot& s : slots)
    if (s.busy() && s.worker.deadline && !s.worker.timed_out)
      wait = std::min<std::chrono::duration<double>>(wait, *s.worker.deadline - now);
  return std::max(0, static_cast<int>(wait.count() * 1000.0) + 1);
}

// Hands the next task to an idle slot, starting a worker when it has none
// (or when its worker died while idle).
void dispatch(Slot& s, std::deque<Task>& queue, const std::vector<Point>& points,
              const RunPoint& run, const Limits& limits) {
  s.task = queue.front();
  queue.pop_front();
  for (int tries = 0; tries < 2; ++tries) {
    if (s.worker.pid < 0) s.worker = start_worker(points, run, limits);
    if (assign(s.worker, s.task.index, limits)) return;
    reap(s.worker, limits);
  }
  throw std::runtime_error("a new worker process died before it was given a point");
}

}  // namespace

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

void run_local(const std::vector<Point>& points, const std::vector<std::size_t>& todo,
               const RunPoint& run, const PoolOptions& options, const OnFinished& on_finished,
               const std::function<void()>& on_tick) {
  std::deque<Task> queue;
  for (const std::size_t i : todo) queue.push_back({i, 0});
  Workers workers(static_cast<std::size_t>(std::max(1, options.jobs)));
  std::vector<Slot>& slots = workers.slots;
  const std::string host = host_name();
  std::vector<std::pair<std::size_t, Outcome>> finished;
  while (!queue.empty() || workers.any_busy() || !finished.empty()) {
    // Dispatch first, then record: the database write of one point overlaps
    // the run of the next.
    for (Slot& s : slots)
      if (!s.busy() && !queue.empty()) dispatch(s, queue, points, run, options.limits);
    for (const auto& [index, outcome] : finished) on_finished(index, outcome);
    finished.clear();
    if (!workers.any_busy()) break;
    std::vector<pollfd> fds;
    std::vector<Slot*> owners;
    for (Slot& s : slots)
      if (s.busy()) {
        fds.push_back({s.worker.result_fd, POLLIN, 0});
        owners.push_back(&s);
      }
    ::poll(fds.data(), fds.size(), poll_timeout_ms(slots, options.tick_seconds));
    for (std::size_t k = 0; k < fds.size(); ++k) {
      Slot& s = *owners[k];
      if (fds[k].revents == 0) continue;
      Outcome out;
      const ReadState state = read_result(s.worker, out);
      if (state == ReadState::pending) continue;
      ++s.task.attempts;
      if (state == ReadState::result) {
        // A worker that failed a point is replaced: its heap may be left
        // fragmented by an allocation that hit the memory limit.
        if (!out.ok) stop(s.worker);
      } else {
        Finished f = reap(s.worker, options.limits);
        if (f.lost && s.task.attempts < options.max_attempts) {
          queue.push_front(s.task);
          continue;
        }
        if (f.lost) f.outcome.error += fmt::format(" on each of {} attempts", s.task.attempts);
        out = std::move(f.outcome);
      }
      out.host = host;
      out.worker = static_cast<int>(&s - slots.data());
      finished.emplace_back(s.task.index, std::move(out));
    }
    const auto now = Clock::now();
    for (Slot& s : slots)
      if (s.busy() && s.worker.deadline && !s.worker.timed_out && now >= *s.worker.deadline)
        kill_for_time(s.worker);
    if (on_tick) on_tick();
  }
}

}  // namespace kernbench::sweep
