#include "tl/replay.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace kernbench::tl {

void ReplayLog::snapshot(const data::MemoryStore& mem) {
  if (!initial_) initial_.emplace(mem.clone());
}

void ReplayLog::add(ReplayEntry e) {
  e.seq = entries_.size();
  entries_.push_back(std::move(e));
}

ReplayReport ReplayLog::replay(const data::MemoryStore& live) const {
  ReplayReport rep;
  if (!initial_) return rep;
  std::vector<const ReplayEntry*> order;
  order.reserve(entries_.size());
  for (const ReplayEntry& e : entries_) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const ReplayEntry* a, const ReplayEntry* b) {
    return a->t_start < b->t_start;
  });
  ReplayEnv env(initial_->clone());
  for (const ReplayEntry* e : order) e->apply(env);
  rep.ops = order.size();
  // Compare every live allocation byte for byte.
  for (const data::Allocation& a : live.allocations()) {
    if (a.freed) continue;
    std::vector<std::byte> want(a.size), got(a.size);
    live.read(a.base, want);
    env.memory().read(a.base, got);
    if (want == got) continue;
    ReplayMismatch m;
    m.allocation = a.name;
    std::uint64_t first = a.size;
    for (std::uint64_t i = 0; i < a.size; ++i) {
      if (want[i] != got[i]) {
        first = std::min(first, i);
        ++m.differing_bytes;
      }
    }
    m.address = a.base + first;
    for (const ReplayEntry& e : entries_) {
      if (!e.writes) continue;
      for (std::uint64_t w : *e.writes) {
        if (m.address >= w && m.address < w + e.elem_bytes) {
          m.writers.push_back(fmt::format("{} (op log record {}, t_start {} ps) in {}", e.op,
                                          e.record, e.t_start, e.where));
          break;
        }
      }
    }
    rep.matches = false;
    rep.mismatches.push_back(std::move(m));
  }
  return rep;
}

std::string ReplayReport::to_string() const {
  if (matches) return fmt::format("replay of {} ops in t_start order reproduces the run", ops);
  std::string s = fmt::format(
      "replay of {} ops in t_start order differs from the run (an ordering race between "
      "programs):",
      ops);
  for (const ReplayMismatch& m : mismatches) {
    s += fmt::format("\n  '{}': {} bytes differ, first at {:#x}, written by:", m.allocation,
                     m.differing_bytes, m.address);
    for (const std::string& w : m.writers) s += "\n    " + w;
  }
  return s;
}

}  // namespace kernbench::tl
