#include "sweep/progress.hpp"

#include <fmt/format.h>

namespace kernbench::sweep {

Progress::Progress(std::ostream& out, bool terminal, std::string name, std::int64_t total,
                   std::int64_t already, double interval_seconds)
    : out_(out),
      terminal_(terminal),
      name_(std::move(name)),
      total_(total),
      already_(already),
      interval_(interval_seconds) {}

void Progress::finished(bool ok) {
  ++done_;
  if (!ok) ++failed_;
}

std::string Progress::line() const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  const std::int64_t left = total_ - already_ - done_;
  std::string eta = left == 0  ? "done"
                    : rate > 0 ? fmt::format("~{:.0f} s left", left / rate)
                               : "time left unknown";
  return fmt::format("sweep{}: {}/{} points ({} failed), {:.1f} points/s, {}",
                     name_.empty() ? "" : " " + name_, already_ + done_, total_, failed_, rate,
                     eta);
}

void Progress::tick() {
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (since < (terminal_ ? 0.2 : interval_)) return;
  last_ = now;
  if (terminal_)
    out_ << "\r\033[K" << line() << std::flush;
  else
    out_ << line() << '\n' << std::flush;
}

void Progress::close() {
  if (closed_) return;
  closed_ = true;
  if (terminal_) out_ << "\r\033[K" << line() << '\n' << std::flush;
}

}  // namespace kernbench::sweep
