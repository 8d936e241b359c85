// Benchmark of the trace layer: op log append rate, finalize (sort) time and
// export throughput. Prints a table.
//
//   bench_trace [append_records=10000000] [export_records=1000000]
//
// Exports go to a discarding stream, so the numbers measure formatting, not
// the disk. Records are synthetic but shaped like a real run: 16 PEs with
// cpu/dma/gemm/math engines, chip-level HBM transactions, deps on recent
// producers, up to three operand shapes, and completion-order appends (so
// t_start is locally out of order and finalize() really sorts).

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "trace/export_chrome.hpp"
#include "trace/export_csv.hpp"
#include "trace/export_jsonl.hpp"
#include "trace/op_log.hpp"

namespace {

using namespace kernbench::trace;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Discards output but counts it.
class CountingBuf : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
};

// Deterministic generator of plausible records (seeded LCG; no global state).
class RecordGen {
 public:
  explicit RecordGen(OpLog& log) : log_(log) {
    names_ = {log.intern("load a"), log.intern("load b"),  log.intern("dot"),
              log.intern("exp"),    log.intern("store c"), log.intern("rd")};
  }

  OpRecord next(std::uint64_t i) {
    OpRecord r;
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    const std::uint64_t rnd = state_ >> 33;
    const bool hbm = (i % 8) == 7;
    r.pe = hbm ? kChipLevel : static_cast<std::int32_t>(i % 16);
    const std::uint64_t slot = (i / 16) % 5;
    if (hbm) {
      r.unit = Unit::hbm;
      r.unit_index = static_cast<std::uint16_t>(rnd % 16);
      r.kind = OpKind::HbmAccess;
      r.name = names_[5];
      r.bytes = 64;
    } else {
      static constexpr Unit kUnits[5] = {Unit::dma, Unit::dma, Unit::gemm, Unit::math, Unit::dma};
      static constexpr OpKind kKinds[5] = {OpKind::DmaRead, OpKind::DmaRead, OpKind::Gemm,
                                           OpKind::Math, OpKind::DmaWrite};
      r.unit = kUnits[slot];
      r.unit_index = slot == 1 ? 1 : 0;
      r.kind = kKinds[slot];
      r.name = names_[slot];
      r.program = static_cast<std::int64_t>(i / 80);
      r.src_addr = 0x1000'0000 + i * 64;
      r.dst_addr = 0x200 + (i % 64) * 8192;
      r.bytes = 8192;
      r.flops = slot == 2 ? 2ull * 64 * 64 * 64 : 0;
      r.add_operand({64, 64}, 1);
      if (slot == 2) {
        r.add_operand({64, 64}, 1);
        r.add_operand({64, 64}, 2);
      }
      r.changes_memory = slot != 3;
      if (i >= 16) r.add_dep(i - 16);
      if (i >= 32 && slot >= 2) r.add_dep(i - 32);
    }
    // Appended at completion: end times rise, durations vary, so t_start is
    // locally out of order.
    now_ += 700;
    const std::uint64_t dur = 500 + rnd % 20'000;
    r.t_end = now_ + 20'000;
    r.t_start = r.t_end - dur;
    r.t_issue = r.t_start - std::min<std::uint64_t>(r.t_start, rnd % 3'000);
    return r;
  }

 private:
  OpLog& log_;
  std::vector<NameId> names_;
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
  std::uint64_t now_ = 0;
};

struct Row {
  std::string what;
  std::string value;
  std::string note;
};

double append_run(std::uint64_t n, OpLog& log) {
  RecordGen gen(log);
  // Generation is part of the loop, as in a simulator; it is a few ns.
  const auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) log.append(gen.next(i));
  return seconds_since(t0);
}

template <typename F>
std::pair<double, std::uint64_t> best_of(int runs, F&& export_fn) {
  double best = 1e300;
  std::uint64_t bytes = 0;
  for (int k = 0; k < runs; ++k) {
    CountingBuf buf;
    std::ostream os(&buf);
    const auto t0 = Clock::now();
    export_fn(os);
    best = std::min(best, seconds_since(t0));
    bytes = buf.bytes;
  }
  return {best, bytes};
}

/// Appends n generated records to `log` (empty; `how` says whether its
/// memory is fresh or reused) and reports the rate.
Row append_row(std::uint64_t n, OpLog& log, std::string_view how, std::string_view detail) {
  const double s = append_run(n, log);
  return {fmt::format("append {} records ({})", n, how),
          fmt::format("{:.1f} M records/s", n / s / 1e6),
          fmt::format("{:.1f} ns/record incl. {}", s * 1e9 / n, detail)};
}

