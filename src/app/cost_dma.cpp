#include "app/cost_dma.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "app/errors.hpp"
#include "app/format.hpp"
#include "hw/models/dma_cost.hpp"
#include "hw/runtime/idle_dma.hpp"
#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

__extension__ typedef unsigned __int128 u128;

// Bytes a descriptor may walk through a cache line by line (every line is
// looked up) in an interactive command.
constexpr std::uint64_t kMaxCachedBytes = std::uint64_t{1} << 30;

void check_request(const hw::HwConfig& cfg, const DmaCostRequest& req) {
  if (req.row_bytes == 0)
    throw UsageError(req.two_d ? "--row-bytes: expected a positive number of bytes"
                               : "--bytes: expected a positive number of bytes");
  if (req.rows == 0) throw UsageError("--rows: expected at least one row");
  const u128 end = static_cast<u128>(req.addr) + static_cast<u128>(req.rows - 1) * req.stride +
                   req.row_bytes + cfg.pe.dma.burst.in_bytes();
  if (end > static_cast<u128>(UINT64_MAX))
    throw UsageError(
        "the descriptor ends beyond the 64-bit address space; expected --addr + "
        "(rows - 1) * stride + row bytes below 2^64");
  if (req.rows > kMaxDmaRows)
    throw UsageError(
        fmt::format("--rows: {} rows; expected at most {} (the memory side visits every row)",
                    req.rows, kMaxDmaRows));
  const bool cached = cfg.cache.enabled || cfg.pe.l1.size.in_bytes() != 0;
  if (cached && static_cast<u128>(req.rows) * req.row_bytes > kMaxCachedBytes)
    throw UsageError(fmt::format(
        "the descriptor moves {} B through a cache; expected at most {} B (every line is "
        "looked up)",
        static_cast<std::uint64_t>(static_cast<u128>(req.rows) * req.row_bytes), kMaxCachedBytes));
}

// The slowest server the bytes may cross must finish within 2^63 ps.
void check_time(const hw::HwConfig& cfg, std::uint64_t bus_bytes) {
  const std::uint64_t rates[] = {
      cfg.hbm.bandwidth.in_bytes_per_second() / cfg.hbm.channels,
      hw::tcm_port_bytes_per_cycle(cfg.pe.tcm) * cfg.clock.frequency.in_hz(),
      cfg.fabric.link_bandwidth.in_bytes_per_second()};
  const std::uint64_t slowest = *std::min_element(std::begin(rates), std::end(rates));
  const u128 ps =
      static_cast<u128>(bus_bytes) * 1'000'000'000'000ULL / std::max<std::uint64_t>(slowest, 1);
  if (ps > (static_cast<u128>(1) << 63))
    throw std::overflow_error(
        "the transfer takes more than 2^64 ps (about 213 days), the longest time kernbench "
        "represents; expected fewer bytes");
}

std::string bound_of(const DmaCostReport& r, std::uint64_t setup_ps) {
  if (r.ps == r.engine_ps) return r.setup_cycles > r.transfer_cycles ? "setup" : "dma engine";
  if (r.ps == r.tcm_ports_ps) return "tcm ports";
  // setup + memory side: its largest term.
  const std::pair<std::uint64_t, const char*> terms[] = {{r.hbm_latency_ps, "hbm latency"},
                                                         {r.hbm_stream_ps, "hbm channel"},
                                                         {r.fabric_ps, "fabric"},
                                                         {setup_ps, "setup"}};
  return std::max_element(std::begin(terms), std::end(terms),
                          [](const auto& a, const auto& b) { return a.first < b.first; })
      ->second;
}

}  // namespace

DmaCostReport cost_dma(const hw::HwConfig& cfg, const DmaCostRequest& in) {
  DmaCostRequest req = in;
  if (!req.two_d) req.rows = 1, req.stride = 0;
  check_request(cfg, req);
  const hw::AccessPattern pattern =
      req.two_d ? hw::AccessPattern{hw::Strided2D{req.addr, req.rows, req.row_bytes, req.stride}}
                : hw::AccessPattern{hw::Contiguous{req.addr, req.row_bytes}};
  // The engine's time first: it names an overflow in cycles.
  const hw::DmaCost engine = hw::dma_cost(cfg.pe.dma, pattern);
  (void)cfg.clock.frequency.cycles_to_ps(engine.cycles);
  check_time(cfg, engine.bursts.bus_bytes);
  const hw::IdleDma d = hw::idle_dma(
      cfg, req.source == DmaSource::hbm ? hw::CommandKind::dma_read : hw::CommandKind::dma_write,
      pattern);

  DmaCostReport r;
  r.request = req;
  r.hw_name = cfg.name;
  r.frequency_hz = cfg.clock.frequency.in_hz();
  r.burst = cfg.pe.dma.burst.in_bytes();
  r.bursts = d.engine.bursts.bursts;
  r.useful_bytes = d.engine.bursts.useful_bytes;
  r.bus_bytes = d.engine.bursts.bus_bytes;
  r.setup_cycles = cfg.pe.dma.setup_cycles;
  r.dma_bytes_per_cycle = cfg.pe.dma.bytes_per_cycle;
  r.engine_cycles = d.engine.cycles;
  r.transfer_cycles = d.engine.cycles - r.setup_cycles;
  r.engine_ps = d.engine_ps;
  r.tcm_bytes_per_cycle = d.tcm_bytes_per_cycle;
  r.tcm_ports_ps = d.tcm_ports_ps;
  r.hbm_latency_ps = d.hbm_latency_ps;
  r.hbm_bytes = d.hbm_bytes;
  r.hbm_stream_ps = d.hbm_stream_ps;
  r.hbm_channels_touched = d.hbm_channels_touched;
  r.hbm_max_channel_bytes = d.hbm_max_channel_bytes;
  r.fabric_ps = d.fabric_ps;
  r.ps = d.total_ps;
  r.bound = bound_of(r, d.setup_ps);
  return r;
}

