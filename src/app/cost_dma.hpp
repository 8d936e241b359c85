#pragma once
/// \file
/// `kernbench hw cost dma`: one DMA descriptor on an idle DMA engine of an
/// otherwise idle chip.
///
/// The engine's cost is hw::dma_cost (whole aligned bursts cross a data path
/// of pe.dma.bytes_per_cycle after pe.dma.setup_cycles). The source adds what
/// the engine cannot see (docs/adr/0041-dma-cost-composition.md):
///
///  source tcm: the read side delivers pe.tcm.banks * bank_width * ports
///    bytes per cycle; the transfer runs at min(that, bytes_per_cycle).
///      cycles = setup + ceil(bus_bytes / min(tcm, dma))
///      ps     = cycles_to_ps(cycles)
///  source hbm: the first data returns hbm.latency after the request; the
///    bursts stream from their channels (interleaved by hbm.interleave), each
///    channel at hbm.bandwidth / hbm.channels, concurrently with the engine.
///      stream_ps = max over channels ceil(bus_bytes_in_channel * channels * 1e12 / bandwidth)
///      ps        = cycles_to_ps(setup) + hbm.latency + max(cycles_to_ps(transfer), stream_ps)
///    where transfer = ceil(bus_bytes / bytes_per_cycle).
/// Fabric hops between the PE and the memory side are not included (the
/// fabric's placement of HBM ports is not part of the configuration yet).
/// All arithmetic is exact integer math (128-bit where products can overflow).

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
  DmaSource source = DmaSource::kHbm;
};

/// Rows beyond this make the per-channel HBM accounting (O(rows)) too slow
/// for an interactive command; cost_dma rejects them for source hbm.
inline constexpr std::uint64_t kMaxHbmRows = std::uint64_t{1} << 20;

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
  std::uint64_t read_bytes_per_cycle = 0;  ///< tcm: TCM read width; hbm: = dma
  std::uint64_t transfer_cycles = 0;       ///< ceil(bus_bytes / min(read, dma))
  std::uint64_t engine_cycles = 0;         ///< setup + transfer: the engine is busy this long
  std::uint64_t engine_ps = 0;             ///< cycles_to_ps(engine_cycles)
  // Source hbm only:
  std::uint64_t hbm_latency_ps = 0;
  std::uint64_t hbm_stream_ps = 0;  ///< slowest channel
  std::uint64_t hbm_channels_touched = 0;
  std::uint64_t hbm_max_channel_bytes = 0;  ///< bus bytes of the busiest channel
  std::uint64_t frequency_hz = 0;
  std::uint64_t ps = 0;  ///< request to last byte, see the formulas above
  std::string bound;     ///< "setup", "dma engine", "tcm read", "hbm channel", "hbm latency"
};

/// Throws UsageError for row_bytes == 0 and for too many rows from hbm.
DmaCostReport cost_dma(const hw::HwConfig& cfg, const DmaCostRequest& req);
std::string to_text(const DmaCostReport& r);
nlohmann::ordered_json to_json(const DmaCostReport& r);

}  // namespace kernbench::app