/// The generator alone, to separate its cost from append().
Row generate_row(std::uint64_t n) {
  OpLog scratch;
  RecordGen gen(scratch);
  std::uint64_t sink = 0;
  const auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    const OpRecord r = gen.next(i);
    sink += r.t_end ^ r.num_deps;
  }
  const double s = seconds_since(t0);
  return {fmt::format("generate {} records (no append)", n),
          fmt::format("{:.1f} M records/s", n / s / 1e6),
          fmt::format("{:.1f} ns/record (checksum {})", s * 1e9 / n, sink % 10)};
}

Row finalize_row(std::uint64_t n, OpLog& log) {
  const auto t0 = Clock::now();
  log.finalize();
  const double s = seconds_since(t0);
  return {fmt::format("finalize (sort) {} records", n), fmt::format("{:.3f} s", s),
          fmt::format("{:.1f} ns/record", s * 1e9 / n)};
}

/// Append (fresh and reused memory), generation and finalize rows for an
/// n-record log; the log is released on return.
void bench_log(std::uint64_t n, std::vector<Row>& rows) {
  OpLog log;
  // First run in the process: every page of the 1.6 GB log is new to the
  // process, so this includes the OS first-touch (page fault) cost.
  rows.push_back(append_row(n, log, "fresh memory", "generation and page faults"));
  rows.push_back(generate_row(n));
  // Same log cleared and refilled: pages already mapped, the steady state
  // of a simulator that reuses its log (e.g. across sweep points).
  log.clear();
  rows.push_back(append_row(n, log, "memory reused", "generation"));
  rows.push_back(finalize_row(n, log));
  rows.push_back({"bytes per record", fmt::format("{} B", sizeof(OpRecord)),
                  fmt::format("memory_bytes()/size() = {:.1f} B after finalize",
                              static_cast<double>(log.memory_bytes()) / log.size())});
}

/// A finalized log of n generated records.
OpLog export_log(std::uint64_t n) {
  OpLog ex;
  RecordGen gen(ex);
  ex.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) ex.append(gen.next(i));
  ex.finalize();
  return ex;
}

/// One TCM occupancy sample per 16 records, cycling over 16 PEs.
std::vector<OccupancySample> occupancy_samples(std::uint64_t n) {
  std::vector<OccupancySample> occupancy;
  for (std::uint64_t i = 0; i < n / 16; ++i) {
    occupancy.push_back({static_cast<std::int32_t>(i % 16), i * 700 * 16, (i * 4096) % 262144});
  }
  return occupancy;
}

/// JSONL, CSV and Chrome trace export rows for an n-record log (best of 3).
void bench_exports(std::uint64_t n, std::vector<Row>& rows) {
  const OpLog ex = export_log(n);
  const std::vector<OccupancySample> occupancy = occupancy_samples(n);
  TraceOptions opt;
  opt.tcm_occupancy = occupancy;

  const auto report = [&](std::string what, std::pair<double, std::uint64_t> r) {
    rows.push_back({fmt::format("{} {} records", what, n),
                    fmt::format("{:.2f} M records/s", n / r.first / 1e6),
                    fmt::format("{:.0f} MB/s, {:.0f} B/record, {:.3f} s", r.second / r.first / 1e6,
                                static_cast<double>(r.second) / n, r.first)});
  };
  report("JSONL export", best_of(3, [&](std::ostream& os) { write_jsonl(ex, os); }));
  report("CSV export", best_of(3, [&](std::ostream& os) { write_csv(ex, os); }));
  report("Chrome trace export",
         best_of(3, [&](std::ostream& os) { write_chrome_trace(ex, os, opt); }));
}

void print_table(const std::vector<Row>& rows) {
  std::size_t w0 = 0, w1 = 0;
  for (const Row& r : rows) w0 = std::max(w0, r.what.size()), w1 = std::max(w1, r.value.size());
  fmt::print("{:<{}}  {:>{}}  {}\n", "measure", w0, "result", w1, "detail");
  for (const Row& r : rows) fmt::print("{:<{}}  {:>{}}  {}\n", r.what, w0, r.value, w1, r.note);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n_append = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const std::uint64_t n_export = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000'000;
  std::vector<Row> rows;
  bench_log(n_append, rows);
  bench_exports(n_export, rows);
  print_table(rows);
  return 0;
}
