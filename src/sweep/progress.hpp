#pragma once
/// \file
/// The progress of a sweep on stderr: on a terminal one line rewritten in
/// place (at most 5 times a second), otherwise a plain line every
/// `interval_seconds` (logs and batch jobs). A line reads
/// `sweep tcm: 120/400 points (3 failed), 38.2 points/s, ~7 s left`; the
/// rate counts the points finished by this run since it started.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace kernbench::sweep {

class Progress {
 public:
  /// `total` points in the sweep, `already` of them finished before.
  Progress(std::ostream& out, bool terminal, std::string name, std::int64_t total,
           std::int64_t already, double interval_seconds = 10.0);

  /// One more point finished.
  void finished(bool ok);
  /// Writes a line if it is time to.
  void tick();
  /// The last line (on a terminal, ends the rewritten line).
  void close();

  /// The current line, without terminator.
  std::string line() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  bool terminal_;
  std::string name_;
  std::int64_t total_, already_, done_ = 0, failed_ = 0;
  double interval_;
  Clock::time_point start_ = Clock::now(), last_ = Clock::now();
  bool closed_ = false;
};

}  // namespace kernbench::sweep
