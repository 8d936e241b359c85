// Loops of a program: range(), software-pipelined windows and the
// prefetch of their load streams (tl/pipeline.hpp), and the point where an
// in-order program's footprint is representative.

#include <algorithm>

#include <fmt/format.h>

#include "tl/errors.hpp"
#include "tl/program.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl {

Range Program::range(std::int64_t start, std::int64_t end, std::int64_t step, int num_stages) {
  if (step == 0) throw KernelError(fmt::format("{}: range(): step must not be 0", where()));
  if (num_stages < 0) {
    throw KernelError(fmt::format("{}: range(): num_stages={} must be >= 0 (0: the launch's)",
                                  where(), num_stages));
  }
  const int stages = num_stages == 0 ? runner_->launch_options().num_stages : num_stages;
  // Only an in-order PE pipelines (Triton's pipeliner); a queued PE already
  // runs ahead of its engines.
  const std::int64_t span = step > 0 ? end - start : start - end;
  const std::int64_t mag = step > 0 ? step : -step;
  const auto trips = static_cast<std::uint64_t>(span <= 0 ? 0 : (span + mag - 1) / mag);
  loops_.emplace_back(runner_->config().pe.cpu.in_order ? stages : 1, trips);
  return Range(this, start, end, step);
}

void Program::note_footprint() {
  // Only where tiles live in a register file: an under-estimate then admits
  // a program too many, never one that waits for TCM the others hold.
  if (footprint_noted_ || !runner_->config().pe.cpu.in_order || pe_->regfile_capacity() == 0) {
    return;
  }
  footprint_noted_ = true;
  // A loop that ends before its ring fills (a short trip count, as in one
  // program of a causal attention) still compiles to its full ring, and so
  // does a loop of one trip, whose loads this run did not stage.
  hw::TcmUsage usage = *usage_;
  std::uint64_t rings = 0;
  std::uint64_t unstaged = 0;
  for (const LoopPipeline& loop : loops_) {
    rings += loop.ring_bytes();
    unstaged += loop.unstaged_ring_bytes();
  }
  usage.peak = std::max(usage.peak, rings) + unstaged;
  runner_->learn_footprint(usage, register_footprint(), true);
}

void Program::loop_next_iteration() {
  if (loops_.empty()) return;
  // A loop has built up the values it keeps live after its first iteration,
  // a pipelined one after its prologue (its staging buffers all in use).
  if (loops_.back().iteration() + 1 >= static_cast<std::uint64_t>(loops_.back().stages())) {
    note_footprint();
  }
  op_ = "range";
  loops_.back().next_iteration(due_);
  for (const hw::Completion& c : due_) wait_for(c, true);
}

void Program::loop_close() {
  if (loops_.empty()) return;
  // A loop that ran no iteration shows nothing of the program's footprint.
  if (loops_.back().trips() > 0) note_footprint();
  loops_.pop_back();
}

Range::~Range() {
  if (prog_ != nullptr) prog_->loop_close();
}

Range::It& Range::It::operator++() {
  v += step;
  prog->loop_next_iteration();
  return *this;
}

