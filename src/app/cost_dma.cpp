#include "app/cost_dma.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "app/errors.hpp"
#include "app/format.hpp"
#include "app/suggest.hpp"
#include "hw/models/dma_cost.hpp"
#include "hw/models/hbm_map.hpp"

namespace kernbench::app {
namespace {

__extension__ typedef unsigned __int128 u128;

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0);
}

// Bus bytes per HBM channel: each row widened to whole aligned bursts, rows
// merged where their bursts touch, so a shared burst is counted once (as
// count_bursts does).
std::vector<std::uint64_t> channel_bus_bytes(const hw::HwConfig& cfg, const DmaCostRequest& req) {
  std::vector<std::uint64_t> per(cfg.hbm.channels, 0);
  const std::uint64_t burst = cfg.pe.dma.burst.in_bytes();
  std::uint64_t lo = 0, hi = 0;
  bool open = false;
  auto flush = [&] {
    const auto part = hw::hbm_bytes_per_channel(cfg.hbm, lo, hi - lo);
    for (std::size_t c = 0; c < per.size(); ++c) per[c] += part[c];
  };
  for (std::uint64_t i = 0; i < req.rows; ++i) {
    const std::uint64_t start = req.addr + i * req.stride;
    const std::uint64_t a = start / burst * burst;
    const std::uint64_t b = ceil_div(start + req.row_bytes, burst) * burst;
    if (open && a <= hi) {
      hi = std::max(hi, b);
      continue;
    }
    if (open) flush();
    lo = a, hi = b, open = true;
  }
  if (open) flush();
  return per;
}

}  // namespace

DmaCostReport cost_dma(const hw::HwConfig& cfg, const DmaCostRequest& in) {
  DmaCostRequest req = in;
  if (!req.two_d) req.rows = 1, req.stride = 0;
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
  if (req.source == DmaSource::kHbm && req.rows > kMaxHbmRows)
    throw UsageError(
        fmt::format("--rows: {} rows from hbm; expected at most {} (per-channel "
                    "accounting visits every row)",
                    req.rows, kMaxHbmRows));

  DmaCostReport r;
  r.request = req;
  r.hw_name = cfg.name;
  r.frequency_hz = cfg.clock.frequency.in_hz();
  const hw::AccessPattern pattern =
      req.two_d ? hw::AccessPattern{hw::Strided2D{req.addr, req.rows, req.row_bytes, req.stride}}
                : hw::AccessPattern{hw::Contiguous{req.addr, req.row_bytes}};

  hw::DmaConfig dma = cfg.pe.dma;
  r.dma_bytes_per_cycle = dma.bytes_per_cycle;
  r.read_bytes_per_cycle = dma.bytes_per_cycle;
  if (req.source == DmaSource::kTcm) {
    const std::uint64_t tcm =
        cfg.pe.tcm.banks * cfg.pe.tcm.bank_width.in_bytes() * cfg.pe.tcm.ports;
    r.read_bytes_per_cycle = tcm;
    // The engine's cost model takes one width: the narrower side of the copy.
    dma.bytes_per_cycle = std::min(dma.bytes_per_cycle, tcm);
  }
  const hw::DmaCost cost = hw::dma_cost(dma, pattern);
  r.burst = dma.burst.in_bytes();
  r.bursts = cost.bursts.bursts;
  r.useful_bytes = cost.bursts.useful_bytes;
  r.bus_bytes = cost.bursts.bus_bytes;
  r.setup_cycles = dma.setup_cycles;
  r.engine_cycles = cost.cycles;
  r.transfer_cycles = cost.cycles - dma.setup_cycles;
  r.engine_ps = cfg.clock.frequency.cycles_to_ps(r.engine_cycles);

  if (req.source == DmaSource::kTcm) {
    r.ps = r.engine_ps;
    r.bound = r.read_bytes_per_cycle < r.dma_bytes_per_cycle ? "tcm read" : "dma engine";
    if (r.setup_cycles > r.transfer_cycles) r.bound = "setup";
    return r;
  }

  const auto per_channel = channel_bus_bytes(cfg, req);
  std::uint64_t total = 0;
  for (const auto b : per_channel) {
    total += b;
    r.hbm_channels_touched += b != 0;
    r.hbm_max_channel_bytes = std::max(r.hbm_max_channel_bytes, b);
  }
  if (total != r.bus_bytes)
    throw std::logic_error(
        fmt::format("cost_dma: per-channel bus bytes {} disagree with the burst count's {}", total,
                    r.bus_bytes));
  const u128 bw = cfg.hbm.bandwidth.in_bytes_per_second();
  const u128 num =
      static_cast<u128>(r.hbm_max_channel_bytes) * cfg.hbm.channels * 1'000'000'000'000ULL;
  const u128 stream_ps = (num + bw - 1) / bw;
  r.hbm_latency_ps = cfg.hbm.latency.in_ps();
  const std::uint64_t setup_ps = cfg.clock.frequency.cycles_to_ps(r.setup_cycles);
  const std::uint64_t transfer_ps = cfg.clock.frequency.cycles_to_ps(r.transfer_cycles);
  const u128 total_ps = static_cast<u128>(setup_ps) + r.hbm_latency_ps +
                        std::max(static_cast<u128>(transfer_ps), stream_ps);
  if (total_ps > static_cast<u128>(UINT64_MAX))
    throw std::overflow_error(
        "the transfer takes more than 2^64 ps (about 213 days), the longest time kernbench "
        "represents; expected fewer bytes");
  r.hbm_stream_ps = static_cast<std::uint64_t>(stream_ps);
  r.ps = static_cast<std::uint64_t>(total_ps);
  const std::uint64_t stream = std::max(transfer_ps, r.hbm_stream_ps);
  if (r.hbm_latency_ps >= stream && r.hbm_latency_ps >= setup_ps)
    r.bound = "hbm latency";
  else if (setup_ps >= stream)
    r.bound = "setup";
  else
    r.bound = r.hbm_stream_ps > transfer_ps ? "hbm channel" : "dma engine";
  return r;
}

