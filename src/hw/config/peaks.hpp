#pragma once
/// \file
/// Derived chip peaks from a configuration (used by `kernbench hw show` and
/// roofline reports). FLOP counts a multiply-add as 2 FLOP. Rates are
/// doubles in FLOP/s; bandwidths stay exact integers in bytes/s.
///
///  gemm_flops[p]   = pe.count * rows * cols * 2 * rate[p] * f
///  vector_flops    = pe.count * lanes * 2 (fma) * simple.rate * pack(p) * f
///  tcm (per PE)    = banks * bank_width * ports * f
///  bisection       = mesh: 2 * min(x, y) * link (both directions; 0 for one node)
///                    crossbar: 2 * floor(pe.count / 2) * link
///  ridge[p]        = gemm_flops[p] / hbm.bandwidth   (FLOP per HBM byte)

#include <array>
#include <string>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

inline constexpr std::array kAllPrecisions{Precision::f16,  Precision::bf16, Precision::fp8,
                                           Precision::int8, Precision::tf32, Precision::f32};

struct Peaks {
  std::array<double, kAllPrecisions.size()> gemm_flops{};    ///< chip, FLOP/s, by Precision
  std::array<double, kAllPrecisions.size()> vector_flops{};  ///< chip, FLOP/s (fma), by Precision
  std::array<double, kAllPrecisions.size()> ridge{};         ///< FLOP per HBM byte, by Precision
  Bandwidth hbm;                                             ///< total HBM bandwidth
  Bandwidth hbm_per_channel;                                 ///< floor(total / channels)
  Bandwidth fabric_bisection;                                ///< both directions
  Bandwidth tcm_per_pe;
  Bandwidth tcm_chip;
  Bandwidth cache;  ///< 0 when the cache is disabled
};

Peaks compute_peaks(const HwConfig& cfg);

/// Human-readable summary: clock, PEs, per-precision peaks and ridge points,
/// bandwidths, capacities.
std::string format_peaks(const HwConfig& cfg, const Peaks& peaks);

}  // namespace kernbench::hw
