#include "hw/runtime/chip.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace kernbench::hw {

Chip::Chip(sim::Engine& engine, const HwConfig& cfg, trace::OpLog* log, trace::StatSet& stats)
    : engine_(&engine),
      cfg_(cfg),
      clock_(cfg.clock.frequency.in_hz()),
      log_(log),
      stats_(&stats),
      hbm_(cfg.hbm),
      fabric_(cfg.fabric, clock_, cfg.pe.count, cfg.hbm.channels),
      fabric_tally_(cfg.hbm.channels, cfg.hbm.interleave.in_bytes()) {
  if (cfg.cache.enabled) cache_.emplace(cfg.cache);
  if (log_ != nullptr) {
    hbm_name_ = log_->intern("hbm");
    fabric_name_ = log_->intern("fabric");
  }
  pes_.reserve(cfg.pe.count);
  for (std::uint64_t p = 0; p < cfg.pe.count; ++p) {
    pes_.push_back(std::make_unique<Pe>(*this, static_cast<int>(p)));
  }
  register_stats();
}

void Chip::register_stats() {
  for (std::size_t c = 0; c < hbm_.channels(); ++c) {
    const BandwidthServer* ch = &hbm_.channel(c);
    stats_->formula(fmt::format("hbm.ch{}.busy", c), trace::StatUnit::ps,
                    "time the HBM channel was transferring",
                    [ch] { return static_cast<double>(ch->busy()); });
    stats_->formula(fmt::format("hbm.ch{}.bytes", c), trace::StatUnit::bytes,
                    "bytes the HBM channel moved",
                    [ch] { return static_cast<double>(ch->bytes()); });
  }
  stats_->formula("fabric.links", trace::StatUnit::none, "fabric links and ports used",
                  [this] { return static_cast<double>(fabric_.links()); });
  stats_->formula("fabric.busy", trace::StatUnit::ps, "busy time summed over the links and ports",
                  [this] { return static_cast<double>(fabric_.link_busy()); });
  stats_->formula("fabric.busiest_link.busy", trace::StatUnit::ps,
                  "busy time of the busiest link or port",
                  [this] { return static_cast<double>(fabric_.busiest_link_busy()); });
}

Chip::~Chip() = default;

sim::Event<> Chip::wait_turn(std::uint64_t turn) {
  auto [it, fresh] = turn_waiters_.try_emplace(turn, engine_->event());
  if (!fresh) throw std::logic_error("Chip::wait_turn: two commands wait for one turn");
  return it->second;
}

void Chip::pass_turn() {
  ++next_turn_;
  const auto it = turn_waiters_.find(next_turn_);
  if (it == turn_waiters_.end()) return;
  sim::Event<> e = std::move(it->second);
  turn_waiters_.erase(it);
  e.succeed();
}

trace::NameId Chip::name_id(std::string_view name) {
  return log_ != nullptr ? log_->intern(name) : 0;
}

template <class F>
void Chip::for_each_run(const Command& c, F&& f) {
  std::visit(
      [&](const auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, Contiguous>) {
          f(p.addr, p.bytes);
        } else if constexpr (std::is_same_v<P, Strided2D>) {
          if (p.stride == p.row_bytes) {
            f(p.addr, p.rows * p.row_bytes);
          } else {
            for (std::uint64_t r = 0; r < p.rows; ++r) f(p.addr + r * p.stride, p.row_bytes);
          }
        } else {
          // A gather moves whole bursts: each distinct burst of a coalescing
          // group once (pe.dma.coalesce_bytes; dma_cost counts the same).
          const std::uint64_t burst = cfg_.pe.dma.burst.in_bytes();
          const std::size_t n = p.addrs.size();
          std::size_t group =
              gather_group_lanes(cfg_.pe.dma.coalesce_bytes.in_bytes(), p.elem_bytes);
          if (group == 0) group = std::max<std::size_t>(n, 1);
          for (std::size_t from = 0; from < n; from += group) {
            scratch_.assign(
                p.addrs.begin() + static_cast<std::ptrdiff_t>(from),
                p.addrs.begin() + static_cast<std::ptrdiff_t>(std::min(n, from + group)));
            for (auto& a : scratch_) a -= a % burst;
            std::sort(scratch_.begin(), scratch_.end());
            scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
            for (std::uint64_t a : scratch_) f(a, burst);
          }
        }
      },
      c.pattern);
}

