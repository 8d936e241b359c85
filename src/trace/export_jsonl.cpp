#include "trace/export_jsonl.hpp"

#include "trace/detail/stream_writer.hpp"

namespace kernbench::trace {

namespace {

/// `{"id":...` up to and including `"changes_memory"`: the record's identity,
/// times, addresses and sizes.
void write_scalars(detail::StreamWriter& w, const OpLog& log, const OpRecord& r) {
  w.put(R"({"id":)");
  w.uint(r.id);
  w.put(R"(,"pe":)");
  w.sint(r.pe);
  w.put(R"(,"unit":")");
  w.put(to_string(r.unit));
  w.put(R"(","unit_index":)");
  w.uint(r.unit_index);
  w.put(R"(,"kind":")");
  w.put(to_string(r.kind));
  w.put(R"(","name":)");
  w.json_string(log.name(r.name));
  w.put(R"(,"program":)");
  w.sint(r.program);
  w.put(R"(,"t_issue":)");
  w.uint(r.t_issue);
  w.put(R"(,"t_start":)");
  w.uint(r.t_start);
  w.put(R"(,"t_end":)");
  w.uint(r.t_end);
  w.put(R"(,"src_addr":)");
  w.uint(r.src_addr);
  w.put(R"(,"dst_addr":)");
  w.uint(r.dst_addr);
  w.put(R"(,"bytes":)");
  w.uint(r.bytes);
  w.put(R"(,"flops":)");
  w.uint(r.flops);
  w.put(r.changes_memory ? R"(,"changes_memory":true)" : R"(,"changes_memory":false)");
}

/// `,"operands":[...]` (the closing bracket included).
void write_operands(detail::StreamWriter& w, const OpLog& log, const OpRecord& r) {
  w.put(R"(,"operands":[)");
  for (std::size_t i = 0; i < r.num_operands; ++i) {
    w.put(i == 0 ? R"({"shape":[)" : R"(,{"shape":[)");
    const auto shape = log.shape(r, i);
    for (std::size_t d = 0; d < shape.size(); ++d) {
      if (d != 0) w.put(',');
      w.uint(shape[d]);
    }
    w.put(R"(],"dtype":)");
    w.uint(log.dtype(r, i));
    w.put('}');
  }
  w.put(']');
}

/// `,"deps":[...]` (the closing bracket included).
void write_deps(detail::StreamWriter& w, const OpRecord& r) {
  w.put(R"(,"deps":[)");
  for (std::size_t i = 0; i < r.num_deps; ++i) {
    if (i != 0) w.put(',');
    w.uint(r.deps[i]);
  }
  w.put(']');
}

/// `,"has_result"` through `,"keep_dims"`: how the result was produced.
void write_result_shape(detail::StreamWriter& w, const OpRecord& r) {
  w.put(r.flags & kHasResult ? R"(,"has_result":true)" : R"(,"has_result":false)");
  w.put(R"(,"acc_dtype":)");
  if (r.acc_dtype == kNoDType) {
    w.put("null");
  } else {
    w.uint(r.acc_dtype);
  }
  w.put(R"(,"axis":)");
  if (r.axis == kNoAxis) {
    w.put("null");
  } else {
    w.sint(r.axis);
  }
  w.put(r.flags & kKeepDims ? R"(,"keep_dims":true)" : R"(,"keep_dims":false)");
}

/// One whole record line: the fixed keys, then the writer's extra members,
/// then the hardware description, then `}` and the newline.
void write_record(detail::StreamWriter& w, const OpLog& log, const OpRecord& r,
                  const JsonlExtras& extras) {
  write_scalars(w, log, r);
  write_operands(w, log, r);
  write_deps(w, r);
  write_result_shape(w, r);
  if (extras.members) {
    const std::string_view more = extras.members(r.id);
    if (!more.empty()) {
      w.put(',');
      w.put(more);
    }
  }
  const std::string_view hw = log.description(r.id);
  if (!hw.empty()) {
    w.put(R"(,"hw":)");
    w.put(hw);
  }
  w.put("}\n");
}

}  // namespace

void write_jsonl(const OpLog& log, std::ostream& os) {
  write_jsonl(log, os, JsonlExtras{});
}

void write_jsonl(const OpLog& log, std::ostream& os, const JsonlExtras& extras) {
  detail::StreamWriter w(os, "write_jsonl");
  for (const std::string& line : extras.preamble) {
    w.put(line);
    w.put('\n');
  }
  for (const OpRecord& r : log) write_record(w, log, r, extras);
  w.flush();
}

}  // namespace kernbench::trace
