#pragma once
/// @file bandwidth_server.hpp
/// A first-come-first-served bandwidth server in simulated time: an HBM
/// channel, a fabric link, the cache's hit port. Reservations are made in
/// non-decreasing time order (engines reserve at their current time), so a
/// single "free at" time models FIFO service exactly.

#include <algorithm>
#include <cstdint>

#include "sim/time.hpp"

namespace kernbench::hw {

class BandwidthServer {
 public:
  BandwidthServer() = default;
  /// @param bytes_per_s service rate; 0 means infinite.
  explicit BandwidthServer(std::uint64_t bytes_per_s) : rate_(bytes_per_s) {
    if (rate_ != 0) {
      // Picoseconds per byte in 32.32 fixed point, rounded up, so a service
      // time is never shorter than the exact one (and at most 1 ps plus
      // bytes * 2^-32 ps longer).
      __extension__ using u128 = unsigned __int128;
      ps_per_byte_q32_ =
          static_cast<std::uint64_t>(((static_cast<u128>(sim::kPsPerS) << 32) + rate_ - 1) / rate_);
    }
  }

  /// Time to move `bytes` at this server's rate, rounded up to a picosecond.
  sim::Tick service_time(std::uint64_t bytes) const {
    if (rate_ == 0 || bytes == 0) return 0;
    std::uint64_t q64;
    if (!__builtin_mul_overflow(bytes, ps_per_byte_q32_, &q64) &&
        q64 <= ~std::uint64_t{0} - 0xFFFFFFFFu) {
      return static_cast<sim::Tick>((q64 + 0xFFFFFFFFu) >> 32);  // the product fits 64 bits
    }
    __extension__ using u128 = unsigned __int128;
    const u128 q = static_cast<u128>(bytes) * ps_per_byte_q32_;
    return static_cast<sim::Tick>((q + 0xFFFFFFFFu) >> 32);
  }

  /// Serves `bytes` arriving at `t`; returns when the last byte leaves.
  sim::Tick reserve(sim::Tick t, std::uint64_t bytes) {
    const sim::Tick start = std::max(t, free_at_);
    const sim::Tick d = service_time(bytes);
    free_at_ = start + d;
    busy_ += d;
    bytes_ += bytes;
    ++transactions_;
    return free_at_;
  }

  std::uint64_t rate() const { return rate_; }
  sim::Tick free_at() const { return free_at_; }
  sim::Tick busy() const { return busy_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t transactions() const { return transactions_; }

 private:
  std::uint64_t rate_ = 0;
  std::uint64_t ps_per_byte_q32_ = 0;
  sim::Tick free_at_ = 0;
  sim::Tick busy_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t transactions_ = 0;
};

}  // namespace kernbench::hw
