#pragma once
/// @file cache.hpp
/// The optional shared cache in front of HBM: set-associative with
/// round-robin (FIFO) replacement per set, write-allocate. Sets are chosen by
/// a hash of the line number; each way keeps an 8-bit fingerprint of its tag
/// so a lookup compares fingerprints of the whole set at once and the full
/// tag only on a fingerprint match (docs/hardware-model.md).
///
/// Set sampling (Kessler, Hill and Wood, 1994): when the cache has more than
/// kMaxSimulatedSets sets, only every `stride`-th set is simulated exactly
/// (stride = the power of two at or above sets / kMaxSimulatedSets);
/// a line of another set hits with the hit rate those sets see (a moving
/// average), decided per line by a hash of its number, so the outcome is
/// deterministic. This keeps a 60 MiB cache's state small enough to stay in
/// the host's caches (docs/adr/0026-cache-set-sampling.md). Lookups are per line of the access;
/// hits are served by the cache's port (FIFO at the hit bandwidth, plus hit latency) and spare HBM;
/// misses go to HBM and fill the line. Writes allocate their lines and are
/// also written through to HBM (bandwidth is charged on both).

#include <bit>
#include <cstdint>
#include <vector>

#include "hw/config/hw_config.hpp"
#include "hw/runtime/bandwidth_server.hpp"

namespace kernbench::hw {

class Cache {
 public:
  explicit Cache(const CacheConfig& cfg);

  std::uint64_t line() const { return line_; }
  /// Looks up every line of [addr, addr + bytes); returns the bytes that hit
  /// and calls `miss(line_addr, line_bytes_in_range)` for each missing line
  /// (then filled).
  template <class MissFn>
  std::uint64_t access(std::uint64_t addr, std::uint64_t bytes, MissFn&& miss) {
    std::uint64_t hit = 0;
    const std::uint64_t end = addr + bytes;
    for (std::uint64_t a = addr & ~(line_ - 1); a < end; a += line_) {
      const std::uint64_t lo = a < addr ? addr : a;
      const std::uint64_t hi = a + line_ < end ? a + line_ : end;
      if (lookup(a >> line_shift_)) {
        hit += hi - lo;
      } else {
        miss(lo, hi - lo);
      }
    }
    hits_bytes_ += hit;
    return hit;
  }
  /// Serves `bytes` of hits arriving at t; returns their completion time.
  sim::Tick serve_hits(sim::Tick t, std::uint64_t bytes);

  /// Sets simulated exactly (all of them, or a sample).
  std::uint64_t simulated_sets() const { return (sets_ + stride_ - 1) / stride_; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  const BandwidthServer& port() const { return port_; }

 private:
  /// True on a hit; on a miss installs the line (round-robin victim).
  bool lookup(std::uint64_t line_no);

  std::uint64_t line_;  // a power of two (validated)
  int line_shift_;
  static constexpr std::uint64_t kMaxSimulatedSets = 2048;
  std::uint64_t sets_;
  std::uint64_t stride_;  // every stride-th set is simulated (a power of two)
  int stride_shift_;
  std::uint64_t ways_;
  std::uint32_t rate_q16_ = 0;           // hit rate of the simulated sets, 16-bit fixed point
  std::vector<std::uint64_t> tags_;      // line number + 1; 0 = invalid
  std::vector<std::uint8_t> prints_;     // tag fingerprints, 0 = invalid
  std::vector<std::uint16_t> next_way_;  // round-robin victim per set
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t hits_bytes_ = 0;
  BandwidthServer port_;
  sim::Tick hit_latency_;
};

}  // namespace kernbench::hw