hw::TcmBuffer Program::stage_load(hw::Command& load, LoopPipeline::Site& site,
                                  std::uint64_t bytes) {
  LoopPipeline& loop = loops_.back();
  const std::uint64_t it = loop.iteration();
  while (!site.ahead.empty() && site.ahead.front().iteration < it) site.ahead.pop_front();
  hw::TcmBuffer buf;
  if (!site.ahead.empty() && site.ahead.front().iteration == it &&
      same_pattern(site.ahead.front().pattern, load.pattern)) {
    Prefetch& p = site.ahead.front();
    if (!p.done.processed() || runner_->log_commands()) load.deps.push_back(p.done);
    load.staged = true;
    load.tcm_bytes = 0;
    buf = std::move(p.buf);
    site.ahead.pop_front();
  }
  std::optional<std::int64_t> step;
  if (site.last) {
    step = pattern_step(*site.last, load.pattern);
    if (!step || *step == 0) site.ahead.clear();  // the stream changed: drop its prefetches
  }
  // This iteration's buffer comes before the prefetches for later ones: a
  // prefetch never takes the room the load it runs ahead of is waiting for.
  if (!buf.valid()) buf = staging_buffer(load, bytes);
  if (step && *step != 0) {
    const auto ahead = static_cast<std::uint64_t>(loop.stages() - 1);
    std::uint64_t next = site.ahead.empty() ? it + 1 : site.ahead.back().iteration + 1;
    for (; next <= it + ahead && next < loop.trips(); ++next) {
      if (!prefetch(site, *step * static_cast<std::int64_t>(next - it), next, load)) break;
    }
  }
  site.last = shifted(load.pattern, 0, site.last_addrs);
  return buf;
}

hw::TcmBuffer Program::staging_buffer(hw::Command& load, std::uint64_t bytes) {
  // What this program holds already, plus the copy, exceeds the whole TCM
  // (or the tile alone does): no other program can free the room, so waiting
  // would never end. The compiled kernel would not stage this load either
  // (its ring does not fit the shared memory); the tile goes to registers,
  // spilling what does not fit.
  const std::uint64_t own = usage_ != nullptr ? usage_->current : 0;
  if (pe_->regfile_capacity() != 0 && own + bytes > pe_->tcm().capacity()) {
    return register_buffer(load, bytes);
  }
  return allocate_tcm(bytes);
}

hw::TcmBuffer Program::register_buffer(hw::Command& cmd, std::uint64_t bytes) {
  cmd.spill_bytes = 2 * spill_of(bytes);  // stored now, loaded back later
  return pe_->regfile().try_allocate(bytes, rf_usage_);
}

bool Program::prefetch(LoopPipeline::Site& site, std::int64_t step, std::uint64_t iteration,
                       const hw::Command& like) {
  if (like.bytes > pe_->tcm().capacity()) return false;  // the load itself is not staged
  auto cmd = command(hw::CommandKind::dma_read, "prefetch");
  hw::TcmBuffer buf = ring_buffer(site, iteration, like.bytes, *cmd);
  if (!buf.valid()) buf = pe_->tcm().try_allocate(like.bytes, usage_);
  if (!buf.valid()) return false;  // no free staging buffer: the load waits its turn
  cmd->bypass_l1 = true;
  cmd->pattern = shifted(like.pattern, step, cmd->gather_addrs);
  cmd->bytes = like.bytes;
  cmd->tcm_bytes = like.tcm_bytes;
  cmd->done = pe_->engine().event<trace::OpId>();
  Prefetch p{hw::Contiguous{0, 0}, {}, cmd->done, std::move(buf), iteration};
  p.pattern = shifted(like.pattern, step, p.addrs);
  site.ahead.push_back(std::move(p));
  submit(std::move(cmd));
  return true;
}

hw::TcmBuffer Program::ring_buffer(const LoopPipeline::Site& site, std::uint64_t iteration,
                                   std::uint64_t bytes, hw::Command& prefetch) {
  const LoopPipeline& loop = loops_.back();
  const auto stages = static_cast<std::uint64_t>(loop.stages());
  if (!site.recent.valid() || iteration < stages || site.recent_iteration != iteration - stages ||
      site.recent.bytes() != bytes) {
    return {};
  }
  // The slot's readers (the MMA of its iteration) finish before it refills.
  const bool logging = runner_->log_commands();
  loop.for_each_reader_of(site.recent_iteration, [&](const hw::Completion& c) {
    if (!c.processed() || logging) prefetch.deps.push_back(c);
  });
  return site.recent;
}

bool Program::in_window() const {
  return !loops_.empty() && loops_.back().pipelined();
}

}  // namespace kernbench::tl
