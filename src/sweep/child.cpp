#include "sweep/child.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hw/config/units.hpp"

namespace kernbench::sweep {
namespace {

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
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

[[noreturn]] void child_main(int fd, pid_t parent, const Point& point, const RunPoint& run,
                             const Limits& limits) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(3);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  if (limits.memory_bytes) {
    const rlimit mem{*limits.memory_bytes, *limits.memory_bytes};
    ::setrlimit(RLIMIT_AS, &mem);
  }
  const Outcome o = run_guarded(point, run, limits);
  nlohmann::json j{{"ok", o.ok}, {"error", o.error}, {"report", o.report_json}};
  write_all(fd, j.dump());
  ::_exit(0);
}

std::string signal_text(int sig) {
  const char* name = ::strsignal(sig);
  return fmt::format("signal {} ({})", sig, name ? name : "unknown");
}

}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

ChildProcess spawn_point(const Point& point, const RunPoint& run, const Limits& limits) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  const pid_t parent = ::getpid();
  ChildProcess c;
  c.start = Clock::now();
  c.pid = ::fork();
  if (c.pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(
        fmt::format("cannot start a worker process: {}", std::strerror(errno)));
  }
  if (c.pid == 0) {
    ::close(fds[0]);
    child_main(fds[1], parent, point, run, limits);
  }
  ::close(fds[1]);
  c.fd = fds[0];
  if (limits.time_seconds)
    c.deadline = c.start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(*limits.time_seconds));
  return c;
}

bool read_some(ChildProcess& c) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(c.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) {
      c.payload.append(buf, static_cast<std::size_t>(n));
      return true;
    }
    ::close(c.fd);
    c.fd = -1;
    return false;
  }
}

void kill_for_time(ChildProcess& c) {
  c.timed_out = true;
  ::kill(c.pid, SIGKILL);
}

Finished reap(ChildProcess& c, const Limits& limits) {
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  Finished f;
  f.outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - c.start).count();
  f.outcome.host = host_name();
  if (c.timed_out) {
    f.outcome.error = fmt::format("exceeded the time limit of {} s", *limits.time_seconds);
  } else if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    f.lost = sig == SIGKILL || sig == SIGTERM || sig == SIGINT || sig == SIGHUP;
    f.outcome.error = fmt::format("the point's process ended by {}{}", signal_text(sig),
                                  limits.memory_bytes && !f.lost
                                      ? fmt::format(" (memory limit {})", memory_text(limits))
                                      : "");
  } else if (WEXITSTATUS(status) != 0 || c.payload.empty()) {
    f.outcome.error =
        fmt::format("the point's process exited with status {} and no result", WEXITSTATUS(status));
  } else {
    const auto j = nlohmann::json::parse(c.payload, nullptr, false);
    if (j.is_discarded()) {
      f.outcome.error = "the point's process sent a malformed result";
    } else {
      f.outcome.ok = j.value("ok", false);
      f.outcome.error = j.value("error", "");
      f.outcome.report_json = j.value("report", "");
    }
  }
  c.pid = -1;
  return f;
}

void abandon(ChildProcess& c) {
  if (c.fd >= 0) ::close(c.fd);
  c.fd = -1;
  if (c.pid > 0) {
    ::kill(c.pid, SIGKILL);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
  }
  c.pid = -1;
}

}  // namespace kernbench::sweep
