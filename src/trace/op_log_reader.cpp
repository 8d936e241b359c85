#include "trace/op_log_reader.hpp"

#include <fstream>

namespace kernbench::trace {
namespace {

using nlohmann::json;

class LineReader {
 public:
  LineReader(const std::string& path, std::size_t line, const json& obj)
      : at_(path + ":" + std::to_string(line) + ": "), obj_(obj) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw OpLogReadError(at_ + key + ": " + what);
  }
  bool has(const char* key) const { return obj_.contains(key) && !obj_[key].is_null(); }
  std::uint64_t u64(const char* key) const {
    if (!obj_.contains(key)) fail(key, "missing; expected an unsigned integer");
    const json& v = obj_[key];
    if (!v.is_number_unsigned()) fail(key, "expected an unsigned integer, got " + v.dump());
    return v.get<std::uint64_t>();
  }
  std::int64_t i64(const char* key, std::int64_t fallback) const {
    if (!has(key)) return fallback;
    const json& v = obj_[key];
    if (!v.is_number_integer()) fail(key, "expected an integer, got " + v.dump());
    return v.get<std::int64_t>();
  }
  std::uint64_t u64_or(const char* key, std::uint64_t fallback) const {
    return has(key) ? u64(key) : fallback;
  }
  std::string str(const char* key) const {
    if (!obj_.contains(key)) fail(key, "missing; expected a string");
    if (!obj_[key].is_string()) fail(key, "expected a string, got " + obj_[key].dump());
    return obj_[key].get<std::string>();
  }
  bool flag(const char* key) const {
    if (!has(key)) return false;
    if (!obj_[key].is_boolean()) fail(key, "expected true or false, got " + obj_[key].dump());
    return obj_[key].get<bool>();
  }
  std::vector<std::uint64_t> u64_list(const char* key) const {
    std::vector<std::uint64_t> out;
    if (!has(key)) return out;
    if (!obj_[key].is_array()) fail(key, "expected a list of unsigned integers");
    for (const json& v : obj_[key]) {
      if (!v.is_number_unsigned()) fail(key, "expected unsigned integers, got " + v.dump());
      out.push_back(v.get<std::uint64_t>());
    }
    return out;
  }
  const json& obj() const { return obj_; }

 private:
  std::string at_;
  const json& obj_;
};

/// The parser's reason without its prefix and without the echoed input
/// ("syntax error at column 12: ..."; a log line can be megabytes long).
std::string reason(const json::parse_error& e) {
  std::string what = e.what();
  const std::size_t at = what.find("parse error");
  if (at != std::string::npos) what = what.substr(at);
  const std::size_t echo = what.find("; last read");
  if (echo != std::string::npos) what.resize(echo);
  return what;
}

LoggedAllocation read_alloc(const LineReader& r, std::size_t line) {
  LoggedAllocation a;
  a.name = r.str("alloc");
  if (a.name.empty()) r.fail("alloc", "expected a non-empty allocation name");
  a.base = r.u64("base");
  const std::uint64_t dtype = r.u64("dtype");
  if (dtype > 255) r.fail("dtype", "expected a dtype code");
  a.dtype = static_cast<std::uint8_t>(dtype);
  if (!r.obj().contains("shape")) r.fail("shape", "missing; expected a list of dimensions");
  a.shape = r.u64_list("shape");
  a.line = line;
  return a;
}

LoggedRecord read_record(const LineReader& r, std::size_t line) {
  LoggedRecord rec;
  rec.id = r.u64("id");
  const std::string kind = r.str("kind");
  const auto k = parse_op_kind(kind);
  if (!k)
    r.fail("kind", "`" + kind + "` is not a record kind (DmaRead, DmaWrite, Gemm, Math, ...)");
  rec.kind = *k;
  if (r.has("unit")) {
    const std::string unit = r.str("unit");
    const auto u = parse_unit(unit);
    if (!u) r.fail("unit", "`" + unit + "` is not a unit (cpu, dma, gemm, math, ...)");
    rec.unit = *u;
  }
  if (r.has("name")) rec.name = r.str("name");
  rec.pe = static_cast<std::int32_t>(r.i64("pe", kChipLevel));
  rec.program = r.i64("program", kNoProgram);
  rec.t_issue = r.u64("t_issue");
  rec.t_start = r.u64("t_start");
  rec.t_end = r.u64("t_end");
  if (rec.t_issue > rec.t_start) r.fail("t_start", "precedes t_issue");
  if (rec.t_start > rec.t_end) r.fail("t_end", "precedes t_start");
  rec.src_addr = r.u64_or("src_addr", 0);
  rec.dst_addr = r.u64_or("dst_addr", 0);
  rec.bytes = r.u64_or("bytes", 0);
  rec.flops = r.u64_or("flops", 0);
  rec.changes_memory = r.flag("changes_memory");
  rec.deps = r.u64_list("deps");
  if (r.has("effect")) {
    if (!r.obj()["effect"].is_object()) r.fail("effect", "expected an object");
    rec.effect = r.obj()["effect"];
  }
  rec.line = line;
  return rec;
}

}  // namespace

LoggedRun read_oplog_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw OpLogReadError(path + ": cannot open the op log");
  LoggedRun run;
  run.path = path;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json obj;
    try {
      obj = json::parse(text);
    } catch (const json::parse_error& e) {
      throw OpLogReadError(path + ":" + std::to_string(line) + ": not valid JSON: " + reason(e));
    }
    if (!obj.is_object()) {
      throw OpLogReadError(path + ":" + std::to_string(line) + ": expected a JSON object");
    }
    const LineReader r(path, line, obj);
    if (obj.contains("alloc")) {
      run.allocations.push_back(read_alloc(r, line));
    } else if (obj.contains("id")) {
      run.records.push_back(read_record(r, line));
    } else {
      throw OpLogReadError(path + ":" + std::to_string(line) +
                           ": expected a record (with \"id\") or an allocation (with \"alloc\")");
    }
  }
  if (in.bad()) throw OpLogReadError(path + ": reading the op log failed");
  return run;
}

}  // namespace kernbench::trace
