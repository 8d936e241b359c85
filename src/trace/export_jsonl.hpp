#pragma once
/// \file
/// JSON Lines export of an OpLog: one JSON object per record, one record per
/// line, in log order (time order after OpLog::finalize()).
///
/// Schema (all integers exact; times in picoseconds, sizes in bytes; see
/// docs/trace-format.md):
///   {"id":12,"pe":3,"unit":"dma","unit_index":1,"kind":"DmaRead",
///    "name":"load a","program":7,"t_issue":1000,"t_start":1500,"t_end":9500,
///    "src_addr":4096,"dst_addr":0,"bytes":32768,"flops":0,
///    "changes_memory":true,
///    "operands":[{"shape":[128,64],"dtype":3}],"deps":[4,9],
///    "has_result":true,"acc_dtype":null,"axis":null,"keep_dims":false}
/// `pe` is -1 for chip-level units, `program` -1 when not attributable,
/// `dtype` is the data layer's dtype code. `operands` lists every operand
/// (inputs in order, then the result when `has_result`), of any rank;
/// `acc_dtype` is the dtype a GEMM accumulates in, `axis` the axis a reduction
/// reduced (null for none or all), `keep_dims` whether it kept it. Keys always
/// appear in this order.
///
/// Streams: memory use is independent of the log size. Throws
/// std::runtime_error when the stream fails.

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "trace/op_log.hpp"

namespace kernbench::trace {

void write_jsonl(const OpLog& log, std::ostream& os);

/// What a writer may add to the JSON Lines export (docs/trace-format.md,
/// "Replay data"): lines before the records, and members after a record's
/// last key. Readers of the plain format ignore unknown keys.
struct JsonlExtras {
  /// Whole lines written before the first record (each one JSON object,
  /// without the newline).
  std::vector<std::string> preamble;
  /// Extra members of the record with this id, as `"key":value` text, or
  /// empty for none. May be empty (no extras).
  std::function<std::string_view(OpId)> members;
};

/// write_jsonl with a preamble and extra record members.
void write_jsonl(const OpLog& log, std::ostream& os, const JsonlExtras& extras);

}  // namespace kernbench::trace
