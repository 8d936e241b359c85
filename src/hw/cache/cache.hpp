#pragma once
/// @file cache.hpp
/// The optional shared cache in front of HBM: set-associative, LRU, write-
/// allocate. Lookups are per line of the access; hits are served by the
/// cache's port (FIFO at the hit bandwidth, plus hit latency) and spare HBM;
/// misses go to HBM and fill the line. Writes allocate their lines and are
/// also written through to HBM (bandwidth is charged on both).

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
    for (std::uint64_t a = addr - addr % line_; a < end; a += line_) {
      const std::uint64_t lo = a < addr ? addr : a;
      const std::uint64_t hi = a + line_ < end ? a + line_ : end;
      if (lookup(a / line_)) {
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

  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  const BandwidthServer& port() const { return port_; }

 private:
  /// True on a hit; on a miss installs the line (LRU victim).
  bool lookup(std::uint64_t line_no);

  std::uint64_t line_;
  std::uint64_t sets_;
  std::uint64_t ways_;
  std::vector<std::uint64_t> tags_;   // line number + 1; 0 = invalid
  std::vector<std::uint64_t> stamp_;  // last use
  std::uint64_t clock_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t hits_bytes_ = 0;
  BandwidthServer port_;
  sim::Tick hit_latency_;
};

}  // namespace kernbench::hw
