#include "hw/memory/memory_path.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace kernbench::hw {

MemoryPath::MemoryPath(const HwConfig& cfg, Hbm& hbm, Fabric& fabric, Cache* cache,
                       trace::OpLog* log)
    : cfg_(&cfg),
      hbm_(&hbm),
      fabric_(&fabric),
      cache_(cache),
      log_(log),
      fabric_tally_(cfg.hbm.channels, cfg.hbm.interleave.in_bytes()) {
  if (log_ != nullptr) {
    hbm_name_ = log_->intern("hbm");
    fabric_name_ = log_->intern("fabric");
  }
}

template <class F>
void MemoryPath::for_each_run(const Command& c, F&& f) {
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
          const std::uint64_t burst = cfg_->pe.dma.burst.in_bytes();
          const std::size_t n = p.addrs.size();
          std::size_t group =
              gather_group_lanes(cfg_->pe.dma.coalesce_bytes.in_bytes(), p.elem_bytes);
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

MemoryPath::Lookup MemoryPath::look_up(const Command& c, bool write, bool mesh) {
  Lookup seen;
  // A read miss fetches its whole line; writes allocate their lines and are
  // written through, so HBM sees every written byte.
  const auto read_miss = [&](std::uint64_t line_addr) {
    if (!write) hbm_->tally(line_addr, cache_->line());
  };
  // Every byte crosses the fabric; HBM sees all of them unless the cache
  // decides (read misses).
  const bool tally_hbm = write || cache_ == nullptr;
  const auto tally = [&](std::uint64_t addr, std::uint64_t bytes) {
    if (mesh) fabric_tally_.add(addr, bytes);
    if (tally_hbm) hbm_->tally(addr, bytes);
  };
  const auto* tile = std::get_if<Strided2D>(&c.pattern);
  if (tile != nullptr && tile->stride != tile->row_bytes) {
    // The rows' lines go to the cache as one strided access.
    seen.moved = tile->rows * tile->row_bytes;
    if (mesh || tally_hbm) for_each_run(c, tally);
    if (cache_ != nullptr) {
      seen.hit_bytes =
          cache_->access_rows(tile->addr, tile->row_bytes, tile->rows, tile->stride, read_miss);
    }
    return seen;
  }
  for_each_run(c, [&](std::uint64_t addr, std::uint64_t bytes) {
    seen.moved += bytes;
    tally(addr, bytes);
    if (cache_ != nullptr) seen.hit_bytes += cache_->access(addr, bytes, read_miss);
  });
  return seen;
}

sim::Tick MemoryPath::commit_hbm(sim::Tick t, bool write, bool log_tx) {
  return hbm_->commit(t, [&](std::uint32_t ch, std::uint64_t bytes, sim::Tick end) {
    if (log_tx) [[unlikely]] {
      record(trace::Unit::hbm, trace::kChipLevel, ch, t, end, bytes, write);
    }
  });
}

sim::Tick MemoryPath::cross_mesh(int pe, bool write, sim::Tick t, bool log_tx) {
  const std::uint32_t pe_node = fabric_->pe_node(static_cast<std::uint64_t>(pe));
  sim::Tick done = 0;
  fabric_tally_.drain([&](std::uint32_t ch, std::uint64_t bytes) {
    const std::uint32_t mem_node = fabric_->channel_node(ch);
    const sim::Tick end = write ? fabric_->transfer(pe_node, mem_node, bytes, t)
                                : fabric_->transfer(mem_node, pe_node, bytes, t);
    if (log_tx && mem_node != pe_node) [[unlikely]] {
      record(trace::Unit::fabric, pe, ch, t, end, bytes, false);
    }
    done = std::max(done, end);
  });
  return done;
}

sim::Tick MemoryPath::transfer(const Command& c, int pe, sim::Tick t) {
  const std::uint32_t pe_node = fabric_->pe_node(static_cast<std::uint64_t>(pe));
  if (c.remote_pe >= 0) {
    // TCM to TCM: only the fabric between the two PEs.
    return fabric_->transfer(fabric_->pe_node(static_cast<std::uint64_t>(c.remote_pe)), pe_node,
                             c.bytes, t);
  }
  const bool write = c.kind == CommandKind::dma_write;
  // On a crossbar the memory traffic of a command shares the PE's port: one
  // reservation of its bus bytes; on a mesh each channel's share takes its
  // own route.
  const bool mesh = cfg_->fabric.topology == Topology::mesh;
  const Lookup seen = look_up(c, write, mesh);
  const bool log_tx = log_ != nullptr && log_->wants(trace::TraceLevel::transactions);
  sim::Tick done = commit_hbm(t, write, log_tx);
  if (cache_ != nullptr && seen.hit_bytes > 0) {
    done = std::max(done, cache_->serve_hits(t, seen.hit_bytes));
  }
  if (mesh) return std::max(done, cross_mesh(pe, write, t, log_tx));
  const sim::Tick end = fabric_->port_transfer(pe_node, !write, seen.moved, t);
  if (log_tx) [[unlikely]] {
    record(trace::Unit::fabric, pe, 0, t, end, seen.moved, false);
  }
  return std::max(done, end);
}

void MemoryPath::record(trace::Unit unit, std::int32_t pe, std::uint32_t index, sim::Tick t,
                        sim::Tick end, std::uint64_t bytes, bool changes_memory) {
  const bool hbm = unit == trace::Unit::hbm;
  trace::OpRecord r;
  r.t_issue = r.t_start = t;
  r.t_end = end;
  r.pe = pe;
  r.unit = unit;
  r.unit_index = static_cast<std::uint16_t>(index);
  r.kind = hbm ? trace::OpKind::HbmAccess : trace::OpKind::FabricXfer;
  r.name = hbm ? hbm_name_ : fabric_name_;
  r.bytes = bytes;
  r.changes_memory = changes_memory;
  log_->append(r);
}

}  // namespace kernbench::hw
