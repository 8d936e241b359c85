#include "trace/export_chrome.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/detail/stream_writer.hpp"

namespace kernbench::trace {

namespace {

constexpr std::uint64_t kMaxHbmBuckets = 10'000'000;
constexpr std::uint64_t kTargetHbmBuckets = 1000;
constexpr std::uint64_t kMinAutoBucketPs = 1000;  // 1 ns

// PEs are pid pe + 1 (viewers treat pid 0 as the idle/swapper process).
std::int64_t pid_of(std::int32_t pe) {
  return pe == kChipLevel ? kChipPid : static_cast<std::int64_t>(pe) + 1;
}

void check_pe(std::int32_t pe, std::string_view where) {
  if (pe < kChipLevel || static_cast<std::int64_t>(pe) + 1 >= kChipPid) {
    throw std::logic_error(
        fmt::format("write_chrome_trace: {} has pe {}; expected -1 (chip level) or 0..{}", where,
                    pe, kChipPid - 2));
  }
}

// One engine instance on one PE (or on the chip).
struct Track {
  std::int32_t pe;
  Unit unit;
  std::uint16_t index;
  std::vector<std::uint64_t> lane_end;  // t_end of the last record on each lane
  std::uint32_t base_tid = 0;           // tid of lane 0
};

std::uint64_t track_key(const OpRecord& r) {
  return (static_cast<std::uint64_t>(static_cast<std::int64_t>(r.pe) + 1) << 24) |
         (static_cast<std::uint64_t>(r.unit) << 16) | r.unit_index;
}

// Units that normally come in several instances always show their index.
bool always_indexed(Unit u) {
  return u == Unit::dma || u == Unit::hbm || u == Unit::fabric || u == Unit::cache;
}

// Smallest 1-2-5 x 10^k value >= v.
std::uint64_t nice_ceil(std::uint64_t v) {
  std::uint64_t decade = 1;
  while (true) {
    for (std::uint64_t m : {1u, 2u, 5u}) {
      if (m * decade >= v) return m * decade;
    }
    if (decade > std::numeric_limits<std::uint64_t>::max() / 100) return v;
    decade *= 10;
  }
}

class ChromeWriter {
 public:
  ChromeWriter(const OpLog& log, std::ostream& os, const TraceOptions& opt)
      : log_(log), opt_(opt), w_(os, "write_chrome_trace") {}

  void run() {
    assign_lanes();
    assign_tids();
    prepare_dtype_names();
    w_.put(
        R"({"displayTimeUnit":"ns","otherData":{"generator":"kernbench","source_time_unit":"ps","records":)");
    w_.uint(log_.size());
    w_.put("},\"traceEvents\":[\n");
    write_metadata();
    write_slices_and_flows();
    if (opt_.hbm_bandwidth) write_hbm_bandwidth();
    write_tcm_occupancy();
    w_.put("\n]}\n");
    w_.flush();
  }

 private:
  void begin_event() {
    if (!first_event_) w_.put(",\n");
    first_event_ = false;
  }

  // Greedy first-fit interval partitioning per engine: in t_start order, a
  // record takes the lowest lane whose previous record has ended, so lane 0
  // is the busiest and slices on one lane never overlap.
  void assign_lanes() {
    const std::size_t n = log_.size();
    tid_.resize(n);
    track_of_.resize(n);
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    std::uint64_t last_key = ~std::uint64_t{0};
    std::uint32_t last_track = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const OpRecord& r = log_[i];
      const std::uint64_t key = track_key(r);
      if (key != last_key) {
        if (r.pe < kChipLevel || static_cast<std::int64_t>(r.pe) + 1 >= kChipPid) {
          check_pe(r.pe, fmt::format("record {}", r.id));
        }
        auto [it, inserted] = index.try_emplace(key, static_cast<std::uint32_t>(tracks_.size()));
        if (inserted) tracks_.push_back(Track{r.pe, r.unit, r.unit_index, {}, 0});
        last_key = key;
        last_track = it->second;
      }
      auto& lanes = tracks_[last_track].lane_end;
      std::size_t lane = 0;
      while (lane < lanes.size() && lanes[lane] > r.t_start) ++lane;
      if (lane == lanes.size()) lanes.push_back(0);
      lanes[lane] = r.t_end;
      track_of_[i] = last_track;
      tid_[i] = static_cast<std::uint32_t>(lane);
      if (r.unit == Unit::hbm) hbm_end_ = std::max(hbm_end_, r.t_end), any_hbm_ = true;
    }
  }

