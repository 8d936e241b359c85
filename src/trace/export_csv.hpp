#pragma once
/// \file
/// CSV export of an OpLog (RFC 4180 quoting, comma separated, "\n" line
/// ends, fields quoted only when needed), one row per record in log order
/// (time order after OpLog::finalize()), after this header row:
///
///   id,pe,unit,unit_index,kind,name,program,t_issue_ps,t_start_ps,t_end_ps,
///   src_addr,dst_addr,bytes,flops,changes_memory,shape0,dtype0,shape1,dtype1,
///   shape2,dtype2,deps
///
/// Shapes are dimensions joined by 'x' ("128x64", "scalar" for rank 0, empty
/// when the operand is absent); dtype is the data layer's code; deps are ids
/// joined by ';'; changes_memory is 0 or 1; addresses are decimal.
///
/// Streams: memory use is independent of the log size. Throws
/// std::runtime_error when the stream fails.

#include <ostream>
#include <string_view>

#include "trace/op_log.hpp"

namespace kernbench::trace {

/// The header row, without the line end.
inline constexpr std::string_view kCsvHeader =
    "id,pe,unit,unit_index,kind,name,program,t_issue_ps,t_start_ps,t_end_ps,src_addr,dst_addr,"
    "bytes,flops,changes_memory,shape0,dtype0,shape1,dtype1,shape2,dtype2,deps";

void write_csv(const OpLog& log, std::ostream& os);

}  // namespace kernbench::trace
