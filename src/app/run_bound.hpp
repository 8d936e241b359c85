#pragma once
/// \file
/// What bound a run: the rule of docs/adr/0043-run-bound-rule.md as a pure
/// function of the run's utilisation figures, so it can be tested without a
/// simulation.
///
/// Inputs are fractions in [0, 1] of the whole simulated time T (busy time
/// over units x T); the rule, in order:
///  1. the most utilised throughput resource (compute = the busier of GEMM
///     and math, HBM, fabric, DMA, issue = the PEs' control CPUs; ties go in
///     that order) bounds the run when it is busy at least kSaturated of T;
///  2. else launch, when the launch latency is at least kLaunchShare of T or
///     the grid has fewer programs than the chip has PEs;
///  3. else TCM capacity, when some PE's TCM peaked at kTcmFull of its size
///     or more (programs waited for scratchpad space rather than engines);
///  4. else latency: nothing is busy half the time, the run waits on
///     memory latency and dependency chains.

#include <cstdint>
#include <string>
#include <string_view>

namespace kernbench::app {

enum class BoundKind { compute, hbm, fabric, dma, issue, launch, tcm, latency };

/// "compute", "hbm", "fabric", "dma", "issue", "launch", "tcm", "latency".
std::string_view to_string(BoundKind k);

inline constexpr double kSaturated = 0.5;
inline constexpr double kLaunchShare = 0.25;
inline constexpr double kTcmFull = 0.9;

struct BoundInputs {
  double gemm = 0;               ///< GEMM engines' busy share
  double math = 0;               ///< math engines' busy share
  double dma = 0;                ///< DMA engines' busy share
  double issue = 0;              ///< control CPUs' busy share
  double hbm = 0;                ///< HBM channels' busy share
  double fabric = 0;             ///< fabric links' busy share (mean over links)
  double launch_share = 0;       ///< launch.latency / T
  double tcm_peak_fraction = 0;  ///< max over PEs of peak TCM bytes / capacity
  std::uint64_t programs = 0;    ///< programs over all launches
  std::uint64_t pes = 0;         ///< PEs of the chip
  bool tcm_waits = false;        ///< programs waited for TCM space
  /// In-order PEs: "N program(s) resident per PE, limited by registers"
  /// (empty elsewhere); said when nothing is busy.
  std::string occupancy;
};

struct Bound {
  BoundKind kind = BoundKind::latency;
  /// The figure that decided (a share in [0, 1]; programs / PEs for a grid
  /// smaller than the chip).
  double evidence = 0;
  /// One line, e.g. "the GEMM engines are busy 83.1% of the run, more than
  /// any other resource".
  std::string reason;
};

Bound classify_bound(const BoundInputs& in);

}  // namespace kernbench::app
