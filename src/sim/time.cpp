#include "sim/time.hpp"

#include <fmt/format.h>

namespace kernbench::sim {

namespace detail {
void throw_time_overflow(const char* what, std::uint64_t value) {
  throw TimeError(
      fmt::format("time overflow: {} {} does not fit in 64-bit picoseconds", value, what));
}
}  // namespace detail

Clock::Clock(std::uint64_t hz) : hz_(hz) {
  if (hz == 0 || hz > kPsPerS) {
    throw TimeError(fmt::format(
        "clock frequency {} Hz is out of range: expected 1 Hz .. 1 THz (a period of at least 1 ps)",
        hz));
  }
}

Tick Clock::to_ticks(std::uint64_t cycles) const {
  __extension__ using u128 = unsigned __int128;
  const u128 num = static_cast<u128>(cycles) * kPsPerS;
  const u128 t = (num + hz_ - 1) / hz_;
  if (t > kForever) detail::throw_time_overflow("cycles", cycles);
  return static_cast<Tick>(t);
}

std::uint64_t Clock::cycles_in(Tick t) const {
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint64_t>(static_cast<u128>(t) * hz_ / kPsPerS);
}

std::string format_tick(Tick t) {
  if (t >= kPsPerMs) return fmt::format("{:.3f} ms ({} ps)", t / 1e9, t);
  if (t >= kPsPerUs) return fmt::format("{:.3f} us ({} ps)", t / 1e6, t);
  if (t >= kPsPerNs) return fmt::format("{:.3f} ns ({} ps)", t / 1e3, t);
  return fmt::format("{} ps", t);
}

}  // namespace kernbench::sim