std::string to_text(const DmaCostReport& r) {
  const auto& q = r.request;
  std::string shape =
      q.two_d ? fmt::format("2-D {} rows x {} B, stride {} B", q.rows, q.row_bytes, q.stride)
              : fmt::format("1-D {} B", q.row_bytes);
  std::string out = fmt::format("dma {} at {:#x} from {} ({}) on {} (idle chip)\n", shape, q.addr,
                                to_string(q.source),
                                q.source == DmaSource::hbm ? "a load" : "a store", r.hw_name);
  auto row = [&](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<16} {}\n", label, value);
  };
  auto ps = [](std::uint64_t v) { return fmt::format("{} ps ({})", grouped(v), human_ps(v)); };
  if (!r.overrides.empty()) row("overrides", util::join_names(r.overrides));
  row("bursts",
      fmt::format("{} x {} B = {} B on the bus for {} B asked ({} efficient)", grouped(r.bursts),
                  r.burst, grouped(r.bus_bytes), grouped(r.useful_bytes),
                  percent(static_cast<double>(r.useful_bytes) / static_cast<double>(r.bus_bytes))));
  row("engine",
      fmt::format("{} cycles = {} setup + {} transfer at {} B/cycle", grouped(r.engine_cycles),
                  r.setup_cycles, grouped(r.transfer_cycles), r.dma_bytes_per_cycle));
  row("engine busy", ps(r.engine_ps));
  row("tcm ports", fmt::format("{}: {} B at {} B/cycle", ps(r.tcm_ports_ps),
                               grouped(r.useful_bytes), r.tcm_bytes_per_cycle));
  row("hbm latency", ps(r.hbm_latency_ps));
  row("hbm stream",
      fmt::format("{}: {} channel(s) touched, busiest moves {} B of {} B", ps(r.hbm_stream_ps),
                  r.hbm_channels_touched, grouped(r.hbm_max_channel_bytes), grouped(r.hbm_bytes)));
  row("fabric", fmt::format("{} on the busiest link", ps(r.fabric_ps)));
  row("total", fmt::format("{} = max(engine, tcm ports, setup + memory side)", ps(r.ps)));
  row("bound", r.bound);
  row("bandwidth",
      fmt::format(
          "{} of useful bytes over the total",
          r.ps == 0
              ? std::string("-")
              : si(static_cast<double>(r.useful_bytes) * 1e12 / static_cast<double>(r.ps), "B/s")));
  return out;
}

nlohmann::ordered_json to_json(const DmaCostReport& r) {
  const auto& q = r.request;
  nlohmann::ordered_json j;
  j["command"] = "dma";
  j["hw"] = r.hw_name;
  j["overrides"] = r.overrides;
  j["source"] = to_string(q.source);
  j["pattern"] = q.two_d ? "2d" : "1d";
  j["addr"] = q.addr;
  j["rows"] = q.rows;
  j["row_bytes"] = q.row_bytes;
  j["stride"] = q.stride;
  j["burst_bytes"] = r.burst;
  j["bursts"] = r.bursts;
  j["useful_bytes"] = r.useful_bytes;
  j["bus_bytes"] = r.bus_bytes;
  j["setup_cycles"] = r.setup_cycles;
  j["transfer_cycles"] = r.transfer_cycles;
  j["engine_cycles"] = r.engine_cycles;
  j["engine_ps"] = r.engine_ps;
  j["tcm_bytes_per_cycle"] = r.tcm_bytes_per_cycle;
  j["tcm_ports_ps"] = r.tcm_ports_ps;
  j["hbm_latency_ps"] = r.hbm_latency_ps;
  j["hbm_bytes"] = r.hbm_bytes;
  j["hbm_stream_ps"] = r.hbm_stream_ps;
  j["hbm_channels_touched"] = r.hbm_channels_touched;
  j["hbm_max_channel_bytes"] = r.hbm_max_channel_bytes;
  j["fabric_ps"] = r.fabric_ps;
  j["frequency_hz"] = r.frequency_hz;
  j["ps"] = r.ps;
  j["bound"] = r.bound;
  return j;
}

}  // namespace kernbench::app
