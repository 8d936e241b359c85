#include "trace/export_csv.hpp"

#include "trace/detail/stream_writer.hpp"

namespace kernbench::trace {

void write_csv(const OpLog& log, std::ostream& os) {
  detail::StreamWriter w(os, "write_csv");
  w.put(kCsvHeader);
  w.put('\n');
  for (const OpRecord& r : log) {
    w.uint(r.id);
    w.put(',');
    w.sint(r.pe);
    w.put(',');
    w.put(to_string(r.unit));
    w.put(',');
    w.uint(r.unit_index);
    w.put(',');
    w.put(to_string(r.kind));
    w.put(',');
    w.csv_field(log.name(r.name));
    w.put(',');
    w.sint(r.program);
    for (std::uint64_t v :
         {r.t_issue, r.t_start, r.t_end, r.src_addr, r.dst_addr, r.bytes, r.flops}) {
      w.put(',');
      w.uint(v);
    }
    w.put(r.changes_memory ? ",1" : ",0");
    for (std::size_t i = 0; i < OpRecord::kMaxOperands; ++i) {
      w.put(',');
      if (i < r.num_operands) {
        w.dims(log.shape(r, i));
        w.put(',');
        w.uint(log.dtype(r, i));
      } else {
        w.put(',');
      }
    }
    w.put(',');
    for (std::size_t i = 0; i < r.num_deps; ++i) {
      if (i != 0) w.put(';');
      w.uint(r.deps[i]);
    }
    w.put('\n');
  }
  w.flush();
}

}  // namespace kernbench::trace
