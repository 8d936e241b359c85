#pragma once
/// \file
/// `kernbench hw cost dma`: one DMA descriptor on an idle chip, timed by the
/// simulation's own units (hw::idle_dma; docs/adr/0041-dma-cost-composition.md).
///
///  source hbm: a load, memory -> TCM (the command `tl.load` issues);
///  source tcm: a store, TCM -> memory (the command `tl.store` issues).
/// The addresses are the device-memory side's. The engine is busy
/// `setup + ceil(bus_bytes / bytes_per_cycle)` cycles (hw::dma_cost); the
/// tile crosses the TCM ports (hw::tcm_port_bytes_per_cycle); the memory side
/// (cold caches, hashed HBM channels, the fabric route to PE 0) starts after
/// the setup cycles:
///   ps = max(engine, TCM ports, setup + memory side)
/// `bound` names the term that set the total. All times are integer ps.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/names.hpp"
#include "hw/config/hw_config.hpp"

namespace kernbench::app {

/// 1-D (rows == 1, stride ignored) or 2-D descriptor starting at `addr`.
struct DmaCostRequest {
  std::uint64_t addr = 0;
  std::uint64_t rows = 1;
  std::uint64_t row_bytes = 0;
  std::uint64_t stride = 0;  ///< bytes between row starts (2-D only)
  bool two_d = false;
  DmaSource source = DmaSource::hbm;
};

/// Rows beyond this make the memory side's walk (O(rows)) too slow for an
/// interactive command; cost_dma rejects them.
inline constexpr std::uint64_t kMaxDmaRows = std::uint64_t{1} << 20;

struct DmaCostReport {
  DmaCostRequest request;
  std::string hw_name;
  std::vector<std::string> overrides;  ///< --set assignments applied to the hw (for the report)
  std::uint64_t burst = 0;
  std::uint64_t bursts = 0;
  std::uint64_t useful_bytes = 0;
  std::uint64_t bus_bytes = 0;
  std::uint64_t setup_cycles = 0;
  std::uint64_t dma_bytes_per_cycle = 0;
  std::uint64_t transfer_cycles = 0;  ///< ceil(bus_bytes / dma_bytes_per_cycle)
  std::uint64_t engine_cycles = 0;    ///< setup + transfer: the engine is busy this long
  std::uint64_t engine_ps = 0;
  std::uint64_t tcm_bytes_per_cycle = 0;  ///< the TCM ports' width
  std::uint64_t tcm_ports_ps = 0;         ///< the tile on the TCM ports
  std::uint64_t hbm_latency_ps = 0;
  std::uint64_t hbm_bytes = 0;      ///< bytes the channels moved (whole cache lines on a miss)
  std::uint64_t hbm_stream_ps = 0;  ///< busiest channel
  std::uint64_t hbm_channels_touched = 0;
  std::uint64_t hbm_max_channel_bytes = 0;
  std::uint64_t fabric_ps = 0;  ///< busiest fabric link or port
  std::uint64_t frequency_hz = 0;
  std::uint64_t ps = 0;  ///< start to completion, see the formula above
  std::string
      bound;  ///< "setup", "dma engine", "tcm ports", "hbm latency", "hbm channel", "fabric"
};

/// Throws UsageError for row_bytes == 0, zero or too many rows and a
/// descriptor past the address space; std::overflow_error for times beyond
/// 2^64 ps.
DmaCostReport cost_dma(const hw::HwConfig& cfg, const DmaCostRequest& req);
std::string to_text(const DmaCostReport& r);
nlohmann::ordered_json to_json(const DmaCostReport& r);

}  // namespace kernbench::app