sim::Tick Chip::memory_side(const Command& c, int pe, sim::Tick t) {
  const std::uint32_t pe_node = fabric_.pe_node(static_cast<std::uint64_t>(pe));
  if (c.remote_pe >= 0) {
    // TCM to TCM: only the fabric between the two PEs.
    return fabric_.transfer(fabric_.pe_node(static_cast<std::uint64_t>(c.remote_pe)), pe_node,
                            c.bytes, t);
  }
  const bool write = c.kind == CommandKind::DmaWrite;
  // On a crossbar the memory traffic of a command shares the PE's port: one
  // reservation of its bus bytes; on a mesh each channel's share takes its
  // own route.
  const bool mesh = config().fabric.topology == Topology::mesh;
  std::uint64_t hit_bytes = 0;
  std::uint64_t moved = 0;
  // A read miss fetches its whole line; writes allocate their lines and are
  // written through, so HBM sees every written byte.
  const auto read_miss = [&](std::uint64_t line_addr) {
    if (!write) hbm_.tally(line_addr, cache_->line());
  };
  // Every byte crosses the fabric; HBM sees all of them unless the cache
  // decides (read misses).
  const bool tally_hbm = write || !cache_;
  const auto tally = [&](std::uint64_t addr, std::uint64_t bytes) {
    if (mesh) fabric_tally_.add(addr, bytes);
    if (tally_hbm) hbm_.tally(addr, bytes);
  };
  const auto* tile = std::get_if<Strided2D>(&c.pattern);
  if (tile != nullptr && tile->stride != tile->row_bytes) {
    // The rows' lines go to the cache as one strided access.
    moved = tile->rows * tile->row_bytes;
    if (mesh || tally_hbm) for_each_run(c, tally);
    if (cache_) {
      hit_bytes =
          cache_->access_rows(tile->addr, tile->row_bytes, tile->rows, tile->stride, read_miss);
    }
  } else {
    for_each_run(c, [&](std::uint64_t addr, std::uint64_t bytes) {
      moved += bytes;
      tally(addr, bytes);
      if (cache_) hit_bytes += cache_->access(addr, bytes, read_miss);
    });
  }
  const bool log_tx = log_ != nullptr && log_->wants(trace::TraceLevel::transactions);
  sim::Tick done = hbm_.commit(t, [&](std::uint32_t ch, std::uint64_t bytes, sim::Tick end) {
    if (log_tx) [[unlikely]] {
      trace::OpRecord r;
      r.t_issue = r.t_start = t;
      r.t_end = end;
      r.unit = trace::Unit::hbm;
      r.unit_index = static_cast<std::uint16_t>(ch);
      r.kind = trace::OpKind::HbmAccess;
      r.name = hbm_name_;
      r.bytes = bytes;
      r.changes_memory = write;
      log_->append(r);
    }
  });
  if (cache_ && hit_bytes > 0) done = std::max(done, cache_->serve_hits(t, hit_bytes));
  if (!mesh) {
    const sim::Tick end = fabric_.port_transfer(pe_node, !write, moved, t);
    if (log_tx) [[unlikely]] {
      trace::OpRecord r;
      r.t_issue = r.t_start = t;
      r.t_end = end;
      r.pe = pe;
      r.unit = trace::Unit::fabric;
      r.kind = trace::OpKind::FabricXfer;
      r.name = fabric_name_;
      r.bytes = moved;
      log_->append(r);
    }
    return std::max(done, end);
  }
  fabric_tally_.drain([&](std::uint32_t ch, std::uint64_t bytes) {
    const std::uint32_t mem_node = fabric_.channel_node(ch);
    const sim::Tick end = write ? fabric_.transfer(pe_node, mem_node, bytes, t)
                                : fabric_.transfer(mem_node, pe_node, bytes, t);
    if (log_tx && mem_node != pe_node) [[unlikely]] {
      trace::OpRecord r;
      r.t_issue = r.t_start = t;
      r.t_end = end;
      r.pe = pe;
      r.unit = trace::Unit::fabric;
      r.unit_index = static_cast<std::uint16_t>(ch);
      r.kind = trace::OpKind::FabricXfer;
      r.name = fabric_name_;
      r.bytes = bytes;
      log_->append(r);
    }
    done = std::max(done, end);
  });
  return done;
}

}  // namespace kernbench::hw
