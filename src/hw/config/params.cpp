#include "hw/config/params.hpp"

#include "util/clip.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

namespace kernbench::hw {
namespace {

constexpr std::string_view kDataflowChoices[] = {"os", "ws", "is", "throughput"};
constexpr std::string_view kTopologyChoices[] = {"mesh", "crossbar"};
constexpr std::span<const std::string_view> kNone{};

// The path string and the member access come from one token, so a declared
// path cannot drift from the struct field it sets.
#define KB_PARAM(member) #member, [](HwConfig & c) -> FieldRef { return &c.member; }

// clang-format off
constexpr ParamDecl kParams[] = {
  {KB_PARAM(clock.frequency), "1 GHz", "", "1 MHz", "10 GHz", kNone,
   "Clock of the PEs and the fabric; cycles below are cycles of this clock"},

  {KB_PARAM(pe.count), "16", "PEs", "1", "65536", kNone,
   "Processing elements (NPU cores / GPU SMs) on the chip"},
  {KB_PARAM(pe.contexts), "4", "programs", "1", "1024", kNone,
   "Resident programs per PE (hardware contexts the grid scheduler fills)"},
  {KB_PARAM(pe.threads), "0", "threads", "0", "1048576", kNone,
   "Resident threads per PE; a program has num_warps x warp_size threads (0: no limit)"},
  {KB_PARAM(pe.warp_size), "32", "threads", "1", "1024", kNone,
   "Threads per warp; a program's threads are its launch's num_warps x warp_size"},

  {KB_PARAM(pe.cpu.issue_cycles), "1", "cycles", "0", "1000000", kNone,
   "Cycles for the PE's control core to issue one command to an engine queue"},
  {KB_PARAM(pe.cpu.scalar_op_cycles), "1", "cycles", "0", "1000000", kNone,
   "Cycles per scalar operation of program code (index math, loop control)"},
  {KB_PARAM(pe.cpu.queue_depth), "8", "commands", "1", "4096", kNone,
   "Commands each engine queue holds before issue blocks"},
  {KB_PARAM(pe.cpu.in_order), "false", "", "", "", kNone,
   "A program issues a compute command or a store only when its operands are ready "
   "(a GPU warp); false: commands queue with their dependencies (an NPU core)"},

  {KB_PARAM(pe.dma.engines), "2", "engines", "1", "64", kNone,
   "DMA engines per PE, each running one descriptor at a time"},
  {KB_PARAM(pe.dma.setup_cycles), "32", "cycles", "0", "1000000", kNone,
   "Fixed cost of one DMA descriptor (address generation, first request)"},
  {KB_PARAM(pe.dma.bytes_per_cycle), "64", "bytes/cycle", "1", "65536", kNone,
   "Data-path width of one DMA engine"},
  {KB_PARAM(pe.dma.burst), "64 B", "", "1 B", "1 MiB", kNone,
   "Memory burst; bursts are aligned to their size and moved whole"},
  {KB_PARAM(pe.dma.max_outstanding), "8", "descriptors", "1", "4096", kNone,
   "Descriptors in flight per DMA engine"},
  {KB_PARAM(pe.dma.coalesce_bytes), "0 B", "", "0 B", "1 GiB", kNone,
   "A gather coalesces its lanes into bursts per group of this many bytes of elements "
   "(a GPU warp request); 0: across the whole descriptor"},

  {KB_PARAM(pe.gemm.rows), "64", "cells", "1", "65536", kNone,
   "Rows R of the matrix unit (systolic array)"},
  {KB_PARAM(pe.gemm.cols), "64", "cells", "1", "65536", kNone,
   "Columns C of the matrix unit (systolic array)"},
  {KB_PARAM(pe.gemm.dataflow), "ws", "", "", "", kDataflowChoices,
   "Mapping of M x N x K onto the array: os, ws, is (SCALE-Sim) or throughput (pipelined MMA)"},
  {KB_PARAM(pe.gemm.rate.f16), "1", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for f16 inputs"},
  {KB_PARAM(pe.gemm.rate.bf16), "1", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for bf16 inputs"},
  {KB_PARAM(pe.gemm.rate.fp8), "2", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for fp8 (e4m3/e5m2) inputs"},
  {KB_PARAM(pe.gemm.rate.int8), "2", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for int8 inputs"},
  {KB_PARAM(pe.gemm.rate.tf32), "0.5", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for tf32 inputs"},
  {KB_PARAM(pe.gemm.rate.f32), "0.25", "x", "0.001", "1024", kNone,
   "MACs per array cell per cycle for f32 inputs"},
  {KB_PARAM(pe.gemm.pipeline_latency), "8", "cycles", "0", "1000000", kNone,
   "Cycles added once per GEMM command (operand fetch, accumulator write-back)"},

  {KB_PARAM(pe.math.lanes), "64", "lanes", "1", "65536", kNone,
   "32-bit SIMD lanes of the vector/math engine"},
  {KB_PARAM(pe.math.simple.rate), "1", "elements/lane/cycle", "0.001", "64", kNone,
   "Throughput of add, sub, mul, fma, min, max, compare, select, convert"},
  {KB_PARAM(pe.math.simple.latency), "4", "cycles", "0", "100000", kNone,
   "Pipeline latency of the simple operations"},
  {KB_PARAM(pe.math.transcendental.rate), "0.25", "elements/lane/cycle", "0.001", "64", kNone,
   "Throughput of exp, exp2, log, log2, sin, cos; tanh and sigmoid add one divsqrt pass"},
  {KB_PARAM(pe.math.transcendental.latency), "16", "cycles", "0", "100000", kNone,
   "Pipeline latency of the transcendental operations"},
  {KB_PARAM(pe.math.divsqrt.rate), "0.25", "elements/lane/cycle", "0.001", "64", kNone,
   "Throughput of div, sqrt, rsqrt, reciprocal"},
  {KB_PARAM(pe.math.divsqrt.latency), "12", "cycles", "0", "100000", kNone,
   "Pipeline latency of div, sqrt, rsqrt, reciprocal"},
  {KB_PARAM(pe.math.reduction_step), "2", "cycles", "0", "100000", kNone,
   "Cycles per cross-lane step of a reduction (ceil(log2(lanes)) steps)"},
  {KB_PARAM(pe.math.pack_subword), "true", "", "", "", kNone,
   "16-bit elements pack 2 per lane and 8-bit elements 4 per lane"},
  {KB_PARAM(pe.math.tcm_operands), "true", "", "", "", kNone,
   "Math reads its operands from and writes its result to the TCM, sharing its ports "
   "(false: a register file, as a GPU's SM)"},
  {KB_PARAM(pe.math.pipelined), "false", "", "", "", kNone,
   "Each op class has its own pipe, held for the throughput cycles only; results are "
   "ready latency cycles later (false: one engine busy for latency + throughput)"},

  {KB_PARAM(pe.tcm.size), "1 MiB", "", "1 KiB", "1 GiB", kNone,
   "Scratchpad (TCM / shared memory) capacity per PE"},
  {KB_PARAM(pe.tcm.banks), "16", "banks", "1", "1024", kNone,
   "Independent TCM banks; addresses interleave across banks by bank_width"},
  {KB_PARAM(pe.tcm.bank_width), "16 B", "", "1 B", "1 KiB", kNone,
   "Bytes one bank delivers per cycle per port"},
  {KB_PARAM(pe.tcm.ports), "2", "ports", "1", "16", kNone,
   "Ports per bank (concurrent accesses per cycle)"},
  {KB_PARAM(pe.regfile.size), "0 B", "", "0 B", "1 GiB", kNone,
   "Register file per PE holding program tiles (0: no register file, tiles live in the TCM)"},
  {KB_PARAM(pe.regfile.per_thread), "1020 B", "", "4 B", "1 MiB", kNone,
   "Register bytes one thread may hold; a program's live tiles beyond num_warps x warp_size x "
   "this spill to the TCM's memory"},
  {KB_PARAM(pe.l1.size), "0 B", "", "0 B", "1 GiB", kNone,
   "Per-PE data cache looked up by loads outside pipelined loops; a descriptor whose lines "
   "all hit is served from it (0: none)"},
  {KB_PARAM(pe.l1.line), "128 B", "", "1 B", "64 KiB", kNone,
   "Line size of the per-PE cache"},
  {KB_PARAM(pe.l1.ways), "4", "ways", "1", "1024", kNone,
   "Associativity of the per-PE cache"},
  {KB_PARAM(pe.l1.hit_cycles), "32", "cycles", "0", "1000000", kNone,
   "Load-to-use latency of a per-PE cache hit"},

  {KB_PARAM(fabric.topology), "mesh", "", "", "", kTopologyChoices,
   "On-chip network: mesh (XY routing) or crossbar (one hop)"},
  {KB_PARAM(fabric.mesh.x), "4", "nodes", "1", "1024", kNone,
   "Mesh columns (used when topology is mesh)"},
  {KB_PARAM(fabric.mesh.y), "4", "nodes", "1", "1024", kNone,
   "Mesh rows (used when topology is mesh)"},
  {KB_PARAM(fabric.link_bandwidth), "64 GB/s", "", "1 MB/s", "100 TB/s", kNone,
   "Bandwidth of one link in one direction"},
  {KB_PARAM(fabric.hop_latency), "1", "cycles", "0", "100000", kNone,
   "Cycles to cross one link"},
  {KB_PARAM(fabric.router_latency), "2", "cycles", "0", "100000", kNone,
   "Cycles through one router"},

  {KB_PARAM(hbm.channels), "8", "channels", "1", "4096", kNone,
   "Independent HBM channels (pseudo-channels)"},
  {KB_PARAM(hbm.bandwidth), "1 TB/s", "", "1 MB/s", "1000 TB/s", kNone,
   "Total sustained HBM bandwidth; each channel gets bandwidth / channels"},
  {KB_PARAM(hbm.latency), "100 ns", "", "0 ps", "100 us", kNone,
   "Idle read latency, request issue to first data"},
  {KB_PARAM(hbm.interleave), "256 B", "", "1 B", "1 GiB", kNone,
   "Address granule rotated across channels: channel = (addr / interleave) mod channels"},

  {KB_PARAM(cache.enabled), "false", "", "", "", kNone,
   "Whether a shared cache sits between the fabric and HBM"},
  {KB_PARAM(cache.size), "8 MiB", "", "1 KiB", "16 GiB", kNone,
   "Shared cache capacity"},
  {KB_PARAM(cache.line), "64 B", "", "1 B", "64 KiB", kNone,
   "Cache line"},
  {KB_PARAM(cache.ways), "16", "ways", "1", "1024", kNone,
   "Associativity"},
  {KB_PARAM(cache.hit_latency), "20 ns", "", "0 ps", "100 us", kNone,
   "Hit latency seen by a PE"},
  {KB_PARAM(cache.bandwidth), "2 TB/s", "", "1 MB/s", "1000 TB/s", kNone,
   "Total hit bandwidth"},
  {KB_PARAM(cache.sampled_sets), "512", "sets", "0", "1048576", kNone,
   "Sets simulated exactly; the others hit at their recent hit rate (set sampling). "
   "0: every set is simulated (exact reuse, slower)"},

  {KB_PARAM(launch.latency), "2 us", "", "0 ps", "1 s", kNone,
   "Host launch to first program dispatch"},
  {KB_PARAM(launch.dispatch_latency), "50 ns", "", "0 ps", "1 s", kNone,
   "Time to start one program on a free PE context"},
  {KB_PARAM(launch.dispatch_interval), "0 ps", "", "0 ps", "1 s", kNone,
   "The block scheduler starts one program per interval, chip-wide (0: no limit)"},
};
// clang-format on
#undef KB_PARAM

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::uint64_t parse_uint(std::string_view text, const ParamDecl& p) {
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec == std::errc::invalid_argument || ptr != end || text.front() == '+')
    throw ParamValueError(
        fmt::format("`{}` is not a whole number: expected {}", util::clip(text), p.expectation()));
  if (ec == std::errc::result_out_of_range)
    throw ParamValueError(
        fmt::format("`{}` is too large: expected {}", util::clip(text), p.expectation()));
  return v;
}

double parse_double(std::string_view text, const ParamDecl& p) {
  double v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v, std::chars_format::fixed);
  if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(v))
    throw ParamValueError(fmt::format("`{}` is not a decimal number: expected {}", util::clip(text),
                                      p.expectation()));
  return v;
}

std::string format_double(double v) {
  // Shortest text that parses back to the same double.
  std::array<char, 64> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  (void)ec;
  return std::string(buf.data(), ptr);
}

// Parses text as the parameter's own type, for defaults and bounds alike.
template <class T>
T parse_as(std::string_view text, const ParamDecl& p) {
  try {
    if constexpr (std::is_same_v<T, std::uint64_t>) return parse_uint(text, p);
    if constexpr (std::is_same_v<T, double>) return parse_double(text, p);
    if constexpr (std::is_same_v<T, Frequency>) return Frequency::parse(text);
    if constexpr (std::is_same_v<T, Duration>) return Duration::parse(text);
    if constexpr (std::is_same_v<T, ByteSize>) return ByteSize::parse(text);
    if constexpr (std::is_same_v<T, Bandwidth>) return Bandwidth::parse(text);
  } catch (const UnitError& e) {
    throw ParamValueError(e.what());
  }
}

template <class T>
std::string format_value(const T& v) {
  if constexpr (std::is_same_v<T, std::uint64_t>)
    return std::to_string(v);
  else if constexpr (std::is_same_v<T, double>)
    return format_double(v);
  else if constexpr (std::is_same_v<T, bool>)
    return v ? "true" : "false";
  else
    return v.to_string();
}

template <class E>
std::string format_enum(E v, const ParamDecl& p) {
  const auto i = static_cast<std::size_t>(v);
  if (i >= p.choices.size())
    throw std::logic_error(fmt::format("{}: enum value out of table", p.path));
  return std::string(p.choices[i]);
}

template <class T>
void check_range(const T& v, std::string_view text, const ParamDecl& p) {
  const bool below = !p.min_text.empty() && v < parse_as<T>(p.min_text, p);
  const bool above = !p.max_text.empty() && parse_as<T>(p.max_text, p) < v;
  if (below || above)
    throw ParamValueError(
        fmt::format("`{}` is out of range: expected {}", util::clip(text), p.expectation()));
}

std::string range_text(const ParamDecl& p) {
  if (p.min_text.empty() && p.max_text.empty()) return {};
  if (p.max_text.empty()) return fmt::format(">= {}", p.min_text);
  if (p.min_text.empty()) return fmt::format("<= {}", p.max_text);
  return fmt::format("[{}, {}]", p.min_text, p.max_text);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string json_string(std::string_view s) {
  return fmt::format("\"{}\"", json_escape(s));
}

std::string group_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot));
}

}  // namespace

std::string_view to_string(ParamType t) {
  switch (t) {
    case ParamType::integer:
      return "int";
    case ParamType::boolean:
      return "bool";
    case ParamType::enumeration:
      return "enum";
    case ParamType::real:
      return "double";
    case ParamType::frequency:
      return "frequency";
    case ParamType::duration:
      return "duration";
    case ParamType::byte_size:
      return "bytesize";
    case ParamType::bandwidth:
      return "bandwidth";
  }
  return "?";
}

ParamType ParamDecl::type() const {
  HwConfig probe{};
  return std::visit(Overloaded{
                        [](std::uint64_t*) { return ParamType::integer; },
                        [](bool*) { return ParamType::boolean; },
                        [](double*) { return ParamType::real; },
                        [](Frequency*) { return ParamType::frequency; },
                        [](Duration*) { return ParamType::duration; },
                        [](ByteSize*) { return ParamType::byte_size; },
                        [](Bandwidth*) { return ParamType::bandwidth; },
                        [](Dataflow*) { return ParamType::enumeration; },
                        [](Topology*) { return ParamType::enumeration; },
                    },
                    field(probe));
}

std::string ParamDecl::expectation() const {
  const std::string range = range_text(*this);
  const std::string in = range.empty() ? "" : (range.front() == '[' ? " in " + range : " " + range);
  const std::string u = unit.empty() ? "" : fmt::format(" ({})", unit);
  switch (type()) {
    case ParamType::integer:
      return fmt::format("an integer{}{}", u, in);
    case ParamType::real:
      return fmt::format("a decimal number{}{}", u, in);
    case ParamType::boolean:
      return "true or false";
    case ParamType::enumeration: {
      std::string list;
      for (const auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
      return fmt::format("one of {}", list);
    }
    case ParamType::frequency:
      return fmt::format("a frequency{}", in);
    case ParamType::duration:
      return fmt::format("a duration{}", in);
    case ParamType::byte_size:
      return fmt::format("a byte size{}", in);
    case ParamType::bandwidth:
      return fmt::format("a bandwidth{}", in);
  }
  return {};
}

std::span<const ParamDecl> param_table() {
  return kParams;
}

const ParamDecl* find_param(std::string_view path) {
  for (const auto& p : kParams)
    if (p.path == path) return &p;
  return nullptr;
}

std::string suggest_param(std::string_view unknown) {
  std::vector<std::string_view> paths;
  paths.reserve(std::size(kParams));
  for (const auto& p : kParams) paths.push_back(p.path);
  return util::closest_name(unknown, paths);
}

void set_param(HwConfig& cfg, const ParamDecl& p, std::string_view text) {
  std::visit(Overloaded{
                 [&](bool* f) {
    if (text == "true")
      *f = true;
    else if (text == "false")
      *f = false;
    else
      throw ParamValueError(
          fmt::format("`{}` is not a boolean: expected true or false", util::clip(text)));
                 },
                 [&]<class E>(E* f) requires std::is_enum_v<E> {
                   for (std::size_t i = 0; i < p.choices.size(); ++i)
                     if (p.choices[i] == text) {
                       *f = static_cast<E>(i);
                       return;
}
throw ParamValueError(fmt::format("`{}` is not {}", util::clip(text), p.expectation()));
}  // namespace kernbench::hw
, [&]<class T>(T* f) requires(!std::is_enum_v<T> && !std::is_same_v<T, bool>) {
  const T v = parse_as<T>(text, p);
  check_range(v, text, p);
  *f = v;
}
,
},
             p.field(cfg));
}

std::string get_param(const HwConfig& cfg, const ParamDecl& p) {
  // The accessor needs a mutable object only to form a pointer; we only read.
  auto& mut = const_cast<HwConfig&>(cfg);
  return std::visit(Overloaded{
                        [&]<class E>(E* f) -> std::string requires std::is_enum_v<E> {
                          return format_enum(*f, p);
}
, [&]<class T>(T* f) -> std::string requires(!std::is_enum_v<T>) {
  return format_value(*f);
}
,
},
                    p.field(mut));
}

HwConfig default_hw_config() {
  HwConfig cfg{};
  for (const auto& p : kParams) {
    try {
      set_param(cfg, p, p.default_text);
    } catch (const ParamValueError& e) {
      throw std::logic_error(fmt::format("parameter table: default of {}: {}", p.path, e.what()));
    }
  }
  cfg.name = "defaults";
  return cfg;
}

std::vector<std::pair<std::string, std::string>> flatten(const HwConfig& cfg) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(std::size(kParams));
  for (const auto& p : kParams) out.emplace_back(std::string(p.path), get_param(cfg, p));
  return out;
}

std::string describe_text() {
  std::size_t w_path = 4, w_type = 4, w_def = 7;
  for (const auto& p : kParams) {
    w_path = std::max(w_path, p.path.size());
    w_type = std::max(w_type, to_string(p.type()).size());
    w_def = std::max(w_def, p.default_text.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "path", w_path, "type", w_type,
                                "default", w_def, "allowed / description");
  for (const auto& p : kParams) {
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", p.path, w_path, to_string(p.type()), w_type,
                       p.default_text, w_def, p.expectation());
    out += fmt::format("{:<{}}  {}\n", "", w_path + w_type + w_def + 4, p.description);
  }
  return out;
}

std::string describe_json() {
  std::string out = "[\n";
  bool first = true;
  for (const auto& p : kParams) {
    std::string choices;
    for (const auto c : p.choices) choices += (choices.empty() ? "" : ", ") + json_string(c);
    out += fmt::format(
        "{}  {{\"path\": {}, \"type\": {}, \"default\": {}, \"unit\": {}, \"min\": {}, "
        "\"max\": {}, \"choices\": [{}], \"description\": {}}}",
        first ? "" : ",\n", json_string(p.path), json_string(to_string(p.type())),
        json_string(p.default_text), json_string(p.unit), json_string(p.min_text),
        json_string(p.max_text), choices, json_string(p.description));
    first = false;
  }
  return out + "\n]\n";
}

std::string configuration_markdown() {
  std::string out =
      "# Hardware configuration reference\n\n"
      "<!-- Generated from the parameter table in src/hw/config/params.cpp by\n"
      "     kernbench::hw::configuration_markdown(); the test\n"
      "     hw.ParamDocs.ConfigurationMarkdownMatchesTheTable keeps this file in sync.\n"
      "     Regenerate with: build/tests/hw/kernbench_hw_config_doc > docs/configuration.md -->\n\n"
      "A hardware description is a YAML file (or a built-in preset: `npu-default`, `h200`).\n"
      "Keys nest by the dots of the paths below; a dotted key (`pe.tcm.size: 2 MiB`) is also\n"
      "accepted. `base: <preset or file>` loads another description first and overrides it.\n"
      "A top-level `description: <text>` is a one-line summary (`kernbench list` shows a\n"
      "preset's); it sets no parameter. Single keys are overridden from the command line with\n"
      "`--set path=value`. A file holds one YAML document, read only if it is a regular file\n"
      "of at most 1 MiB; explicit tags other than YAML's own (`!!str`, ...) are refused.\n\n"
      "Values with units are exact integers in their base unit: frequencies in Hz, durations in\n"
      "picoseconds, sizes in bytes, bandwidths in bytes/s. A bare number where a unit is required\n"
      "is an error. Units:\n\n"
      "| type | units |\n| --- | --- |\n";
  out += fmt::format("| frequency | {} |\n", accepted_units_frequency());
  out += fmt::format("| duration | {} |\n", accepted_units_duration());
  out += fmt::format("| bytesize | {} |\n", accepted_units_bytesize());
  out += fmt::format("| bandwidth | {} |\n\n", accepted_units_bandwidth());
  out +=
      "Cross-checks after loading: TCM banks x bank_width divides the TCM size; a mesh has at\n"
      "least pe.count nodes; the DMA burst is a power of two; the HBM interleave granule is a\n"
      "multiple of the DMA burst; an enabled cache holds a whole number of sets\n"
      "(size divisible by line x ways) and its line is a power of two.\n";
  std::string group = "\x01";
  for (const auto& p : kParams) {
    const std::string g = group_of(p.path);
    if (g != group) {
      group = g;
      out += fmt::format(
          "\n## `{}`\n\n| key | type | default | allowed | description |\n"
          "| --- | --- | --- | --- | --- |\n",
          g);
    }
    std::string allowed;
    if (p.type() == ParamType::enumeration || p.type() == ParamType::boolean) {
      allowed = p.expectation();
    } else {
      allowed = range_text(p);
      if (!p.unit.empty()) allowed += fmt::format(" {}", p.unit);
    }
    out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", p.path, to_string(p.type()),
                       p.default_text, allowed, p.description);
  }
  return out;
}

std::string_view to_string(Dataflow d) {
  return kDataflowChoices[static_cast<std::size_t>(d)];
}
std::string_view to_string(Topology t) {
  return kTopologyChoices[static_cast<std::size_t>(t)];
}
std::string_view to_string(Precision p) {
  constexpr std::string_view kNames[] = {"f16", "bf16", "fp8", "int8", "tf32", "f32"};
  return kNames[static_cast<std::size_t>(p)];
}

double gemm_rate(const GemmRates& r, Precision p) {
  switch (p) {
    case Precision::f16:
      return r.f16;
    case Precision::bf16:
      return r.bf16;
    case Precision::fp8:
      return r.fp8;
    case Precision::int8:
      return r.int8;
    case Precision::tf32:
      return r.tf32;
    case Precision::f32:
      return r.f32;
  }
  return r.f32;
}

}  // namespace kernbench::hw
