#include "cmdlist/parse.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "cmdlist/entry.hpp"
#include "cmdlist/math_ops.hpp"
#include "cmdlist/parse_record.hpp"
#include "util/read_file.hpp"

namespace kernbench::cmdlist {
namespace {

using detail::Entry;
using Json = nlohmann::json;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// A YAML scalar as JSON: integer, number, boolean, null, else string.
Json scalar_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted
  if (s == "true" || s == "True") return true;
  if (s == "false" || s == "False") return false;
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  if (YAML::convert<std::int64_t>::decode(n, i) && s.find_first_of(".eE") == std::string::npos)
    return i;
  if (YAML::convert<std::uint64_t>::decode(n, u) && s.find_first_of(".eE") == std::string::npos)
    return u;
  double d = 0.0;
  if (YAML::convert<double>::decode(n, d)) return d;
  return s;
}

Json yaml_to_json(const YAML::Node& n, const std::string& origin) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      Json a = Json::array();
      for (const auto& e : n) a.push_back(yaml_to_json(e, origin));
      return a;
    }
    case YAML::NodeType::Map: {
      Json o = Json::object();
      for (const auto& kv : n) {
        // A key that is a list or a mapping (`{[0]: 1}`) has no string form;
        // as<std::string>() would throw yaml-cpp's bare "bad conversion".
        if (!kv.first.IsScalar())
          throw CommandListError(
              fmt::format("{}:{}: a key is a list or a mapping; expected a field name", origin,
                          kv.first.Mark().line + 1));
        o[kv.first.Scalar()] = yaml_to_json(kv.second, origin);
      }
      return o;
    }
    case YAML::NodeType::Scalar:
      return scalar_json(n);
    default:
      return nullptr;
  }
}

std::vector<Entry> jsonl_entries(std::string_view text, const std::string& origin) {
  std::vector<Entry> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Json j;
    try {
      j = Json::parse(line);
    } catch (const Json::exception& e) {  // parse_error, and out_of_range for 1e999999
      throw CommandListError(
          fmt::format("{}:{}: not a JSON object: {}", origin, line_no, e.what()));
    }
    if (!j.is_object()) {
      throw CommandListError(
          fmt::format("{}:{}: expected one JSON object per line", origin, line_no));
    }
    out.emplace_back(std::move(j), SourceLoc{origin, line_no});
  }
  return out;
}

std::vector<Entry> yaml_entries(std::string_view text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw CommandListError(
        fmt::format("{}:{}: not valid YAML: {}", origin, e.mark.line + 1, e.msg));
  }
  if (root.IsNull()) return {};
  if (!root.IsSequence()) {
    throw CommandListError(fmt::format("{}:{}: expected a sequence of entries (`- kind: ...`)",
                                       origin, root.Mark().line + 1));
  }
  std::vector<Entry> out;
  for (const auto& e : root) {
    const SourceLoc at{origin, e.Mark().line + 1};
    if (!e.IsMap()) {
      throw CommandListError(fmt::format("{}: expected a mapping with a `kind`", at.to_string()));
    }
    out.emplace_back(yaml_to_json(e, origin), at);
  }
  return out;
}

AllocSpec parse_alloc(const Entry& e, const std::filesystem::path& base) {
  e.only(accepted_fields("Alloc"));
  AllocSpec a;
  a.at = e.at();
  a.name = e.str("name");
  a.dtype = e.dtype("dtype");
  a.shape = e.shape("shape");
  if (e.has("npy") && e.has("fill")) e.fail("fill", "give either `npy` or `fill`, not both");
  if (e.has("npy")) {
    a.init = AllocSpec::Init::npy;
    const std::filesystem::path p = e.str("npy");
    a.npy = (p.is_absolute() ? p : base / p).string();
  }
  const std::string fill = e.has("fill") ? e.str("fill") : "zeros";
  if (fill == "random") {
    a.init = AllocSpec::Init::random;
    a.seed = e.has("seed") ? e.uinteger("seed") : 0;
    if (e.has("low")) a.low = e.number("low");
    if (e.has("high")) a.high = e.number("high");
    if (!(a.low < a.high)) e.fail("high", "expected low < high");
  } else if (fill == "value") {
    a.init = AllocSpec::Init::value;
    a.value = e.number("value");
  } else if (fill != "zeros") {
    e.fail("fill", fmt::format("`{}` is not a fill; expected zeros, random or value", fill));
  }
  return a;
}

VerifySpec parse_verify(const Entry& e, const std::filesystem::path& base) {
  e.only(accepted_fields("Verify"));
  VerifySpec v;
  v.at = e.at();
  v.alloc = e.str("alloc");
  const std::filesystem::path p = e.str("npy");
  v.npy = (p.is_absolute() ? p : base / p).string();
  if (e.has("atol")) v.atol = e.number("atol");
  if (e.has("rtol")) v.rtol = e.number("rtol");
  if ((v.atol && *v.atol < 0) || (v.rtol && *v.rtol < 0)) {
    e.fail(v.atol && *v.atol < 0 ? "atol" : "rtol", "expected a number >= 0");
  }
  return v;
}

