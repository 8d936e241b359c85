#pragma once
// Shared by the GPU execution-model tests: a small GPU-class chip (the h200
// preset on one PE at 1 GHz, so one cycle is 1000 ps, with no launch or
// dispatch latency) and op-log queries.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hw/config/loader.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl::gpu_test {

/// One cycle of the test chip's 1 GHz clock (ps).
inline constexpr sim::Tick kCycle = 1000;

/// The h200 preset (in-order issue, pipelined math, register file, L1, L2)
/// on one PE at 1 GHz, launched without latency; `sets` override further.
inline hw::HwConfig gpu(const std::vector<std::string>& sets = {}) {
  hw::HwConfig cfg = hw::load_preset("h200");
  std::vector<std::string> all = {"pe.count=1", "clock.frequency=1GHz", "launch.latency=0ps",
                                  "launch.dispatch_latency=0ps", "launch.dispatch_interval=0ps"};
  all.insert(all.end(), sets.begin(), sets.end());
  hw::apply_overrides(cfg, all);
  return cfg;
}

/// An op-log record with its name resolved.
struct Rec {
  std::string name;
  std::int64_t program = 0;
  int pe = 0;
  trace::OpKind kind = trace::OpKind::Barrier;
  sim::Tick issue = 0, start = 0, end = 0;
  std::uint64_t src = 0, dst = 0;
};

/// The commands of the runner's op log in issue order (ties: log order).
inline std::vector<Rec> records(Runner& r) {
  r.log().finalize();
  std::vector<Rec> out;
  for (const trace::OpRecord& rec : r.log()) {
    if (rec.pe == trace::kChipLevel) continue;
    out.push_back({std::string(r.log().name(rec.name)), rec.program, rec.pe, rec.kind, rec.t_issue,
                   rec.t_start, rec.t_end, rec.src_addr, rec.dst_addr});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Rec& a, const Rec& b) { return a.issue < b.issue; });
  return out;
}

/// The records named `name` (of `program`, or of every program when -1).
inline std::vector<Rec> named(const std::vector<Rec>& recs, std::string_view name,
                              std::int64_t program = -1) {
  std::vector<Rec> out;
  for (const Rec& r : recs) {
    if (r.name == name && (program < 0 || r.program == program)) out.push_back(r);
  }
  return out;
}

/// The first command each program issued, indexed by program id.
inline std::vector<Rec> first_commands(const std::vector<Rec>& recs, std::int64_t programs) {
  std::vector<Rec> out(static_cast<std::size_t>(programs));
  std::vector<bool> seen(static_cast<std::size_t>(programs), false);
  for (const Rec& r : recs) {
    const auto p = static_cast<std::size_t>(r.program);
    if (r.program < 0 || p >= out.size() || seen[p]) continue;
    out[p] = r;
    seen[p] = true;
  }
  return out;
}

/// Bytes every HBM channel served.
inline std::uint64_t hbm_bytes(Runner& r) {
  std::uint64_t b = 0;
  for (std::size_t c = 0; c < r.chip().hbm().channels(); ++c)
    b += r.chip().hbm().channel(c).bytes();
  return b;
}

}  // namespace kernbench::tl::gpu_test