  // tids are dense per process, in (unit, index, lane) order, starting at 1.
  void assign_tids() {
    order_.resize(tracks_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Track& x = tracks_[a];
      const Track& y = tracks_[b];
      if (x.pe != y.pe) return x.pe < y.pe;
      if (x.unit != y.unit) return x.unit < y.unit;
      return x.index < y.index;
    });
    std::int32_t pe = 0;
    std::uint32_t next = 1;
    for (std::size_t k = 0; k < order_.size(); ++k) {
      Track& t = tracks_[order_[k]];
      if (k == 0 || t.pe != pe) {
        pe = t.pe;
        next = 1;
      }
      t.base_tid = next;
      next += static_cast<std::uint32_t>(t.lane_end.size());
    }
    for (std::size_t i = 0; i < tid_.size(); ++i) tid_[i] += tracks_[track_of_[i]].base_tid;
    track_of_.clear();
    track_of_.shrink_to_fit();
  }

  void prepare_dtype_names() {
    for (std::size_t c = 0; c < dtype_names_.size(); ++c) {
      const std::string name = opt_.dtype_name ? opt_.dtype_name(static_cast<std::uint8_t>(c))
                                               : fmt::format("dtype{}", c);
      // Stored JSON-escaped (without quotes): it is pasted inside a string.
      std::ostringstream escaped;
      detail::StreamWriter ew(escaped, "write_chrome_trace");
      ew.json_string(name);
      ew.flush();
      const std::string quoted = escaped.str();
      dtype_names_[c] = quoted.substr(1, quoted.size() - 2);
    }
  }

  std::string thread_name(const Track& t, bool indexed, std::size_t lane) const {
    std::string name(to_string(t.unit));
    if (indexed) name += fmt::format("{}", t.index);
    if (lane != 0) name += fmt::format(" #{}", lane);
    return name;
  }

  void write_process(std::int64_t pid, std::string_view name, std::int64_t sort_index) {
    begin_event();
    w_.put(R"({"ph":"M","name":"process_name","pid":)");
    w_.sint(pid);
    w_.put(R"(,"tid":0,"args":{"name":)");
    w_.json_string(name);
    w_.put("}}");
    begin_event();
    w_.put(R"({"ph":"M","name":"process_sort_index","pid":)");
    w_.sint(pid);
    w_.put(R"(,"tid":0,"args":{"sort_index":)");
    w_.sint(sort_index);
    w_.put("}}");
  }

  void write_metadata() {
    // Processes: the chip first, then PEs in index order.
    std::map<std::int32_t, bool> pes;
    for (const Track& t : tracks_) pes[t.pe] = true;
    for (std::size_t i = 0; i < opt_.tcm_occupancy.size(); ++i) {
      const auto pe = opt_.tcm_occupancy[i].pe;
      if (pe < 0 || static_cast<std::int64_t>(pe) + 1 >= kChipPid) {
        throw std::logic_error(
            fmt::format("write_chrome_trace: tcm_occupancy[{}] has pe {}; expected 0..{}", i, pe,
                        kChipPid - 2));
      }
      pes[pe] = true;
    }
    if (opt_.hbm_bandwidth && any_hbm_) pes[kChipLevel] = true;
    for (const auto& [pe, unused] : pes) {
      if (pe == kChipLevel) {
        write_process(kChipPid, opt_.chip_name, 0);
      } else {
        write_process(pid_of(pe), fmt::format("PE {}", pe), static_cast<std::int64_t>(pe) + 1);
      }
    }
    // Threads: one per engine lane. A single-instance unit is shown without
    // its index unless this process has several instances of it.
    for (std::size_t k = 0; k < order_.size(); ++k) {
      const Track& t = tracks_[order_[k]];
      // order_ is sorted by (pe, unit, index): other instances are adjacent.
      const auto same_unit = [&](std::size_t j) {
        const Track& o = tracks_[order_[j]];
        return o.pe == t.pe && o.unit == t.unit;
      };
      const bool indexed = always_indexed(t.unit) || t.index != 0 || (k > 0 && same_unit(k - 1)) ||
                           (k + 1 < order_.size() && same_unit(k + 1));
      for (std::size_t lane = 0; lane < t.lane_end.size(); ++lane) {
        const std::uint32_t tid = t.base_tid + static_cast<std::uint32_t>(lane);
        begin_event();
        w_.put(R"({"ph":"M","name":"thread_name","pid":)");
        w_.sint(pid_of(t.pe));
        w_.put(R"(,"tid":)");
        w_.uint(tid);
        w_.put(R"(,"args":{"name":)");
        w_.json_string(thread_name(t, indexed, lane));
        w_.put("}}");
        begin_event();
        w_.put(R"({"ph":"M","name":"thread_sort_index","pid":)");
        w_.sint(pid_of(t.pe));
        w_.put(R"(,"tid":)");
        w_.uint(tid);
        w_.put(R"(,"args":{"sort_index":)");
        w_.uint(tid);
        w_.put("}}");
      }
    }
  }

