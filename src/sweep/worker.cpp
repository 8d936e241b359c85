#include "sweep/worker.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hw/config/units.hpp"

namespace kernbench::sweep {
namespace {

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, p + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_exact(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, p + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string memory_text(const Limits& l) {
  return hw::ByteSize::bytes(*l.memory_bytes).to_string();
}

Outcome run_guarded(const Point& point, const RunPoint& run, const Limits& limits) {
  try {
    return run(point);
  } catch (const std::bad_alloc&) {
    Outcome o;
    o.error = limits.memory_bytes
                  ? fmt::format("exceeded the memory limit of {}", memory_text(limits))
                  : "out of memory";
    return o;
  } catch (const std::exception& e) {
    Outcome o;
    o.error = e.what();
    return o;
  }
}

// Closes every descriptor but stdio and the worker's own pipes: another
// worker's task pipe held open here would never see its end, and the
// results file's lock must not outlive the sweep in a worker.
void close_inherited(int a, int b) {
  const unsigned lo = static_cast<unsigned>(std::min(a, b)),
                 hi = static_cast<unsigned>(std::max(a, b));
  if (lo > 3) ::close_range(3, lo - 1, 0);
  if (hi > lo + 1) ::close_range(lo + 1, hi - 1, 0);
  ::close_range(hi + 1, ~0U, 0);
}

[[noreturn]] void worker_main(int task_fd, int result_fd, pid_t parent,
                              const std::vector<Point>& points, const RunPoint& run,
                              const Limits& limits) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(3);
  close_inherited(task_fd, result_fd);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  if (limits.memory_bytes) {
    const rlimit mem{*limits.memory_bytes, *limits.memory_bytes};
    ::setrlimit(RLIMIT_AS, &mem);
  }
  std::uint64_t index = 0;
  while (read_exact(task_fd, &index, sizeof index)) {
    if (index >= points.size()) ::_exit(4);
    const Outcome o = run_guarded(points[index], run, limits);
    const std::string msg =
        nlohmann::json{{"ok", o.ok}, {"error", o.error}, {"report", o.report_json}}.dump();
    const std::uint64_t size = msg.size();
    if (!write_all(result_fd, &size, sizeof size) || !write_all(result_fd, msg.data(), size))
      ::_exit(5);
    ::malloc_trim(0);
  }
  ::_exit(0);
}

std::string signal_text(int sig) {
  const char* name = ::strsignal(sig);
  return fmt::format("signal {} ({})", sig, name ? name : "unknown");
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

WorkerProcess start_worker(const std::vector<Point>& points, const RunPoint& run,
                           const Limits& limits) {
  int task[2], result[2];
  if (::pipe2(task, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
  if (::pipe2(result, O_CLOEXEC) != 0) {
    ::close(task[0]);
    ::close(task[1]);
    throw std::runtime_error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  const pid_t parent = ::getpid();
  WorkerProcess w;
  w.pid = ::fork();
  if (w.pid < 0) {
    for (const int fd : {task[0], task[1], result[0], result[1]}) ::close(fd);
    throw std::runtime_error(
        fmt::format("cannot start a worker process: {}", std::strerror(errno)));
  }
  if (w.pid == 0) {
    ::close(task[1]);
    ::close(result[0]);
    worker_main(task[0], result[1], parent, points, run, limits);
  }
  ::close(task[0]);
  ::close(result[1]);
  w.task_fd = task[1];
  w.result_fd = result[0];
  return w;
}

bool assign(WorkerProcess& w, std::size_t index, const Limits& limits) {
  w.task = index;
  w.timed_out = false;
  w.start = Clock::now();
  w.deadline.reset();
  if (limits.time_seconds)
    w.deadline = w.start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(*limits.time_seconds));
  const std::uint64_t i = index;
  return write_all(w.task_fd, &i, sizeof i);
}

ReadState read_result(WorkerProcess& w, Outcome& out) {
  char buf[65536];
  ssize_t n = 0;
  while ((n = ::read(w.result_fd, buf, sizeof buf)) < 0 && errno == EINTR) {
  }
  if (n <= 0) return ReadState::ended;
  w.buffer.append(buf, static_cast<std::size_t>(n));
  std::uint64_t size = 0;
  if (w.buffer.size() < sizeof size) return ReadState::pending;
  std::memcpy(&size, w.buffer.data(), sizeof size);
  if (w.buffer.size() < sizeof size + size) return ReadState::pending;
  const auto j = nlohmann::json::parse(w.buffer.substr(sizeof size, size), nullptr, false);
  w.buffer.erase(0, sizeof size + size);
  out = Outcome{};
  if (j.is_discarded()) {
    out.error = "the worker sent a malformed result";
  } else {
    out.ok = j.value("ok", false);
    out.error = j.value("error", "");
    out.report_json = j.value("report", "");
  }
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - w.start).count();
  w.task.reset();
  return ReadState::result;
}

void kill_for_time(WorkerProcess& w) {
  w.timed_out = true;
  ::kill(w.pid, SIGKILL);
}

Finished reap(WorkerProcess& w, const Limits& limits) {
  const int status = wait_for(w.pid);
  Finished f;
  f.outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - w.start).count();
  if (w.timed_out) {
    f.outcome.error = fmt::format("exceeded the time limit of {} s", *limits.time_seconds);
  } else if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    f.lost = sig == SIGKILL || sig == SIGTERM || sig == SIGINT || sig == SIGHUP;
    f.outcome.error = fmt::format("the point's process ended by {}{}", signal_text(sig),
                                  limits.memory_bytes && !f.lost
                                      ? fmt::format(" (memory limit {})", memory_text(limits))
                                      : "");
  } else {
    f.outcome.error =
        fmt::format("the point's process exited with status {} and no result", WEXITSTATUS(status));
  }
  close_fd(w.task_fd);
  close_fd(w.result_fd);
  w.pid = -1;
  w.buffer.clear();
  w.task.reset();
  return f;
}

void stop(WorkerProcess& w) {
  if (w.pid < 0) return;
  close_fd(w.task_fd);
  close_fd(w.result_fd);
  wait_for(w.pid);
  w.pid = -1;
}

void abandon(WorkerProcess& w) {
  if (w.pid < 0) return;
  ::kill(w.pid, SIGKILL);
  stop(w);
}

}  // namespace kernbench::sweep