std::string to_text(const DmaCostReport& r) {
  const auto& q = r.request;
  std::string shape =
      q.two_d ? fmt::format("2-D {} rows x {} B, stride {} B", q.rows, q.row_bytes, q.stride)
              : fmt::format("1-D {} B", q.row_bytes);
  std::string out = fmt::format("dma {} at {:#x} from {} on {} (idle engine)\n", shape, q.addr,
                                to_string(q.source), r.hw_name);
  auto row = [&](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<16} {}\n", label, value);
  };
  if (!r.overrides.empty()) row("overrides", join_names(r.overrides));
  row("bursts",
      fmt::format("{} x {} B = {} B on the bus for {} B asked ({} efficient)", grouped(r.bursts),
                  r.burst, grouped(r.bus_bytes), grouped(r.useful_bytes),
                  percent(static_cast<double>(r.useful_bytes) / static_cast<double>(r.bus_bytes))));
  const std::uint64_t width = std::min(r.read_bytes_per_cycle, r.dma_bytes_per_cycle);
  std::string width_text = fmt::format("{} B/cycle", width);
  if (q.source == DmaSource::kTcm)
    width_text += fmt::format(" (min of TCM read {} and DMA {})", r.read_bytes_per_cycle,
                              r.dma_bytes_per_cycle);
  row("engine", fmt::format("{} cycles = {} setup + {} transfer at {}", grouped(r.engine_cycles),
                            r.setup_cycles, grouped(r.transfer_cycles), width_text));
  row("engine busy", fmt::format("{} ps ({})", grouped(r.engine_ps), human_ps(r.engine_ps)));
  if (q.source == DmaSource::kHbm) {
    row("hbm latency",
        fmt::format("{} ps ({})", grouped(r.hbm_latency_ps), human_ps(r.hbm_latency_ps)));
    row("hbm stream", fmt::format("{} ps ({}): {} channel(s) touched, busiest moves {} B",
                                  grouped(r.hbm_stream_ps), human_ps(r.hbm_stream_ps),
                                  r.hbm_channels_touched, grouped(r.hbm_max_channel_bytes)));
    row("total", fmt::format("{} ps ({}) = setup + hbm latency + max(transfer, stream)",
                             grouped(r.ps), human_ps(r.ps)));
  } else {
    row("total", fmt::format("{} ps ({})", grouped(r.ps), human_ps(r.ps)));
  }
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
  if (q.source == DmaSource::kHbm) {
    j["hbm_latency_ps"] = r.hbm_latency_ps;
    j["hbm_stream_ps"] = r.hbm_stream_ps;
    j["hbm_channels_touched"] = r.hbm_channels_touched;
    j["hbm_max_channel_bytes"] = r.hbm_max_channel_bytes;
  } else {
    j["tcm_read_bytes_per_cycle"] = r.read_bytes_per_cycle;
  }
  j["frequency_hz"] = r.frequency_hz;
  j["ps"] = r.ps;
  j["bound"] = r.bound;
  return j;
}

}  // namespace kernbench::app
