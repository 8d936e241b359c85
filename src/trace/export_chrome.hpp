#pragma once
/// \file
/// Chrome trace-event JSON export of an OpLog, for https://ui.perfetto.dev and
/// chrome://tracing. Layout (full description in docs/trace-format.md):
///
/// - Processes: one per PE, named "PE <n>" (pid n + 1), and one for chip-level
///   units (pe == kChipLevel), named TraceOptions::chip_name (pid kChipPid).
/// - Threads (tracks): one per engine, named after the unit ("cpu", "dma0",
///   "dma1", "gemm", "math", "tcm", "hbm3", "fabric12", ...). Records that
///   overlap in time on one engine (pipelined DMA, in-flight HBM transactions)
///   go to extra lanes "dma0 #1", "dma0 #2", ... so slices never mis-nest.
/// - One complete event ("ph":"X") per record: name, cat = unit, ts/dur in
///   microseconds printed exactly from picoseconds (decimal, no rounding),
///   args with id, kind, program, exact ps times, bytes, flops, addresses,
///   operand shapes/dtypes, deps.
/// - Flow events ("ph":"s" / "ph":"f" with "bp":"e") from each producer in
///   deps to its consumer, bound to the enclosing slices.
/// - Counter tracks ("ph":"C"): "HBM bandwidth" (GB/s, bucketed, from records
///   with unit == hbm) on the chip process, and "TCM occupancy" (bytes) per PE
///   from TraceOptions::tcm_occupancy.
///
/// Requires log.in_time_order() (call OpLog::finalize()); throws
/// std::logic_error otherwise. Streams the JSON (no DOM): extra memory is ~4 bytes per record
/// plus the HBM buckets. Throws std::runtime_error when the stream fails or
/// the HBM bucket is too small for the trace span.

#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>

#include "trace/op_log.hpp"

namespace kernbench::trace {

/// pid of the chip-level process in the exported trace.
inline constexpr std::int64_t kChipPid = 2147483647;

/// TCM bytes in use on one PE from time t_ps on (until the next sample).
struct OccupancySample {
  std::int32_t pe = 0;
  std::uint64_t t_ps = 0;
  std::uint64_t bytes = 0;
};

struct TraceOptions {
  /// Emit flow arrows for deps.
  bool flows = true;
  /// Emit the "HBM bandwidth" counter when the log holds hbm records.
  bool hbm_bandwidth = true;
  /// Width of one HBM bandwidth bucket [ps]; 0 picks a 1-2-5 value giving
  /// about 1000 buckets over the trace (at least 1 ns). At most 10'000'000
  /// buckets are allowed.
  std::uint64_t hbm_bucket_ps = 0;
  /// TCM occupancy samples, any order; must outlive the call. pe >= 0.
  std::span<const OccupancySample> tcm_occupancy{};
  /// Optional dtype code -> name ("f16"); without it dtypes print as "dtype3".
  std::function<std::string(std::uint8_t)> dtype_name{};
  /// Name of the chip-level process.
  std::string chip_name = "Chip";
};

void write_chrome_trace(const OpLog& log, std::ostream& os, const TraceOptions& options = {});

}  // namespace kernbench::trace
