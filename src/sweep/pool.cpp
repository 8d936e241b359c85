#include "sweep/pool.hpp"

#include <poll.h>
#include <sched.h>

#include <algorithm>
#include <deque>

#include <fmt/format.h>

namespace kernbench::sweep {
namespace {

struct Task {
  std::size_t index = 0;
  int attempts = 0;
};

struct Slot {
  ChildProcess child;
  Task task;
  bool busy = false;
};

// Kills every child still running when the pool unwinds with an error.
struct SlotsGuard {
  std::vector<Slot>& slots;
  ~SlotsGuard() {
    for (Slot& s : slots)
      if (s.busy) abandon(s.child);
  }
};

int poll_timeout_ms(const std::vector<Slot>& slots, double tick_seconds) {
  auto wait = std::chrono::duration<double>(tick_seconds);
  const auto now = Clock::now();
  for (const Slot& s : slots)
    if (s.busy && s.child.deadline && !s.child.timed_out)
      wait = std::min<std::chrono::duration<double>>(wait, *s.child.deadline - now);
  return std::max(0, static_cast<int>(wait.count() * 1000.0) + 1);
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
  std::vector<Slot> slots(static_cast<std::size_t>(std::max(1, options.jobs)));
  SlotsGuard guard{slots};
  auto running = [&] {
    return std::any_of(slots.begin(), slots.end(), [](const Slot& s) { return s.busy; });
  };
  std::vector<std::pair<std::size_t, Outcome>> finished;
  while (!queue.empty() || running() || !finished.empty()) {
    // Refill first, then record: the database write of one point overlaps
    // the run of the next.
    for (Slot& s : slots)
      if (!s.busy && !queue.empty()) {
        s.task = queue.front();
        queue.pop_front();
        s.child = spawn_point(points[s.task.index], run, options.limits);
        s.busy = true;
      }
    for (const auto& [index, outcome] : finished) on_finished(index, outcome);
    finished.clear();
    if (!running()) break;
    std::vector<pollfd> fds;
    std::vector<Slot*> owners;
    for (Slot& s : slots)
      if (s.busy) {
        fds.push_back({s.child.fd, POLLIN, 0});
        owners.push_back(&s);
      }
    ::poll(fds.data(), fds.size(), poll_timeout_ms(slots, options.tick_seconds));
    for (std::size_t k = 0; k < fds.size(); ++k) {
      Slot& s = *owners[k];
      if (fds[k].revents == 0 || read_some(s.child)) continue;
      Finished f = reap(s.child, options.limits);
      s.busy = false;
      ++s.task.attempts;
      if (f.lost && s.task.attempts < options.max_attempts) {
        queue.push_front(s.task);
        continue;
      }
      if (f.lost) f.outcome.error += fmt::format(" on each of {} attempts", s.task.attempts);
      f.outcome.worker = static_cast<int>(&s - slots.data());
      finished.emplace_back(s.task.index, std::move(f.outcome));
    }
    const auto now = Clock::now();
    for (Slot& s : slots)
      if (s.busy && s.child.deadline && !s.child.timed_out && now >= *s.child.deadline)
        kill_for_time(s.child);
    if (on_tick) on_tick();
  }
}

}  // namespace kernbench::sweep