  void write_slice(const OpRecord& r, std::uint32_t tid) {
    begin_event();
    w_.put(R"({"ph":"X","pid":)");
    w_.sint(pid_of(r.pe));
    w_.put(R"(,"tid":)");
    w_.uint(tid);
    w_.put(R"(,"ts":)");
    w_.ps_as_us(r.t_start);
    w_.put(R"(,"dur":)");
    w_.ps_as_us(r.duration());
    w_.put(R"(,"name":)");
    const std::string_view name = log_.name(r.name);
    w_.json_string(name.empty() ? to_string(r.kind) : name);
    w_.put(R"(,"cat":")");
    w_.put(to_string(r.unit));
    w_.put(R"(","args":{"id":)");
    w_.uint(r.id);
    w_.put(R"(,"kind":")");
    w_.put(to_string(r.kind));
    w_.put('"');
    if (r.program != kNoProgram) {
      w_.put(R"(,"program":)");
      w_.sint(r.program);
    }
    w_.put(R"(,"unit_index":)");
    w_.uint(r.unit_index);
    w_.put(R"(,"t_issue_ps":)");
    w_.uint(r.t_issue);
    w_.put(R"(,"t_start_ps":)");
    w_.uint(r.t_start);
    w_.put(R"(,"t_end_ps":)");
    w_.uint(r.t_end);
    w_.put(R"(,"wait_ps":)");
    w_.uint(r.wait());
    if (r.bytes != 0) {
      w_.put(R"(,"bytes":)");
      w_.uint(r.bytes);
    }
    if (r.flops != 0) {
      w_.put(R"(,"flops":)");
      w_.uint(r.flops);
    }
    if (r.src_addr != 0) w_.format(R"(,"src":"0x{:x}")", r.src_addr);
    if (r.dst_addr != 0) w_.format(R"(,"dst":"0x{:x}")", r.dst_addr);
    if (r.num_operands != 0) {
      w_.put(R"(,"operands":[)");
      for (std::size_t i = 0; i < r.num_operands; ++i) {
        w_.put(i == 0 ? "\"" : ",\"");
        w_.dims(log_.shape(r, i));
        w_.put(' ');
        w_.put(dtype_names_[log_.dtype(r, i)]);
        w_.put('"');
      }
      w_.put(']');
    }
    if (r.changes_memory) w_.put(R"(,"changes_memory":true)");
    if (r.num_deps != 0) {
      w_.put(R"(,"deps":[)");
      for (std::size_t i = 0; i < r.num_deps; ++i) {
        if (i != 0) w_.put(',');
        w_.uint(r.deps[i]);
      }
      w_.put(']');
    }
    w_.put("}}");
  }

  // Flow v1 events bind to the slice enclosing their ts on their thread. An
  // X slice covers [ts, ts + dur), and importers may order equal timestamps
  // either way, so the binding points sit strictly inside the slice when it
  // is at least 2 ps long: 1 ps before the producer ends, 1 ps after the
  // consumer starts. Arrows then run from producer end to consumer start.
  void write_flow(const OpRecord& producer, std::uint32_t producer_tid, const OpRecord& consumer,
                  std::uint32_t consumer_tid, std::uint64_t flow_id) {
    const std::uint64_t s_ts = producer.duration() >= 2 ? producer.t_end - 1 : producer.t_start;
    const std::uint64_t f_ts = consumer.duration() >= 2 ? consumer.t_start + 1 : consumer.t_start;
    begin_event();
    w_.put(R"({"ph":"s","name":"dep","cat":"dep","id":)");
    w_.uint(flow_id);
    w_.put(R"(,"pid":)");
    w_.sint(pid_of(producer.pe));
    w_.put(R"(,"tid":)");
    w_.uint(producer_tid);
    w_.put(R"(,"ts":)");
    w_.ps_as_us(s_ts);
    w_.put('}');
    begin_event();
    w_.put(R"({"ph":"f","bp":"e","name":"dep","cat":"dep","id":)");
    w_.uint(flow_id);
    w_.put(R"(,"pid":)");
    w_.sint(pid_of(consumer.pe));
    w_.put(R"(,"tid":)");
    w_.uint(consumer_tid);
    w_.put(R"(,"ts":)");
    w_.ps_as_us(f_ts);
    w_.put('}');
  }

  void write_slices_and_flows() {
    for (std::size_t i = 0; i < log_.size(); ++i) {
      const OpRecord& r = log_[i];
      write_slice(r, tid_[i]);
      if (!opt_.flows) continue;
      for (std::size_t k = 0; k < r.num_deps; ++k) {
        const std::size_t p = log_.position_of(r.deps[k]);
        // Unique and non-zero: consumer id and dep slot.
        const std::uint64_t flow_id = r.id * OpRecord::kMaxDeps + k + 1;
        write_flow(log_[p], tid_[p], r, tid_[i], flow_id);
      }
    }
  }

  void write_counter(std::int64_t pid, std::string_view name, std::uint64_t ts_ps,
                     std::string_view key) {
    begin_event();
    w_.put(R"({"ph":"C","pid":)");
    w_.sint(pid);
    w_.put(R"(,"name":")");
    w_.put(name);
    w_.put(R"(","ts":)");
    w_.ps_as_us(ts_ps);
    w_.put(R"(,"args":{")");
    w_.put(key);
    w_.put(R"(":)");
  }

  // Each hbm record's bytes are spread uniformly over [t_start, t_end) and
  // summed per bucket; a bucket's value is its bytes / width, in GB/s
  // (1 GB = 1e9 bytes). Only changes are emitted, plus a closing zero.
  void write_hbm_bandwidth() {
    if (!any_hbm_) return;
    std::uint64_t width = opt_.hbm_bucket_ps;
    if (width == 0) {
      width = nice_ceil(
          std::max(kMinAutoBucketPs, (hbm_end_ + kTargetHbmBuckets - 1) / kTargetHbmBuckets));
    }
    const std::uint64_t count = hbm_end_ / width + 1;
    if (count > kMaxHbmBuckets) {
      throw std::runtime_error(fmt::format(
          "write_chrome_trace: hbm_bucket_ps = {} gives {} buckets over {} ps of HBM traffic; "
          "the maximum is {} (use a bucket of at least {} ps)",
          width, count, hbm_end_, kMaxHbmBuckets, hbm_end_ / (kMaxHbmBuckets - 1) + 1));
    }
    std::vector<double> bytes(count, 0.0);
    for (const OpRecord& r : log_) {
      if (r.unit != Unit::hbm || r.bytes == 0) continue;
      const std::uint64_t dur = r.duration();
      if (dur == 0) {
        bytes[r.t_start / width] += static_cast<double>(r.bytes);
        continue;
      }
      const double per_ps = static_cast<double>(r.bytes) / static_cast<double>(dur);
      for (std::uint64_t b = r.t_start / width; b <= (r.t_end - 1) / width; ++b) {
        const std::uint64_t lo = std::max(r.t_start, b * width);
        const std::uint64_t hi = std::min(r.t_end, (b + 1) * width);
        bytes[b] += per_ps * static_cast<double>(hi - lo);
      }
    }
    const double to_gbps = 1000.0 / static_cast<double>(width);  // bytes/ps -> GB/s
    double prev = -1.0;
    for (std::uint64_t b = 0; b < count; ++b) {
      const double v = bytes[b] * to_gbps;
      if (v == prev) continue;
      write_counter(kChipPid, "HBM bandwidth", b * width, "GB/s");
      w_.format("{}}}}}", v);
      prev = v;
    }
    if (prev != 0.0) {
      write_counter(kChipPid, "HBM bandwidth", count * width, "GB/s");
      w_.put("0}}");
    }
  }

  void write_tcm_occupancy() {
    for (const OccupancySample& s : opt_.tcm_occupancy) {
      write_counter(pid_of(s.pe), "TCM occupancy", s.t_ps, "bytes");
      w_.uint(s.bytes);
      w_.put("}}");
    }
  }

  const OpLog& log_;
  const TraceOptions& opt_;
  detail::StreamWriter w_;
  bool first_event_ = true;
  std::vector<Track> tracks_;
  std::vector<std::uint32_t> order_;     // track indices in (pe, unit, index) order
  std::vector<std::uint32_t> tid_;       // per log position: lane, then tid
  std::vector<std::uint32_t> track_of_;  // per log position, until tids are known
  std::array<std::string, 256> dtype_names_;
  std::uint64_t hbm_end_ = 0;
  bool any_hbm_ = false;
};

}  // namespace

void write_chrome_trace(const OpLog& log, std::ostream& os, const TraceOptions& options) {
  if (!log.in_time_order()) {
    throw std::logic_error(
        "write_chrome_trace: the op log is not in time order; call OpLog::finalize() first");
  }
  ChromeWriter(log, os, options).run();
}

}  // namespace kernbench::trace
