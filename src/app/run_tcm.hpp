#pragma once
/// \file
/// Records the TCM occupancy of every PE of a chip during a run: the
/// time-weighted mean occupancy (always) and, when asked, every change as a
/// trace::OccupancySample for the Chrome trace's "TCM occupancy" counters.
///
/// Lifetime: construct after the chip exists and before the run (installs an
/// observer on each PE's TCM); destroy before the chip (the destructor
/// removes the observers). finish(end) closes the time integrals at the end
/// of the run. Not copyable: the observers point into this object.

#include <cstdint>
#include <span>
#include <vector>

#include "hw/runtime/chip.hpp"
#include "trace/export_chrome.hpp"

namespace kernbench::app {

class TcmRecorder {
 public:
  TcmRecorder(hw::Chip& chip, bool keep_samples);
  TcmRecorder(const TcmRecorder&) = delete;
  TcmRecorder& operator=(const TcmRecorder&) = delete;
  ~TcmRecorder();

  /// Closes every PE's occupancy integral at `end_ps` (the end of the run).
  void finish(std::uint64_t end_ps);
  /// Every occupancy change, in time order per PE (empty unless keep_samples);
  /// each PE starts with a sample (pe, 0, 0).
  std::span<const trace::OccupancySample> samples() const { return samples_; }
  /// Mean over PEs of (time-weighted bytes in use / capacity) over [0, end].
  double mean_occupancy() const { return mean_; }

 private:
  struct PeState {
    TcmRecorder* rec = nullptr;
    std::int32_t pe = 0;
    std::uint64_t last_t = 0;
    std::uint64_t last_used = 0;
    double byte_ps = 0;  // integral of bytes in use over time
  };
  static void on_change(void* ctx, std::uint64_t t, std::uint64_t used);

  hw::Chip* chip_;
  bool keep_;
  std::vector<PeState> pes_;  // sized once: observers hold pointers into it
  std::vector<trace::OccupancySample> samples_;
  double mean_ = 0;
};

}  // namespace kernbench::app