void parse_common(const Entry& e, CommandSpec& c) {
  c.at = e.at();
  c.id = e.integer("id", 0);
  const std::int64_t pe = e.integer("pe", 0);
  if (pe > std::numeric_limits<std::int32_t>::max()) e.fail("pe", "expected a PE index");
  c.pe = static_cast<int>(pe);
  if (e.has("deps")) c.deps = e.ints("deps");
  if (e.has("name")) c.name = e.str("name");
  if (e.has("issue")) c.issue = e.uinteger("issue");
}

void parse_dma(const Entry& e, CommandSpec& c) {
  e.only(accepted_fields("DmaRead"));
  c.mem = e.str("mem");
  c.mem_offset = e.has("mem_offset") ? e.uinteger("mem_offset") : 0;
  if (c.mem_offset > (std::uint64_t{1} << 48)) e.fail("mem_offset", "expected at most 2^48 bytes");
  c.shape = e.shape("shape");
  c.dtype = e.dtype("dtype");
  c.tcm_addr = e.uinteger("tcm_addr");
  if (e.has("mem_strides")) {
    c.mem_strides = e.ints("mem_strides");
    if (c.mem_strides.size() != static_cast<std::size_t>(c.shape.rank())) {
      e.fail("mem_strides",
             fmt::format("expected {} strides (one per dimension of `shape`)", c.shape.rank()));
    }
    for (const std::int64_t s : c.mem_strides) {
      if (s < 0 || s > (std::int64_t{1} << 40)) {
        e.fail("mem_strides", "expected strides from 0 to 2^40 (in elements)");
      }
    }
  }
}

void parse_gemm(const Entry& e, CommandSpec& c) {
  e.only(accepted_fields("Gemm"));
  for (const char* f : {"M", "N", "K"}) {
    if (e.integer(f, 1) > (std::int64_t{1} << 24)) e.fail(f, "expected at most 2^24 elements");
  }
  c.m = static_cast<std::uint64_t>(e.integer("M", 1));
  c.n = static_cast<std::uint64_t>(e.integer("N", 1));
  c.k = static_cast<std::uint64_t>(e.integer("K", 1));
  c.a = e.uinteger("a");
  c.b = e.uinteger("b");
  c.c = e.uinteger("c");
  c.acc = e.opt_uinteger("acc");
  c.dtype = e.dtype("dtype");
  c.out_dtype = e.has("out_dtype") ? e.dtype("out_dtype") : data::DType::f32;
}

void parse_math(const Entry& e, CommandSpec& c) {
  e.only(accepted_fields("Math"));
  c.math_op = e.str("op");
  c.inputs = e.uints("inputs");
  c.out = e.uinteger("out");
  c.shape = e.shape("shape");
  c.dtype = e.dtype("dtype");
  const std::optional<MathKind> kind = math_kind(c.math_op, c.inputs.size());
  if (!kind) e.fail("op", unknown_math_op_message(c.math_op, c.inputs.size()));
  c.math_kind = *kind;
  if (e.has("axis")) {
    if (c.math_kind != MathKind::reduce) e.fail("axis", "only reductions (sum, max, min) take one");
    const std::int64_t axis = e.integer("axis", -c.shape.rank());
    if (axis >= c.shape.rank()) {
      e.fail("axis", fmt::format("expected an axis of the rank-{} shape (-{} .. {})",
                                 c.shape.rank(), c.shape.rank(), c.shape.rank() - 1));
    }
    c.axis = static_cast<int>(axis < 0 ? axis + c.shape.rank() : axis);
  }
  c.keep_dims = e.boolean("keep_dims", false);
}

CommandSpec parse_command(const Entry& e, CommandOp op) {
  CommandSpec c;
  c.op = op;
  parse_common(e, c);
  switch (op) {
    case CommandOp::dma_read:
    case CommandOp::dma_write:
      parse_dma(e, c);
      break;
    case CommandOp::gemm:
      parse_gemm(e, c);
      break;
    case CommandOp::math:
      parse_math(e, c);
      break;
    case CommandOp::barrier:
      e.only(accepted_fields("Barrier"));
      break;
  }
  return c;
}

/// Cross-entry checks: unique names and ids, deps on earlier ids, references.
void check_references(const CommandList& l, const std::map<const void*, const Entry*>& entry_of) {
  std::map<std::string, const AllocSpec*> allocs;
  for (const AllocSpec& a : l.allocs) {
    if (!allocs.emplace(a.name, &a).second) {
      entry_of.at(&a)->fail("name", fmt::format("allocation `{}` is declared twice", a.name));
    }
  }
  std::map<std::int64_t, const CommandSpec*> ids;
  for (const CommandSpec& c : l.commands) {
    const Entry& e = *entry_of.at(&c);
    for (const std::int64_t d : c.deps) {
      if (!ids.contains(d)) {
        e.fail("deps", fmt::format("{} is not the id of an earlier command", d));
      }
    }
    if (!ids.emplace(c.id, &c).second) e.fail("id", fmt::format("id {} is used twice", c.id));
    if ((c.op == CommandOp::dma_read || c.op == CommandOp::dma_write) && !c.recorded &&
        !allocs.contains(c.mem)) {
      e.fail("mem",
             fmt::format("no allocation named `{}` (declare it with kind Alloc first)", c.mem));
    }
  }
  for (const VerifySpec& v : l.verifies) {
    if (!allocs.contains(v.alloc)) {
      entry_of.at(&v)->fail("alloc", fmt::format("no allocation named `{}`", v.alloc));
    }
  }
}

}  // namespace

