#pragma once
/// @file hbm.hpp
/// HBM: `channels` independent channels, addresses interleaved across them
/// every `interleave` bytes, each channel serving FIFO at bandwidth/channels.
/// The granule index is hashed before choosing the channel (as memory
/// controllers XOR-hash address bits), so power-of-two strides spread over
/// channels instead of camping on a few.
///
/// Timing: an access of a set of byte runs arriving at t completes at
///   max over channels c touched (reserve_c(t, bytes_c)) + latency
/// so many PEs on one channel share its bandwidth, and a wide access spreads
/// over channels.

#include <bit>
#include <cstdint>
#include <vector>

#include "hw/config/hw_config.hpp"
#include "hw/core/bandwidth_server.hpp"

namespace kernbench::hw {

inline constexpr std::uint64_t kChannelHash = 0x9E3779B97F4A7C15ULL;

/// Channel among `n` of the granule whose index times kChannelHash is `m`.
inline std::uint64_t channel_of_product(std::uint64_t m, std::uint64_t n) {
  const std::uint64_t h = m ^ (m >> 29);
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint64_t>((static_cast<u128>(h) * n) >> 64);
}

/// Channel of the granule with index `g` among `n` channels (hashed).
inline std::uint64_t hashed_channel(std::uint64_t g, std::uint64_t n) {
  return channel_of_product(g * kChannelHash, n);
}

/// Bytes per channel of one access being built (no allocation per access).
class ChannelTally {
 public:
  ChannelTally(std::uint64_t channels, std::uint64_t granule)
      : pending_(channels, 0),
        touched_((channels + 63) / 64, 0),
        granule_(granule),
        shift_((granule & (granule - 1)) == 0 ? std::countr_zero(granule) : -1) {}
  /// Adds run [addr, addr + bytes); cost O(bytes / granule), capped at one
  /// pass over the channels for long runs (spread evenly: the hash makes
  /// long runs uniform).
  void add(std::uint64_t addr, std::uint64_t bytes);
  /// Calls fn(channel, bytes) for each touched channel, in channel order, and
  /// clears the tally.
  template <class Fn>
  void drain(Fn&& fn) {
    for (std::size_t w = 0; w < touched_.size(); ++w) {
      for (std::uint64_t bits = touched_[w]; bits != 0; bits &= bits - 1) {
        const auto c = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
        fn(c, pending_[c]);
        pending_[c] = 0;
      }
      touched_[w] = 0;
    }
  }
  bool empty() const {
    for (std::uint64_t w : touched_) {
      if (w != 0) return false;
    }
    return true;
  }

 private:
  std::uint64_t granule_index(std::uint64_t addr) const {
    return shift_ >= 0 ? addr >> shift_ : addr / granule_;
  }
  void bump(std::uint64_t c, std::uint64_t b) {
    touched_[c >> 6] |= std::uint64_t{1} << (c & 63);
    pending_[c] += b;
  }
  std::vector<std::uint64_t> pending_;
  std::vector<std::uint64_t> touched_;  // bitmap of channels with pending bytes
  std::uint64_t granule_;
  int shift_;  // log2(granule) when a power of two, else -1
};

class Hbm {
 public:
  explicit Hbm(const HbmConfig& cfg);

  std::uint64_t channels() const { return channels_.size(); }
  std::uint64_t granule() const { return granule_; }
  std::uint64_t channel_of(std::uint64_t addr) const {
    return hashed_channel(addr / granule_, channels_.size());
  }

  /// Adds the bytes of run [addr, addr + bytes) to the access being built.
  void tally(std::uint64_t addr, std::uint64_t bytes) { tally_.add(addr, bytes); }
  /// Reserves the tallied bytes on their channels from time `t`; returns the
  /// completion time (including latency) and clears the tally. An empty
  /// tally completes at t. `each(channel, bytes, end)` sees every channel
  /// transaction (for the op log).
  template <class Each>
  sim::Tick commit(sim::Tick t, Each&& each) {
    if (tally_.empty()) return t;
    sim::Tick done = t;
    tally_.drain([&](std::uint32_t c, std::uint64_t bytes) {
      const sim::Tick end = channels_[c].reserve(t, bytes);
      each(c, bytes, end);
      done = done > end ? done : end;
    });
    return done + latency_;
  }

  const BandwidthServer& channel(std::size_t i) const { return channels_[i]; }
  sim::Tick latency() const { return latency_; }

 private:
  std::vector<BandwidthServer> channels_;
  ChannelTally tally_;
  std::uint64_t granule_;
  sim::Tick latency_;
};

}  // namespace kernbench::hw