const std::vector<std::string>& accepted_fields(std::string_view kind) {
  using Fields = std::vector<std::string>;
  static const Fields alloc{"kind", "name", "dtype", "shape", "npy",
                            "fill", "seed", "low",   "high",  "value"};
  static const Fields dma{"kind", "id",         "pe",          "deps",  "name",  "issue",
                          "mem",  "mem_offset", "mem_strides", "shape", "dtype", "tcm_addr"};
  static const Fields gemm{"kind", "id", "pe", "deps", "name", "issue", "M",        "N",
                           "K",    "a",  "b",  "c",    "acc",  "dtype", "out_dtype"};
  static const Fields math{"kind",   "id",  "pe",    "deps",  "name", "issue",    "op",
                           "inputs", "out", "shape", "dtype", "axis", "keep_dims"};
  static const Fields barrier{"kind", "id", "pe", "deps", "name", "issue"};
  static const Fields verify{"kind", "alloc", "npy", "atol", "rtol"};
  static const Fields none;
  if (kind == "Alloc") return alloc;
  if (kind == "DmaRead" || kind == "DmaWrite") return dma;
  if (kind == "Gemm") return gemm;
  if (kind == "Math") return math;
  if (kind == "Barrier") return barrier;
  if (kind == "Verify") return verify;
  return none;
}

const std::vector<std::string>& record_fields() {
  static const std::vector<std::string> fields{
      "id",        "pe",      "unit",           "unit_index", "kind",     "name",
      "program",   "t_issue", "t_start",        "t_end",      "src_addr", "dst_addr",
      "bytes",     "flops",   "changes_memory", "operands",   "deps",     "has_result",
      "acc_dtype", "axis",    "keep_dims",      "hw",         "effect"};
  return fields;
}

bool is_command_list_path(std::string_view path) {
  return ends_with(path, ".jsonl") || ends_with(path, ".yaml") || ends_with(path, ".yml");
}

CommandList parse_command_list_text(std::string_view text, Format format, const std::string& origin,
                                    const std::filesystem::path& base_dir) {
  const std::vector<Entry> entries =
      format == Format::jsonl ? jsonl_entries(text, origin) : yaml_entries(text, origin);
  CommandList l;
  l.file = origin;
  l.allocs.reserve(entries.size());
  l.commands.reserve(entries.size());
  l.verifies.reserve(entries.size());
  std::map<const void*, const Entry*> entry_of;
  for (const Entry& e : entries) {
    // An op log written with memory images starts with one line per
    // allocation (`alloc`, `base`, `dtype`, `shape`): its records carry the
    // run's own addresses, so the lines describe nothing to allocate here.
    if (e.has("alloc") && !e.has("kind")) continue;
    if (detail::is_op_log_record(e)) {
      if (std::optional<CommandSpec> c = detail::parse_record(e)) {
        l.commands.push_back(std::move(*c));
        entry_of[&l.commands.back()] = &e;
      }
      continue;
    }
    const std::string kind = e.str("kind");
    if (kind == "Alloc") {
      l.allocs.push_back(parse_alloc(e, base_dir));
      entry_of[&l.allocs.back()] = &e;
    } else if (kind == "Verify") {
      l.verifies.push_back(parse_verify(e, base_dir));
      entry_of[&l.verifies.back()] = &e;
    } else {
      const std::map<std::string, CommandOp> ops{{"DmaRead", CommandOp::dma_read},
                                                 {"DmaWrite", CommandOp::dma_write},
                                                 {"Gemm", CommandOp::gemm},
                                                 {"Math", CommandOp::math},
                                                 {"Barrier", CommandOp::barrier}};
      const auto it = ops.find(kind);
      if (it == ops.end()) {
        e.fail("kind", fmt::format("`{}` is not a kind; expected one of Alloc, DmaRead, DmaWrite, "
                                   "Gemm, Math, Barrier, Verify",
                                   kind));
      }
      l.commands.push_back(parse_command(e, it->second));
      entry_of[&l.commands.back()] = &e;
    }
  }
  check_references(l, entry_of);
  return l;
}

CommandList parse_command_list(const std::string& path) {
  // Only a regular file of bounded size (ADR 0047): /dev/zero, a FIFO or a
  // directory is a message, never a hang or an empty list.
  std::string text;
  try {
    text = util::read_regular_file(path, kMaxCommandListBytes, "command list");
  } catch (const util::InputFileError& e) {
    throw CommandListError(e.what());
  }
  const Format format = ends_with(path, ".jsonl") ? Format::jsonl : Format::yaml;
  return parse_command_list_text(text, format, path, std::filesystem::path(path).parent_path());
}

}  // namespace kernbench::cmdlist
