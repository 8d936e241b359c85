#include "hw/pe/pe.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace kernbench::hw {

namespace {
constexpr const char* kEngineNames[kEngineKinds] = {"dma", "gemm", "math"};
// The leading bytes of a Command an engine reads when it takes and completes
// it (the fields before `parts`; Command is not standard-layout, so no
// offsetof).
constexpr std::size_t kCommandHotBytes = 256;
}  // namespace

Pe::Pe(const PeServices& services, int id)
    : services_(services),
      id_(id),
      tcm_(services.engine, services.config.pe.tcm.size.in_bytes(), id),
      regfile_(services.engine, UINT64_MAX / 4, id),
      regfile_capacity_(services.config.pe.regfile.size.in_bytes()),
      tcm_ports_(tcm_port_bytes_per_cycle(services.config.pe.tcm) *
                 services.config.clock.frequency.in_hz()) {
  const HwConfig& cfg = services.config;
  if (cfg.pe.l1.size.in_bytes() != 0) {
    CacheConfig l1{};
    l1.enabled = true;
    l1.size = cfg.pe.l1.size;
    l1.line = cfg.pe.l1.line;
    l1.ways = cfg.pe.l1.ways;
    l1.sampled_sets = 0;  // small: every set
    l1_ = std::make_unique<Cache>(l1);
  }
  for (std::size_t k = 0; k < kEngineKinds; ++k) {
    queues_[k] = std::make_unique<sim::Store<CommandPtr>>(services.engine, cfg.pe.cpu.queue_depth);
  }
  register_stats(services.stats);
  for (std::uint64_t i = 0; i < cfg.pe.dma.engines; ++i) {
    engine_loop(EngineKind::dma, static_cast<int>(i)).named(fmt::format("pe{}.dma{}", id, i));
  }
  engine_loop(EngineKind::gemm, 0).named(fmt::format("pe{}.gemm", id));
  engine_loop(EngineKind::math, 0).named(fmt::format("pe{}.math", id));
}

void Pe::register_stats(trace::StatSet& st) {
  for (std::size_t k = 0; k < kEngineKinds; ++k) {
    const std::string base = fmt::format("pe{}.{}", id_, kEngineNames[k]);
    stats_[k].busy = &st.counter(base + ".busy", trace::StatUnit::ps,
                                 "time the engine(s) were occupied, summed over units");
    stats_[k].commands =
        &st.counter(base + ".commands", trace::StatUnit::commands, "commands completed");
    stats_[k].bytes = &st.counter(base + ".bytes", trace::StatUnit::bytes,
                                  "bytes moved (DMA) or touched in TCM (compute)");
    stats_[k].flops = &st.counter(base + ".flops", trace::StatUnit::flop, "flop computed");
    stats_[k].wait = &st.accumulator(base + ".queue_wait", trace::StatUnit::ps,
                                     "time from issue to start, per command");
  }
  cpu_busy_ = &st.counter(fmt::format("pe{}.cpu.busy", id_), trace::StatUnit::ps,
                          "time the control CPU spent issuing commands and scalar work");
  st.formula(fmt::format("pe{}.tcm.peak", id_), trace::StatUnit::bytes,
             "most TCM bytes held at once", [this] { return static_cast<double>(tcm_.peak()); });
  st.formula(fmt::format("pe{}.tcm_ports.busy", id_), trace::StatUnit::ps,
             "time the TCM ports served the engines' traffic",
             [this] { return static_cast<double>(tcm_ports_.busy()); });
}

void Pe::submit_when_ready(CommandPtr cmd, sim::Tick issue_at) {
  sim::Engine& e = engine();
  auto* p = new (e.pool().allocate(sizeof(Parked))) Parked;
  p->pe = this;
  p->cmd = std::move(cmd);
  p->issue_at = issue_at;
  p->next_parked = parked_;
  if (parked_ != nullptr) parked_->prev_parked = p;
  parked_ = p;
  p->sim::Node::fire = &Pe::parked_fire;
  e.schedule(static_cast<sim::Node*>(p), 0, sim::Priority::urgent);
}

void Pe::advance(Parked* p) {
  sim::Engine& e = engine();
  auto& deps = p->cmd->deps;
  while (p->next_dep < deps.size()) {
    Completion& d = deps[p->next_dep++];
    if (d.processed()) continue;
    p->wake = &Pe::parked_wake;
    d.state().waiters().push_back(p);
    return;
  }
  if (p->issue_at > e.now()) {
    const sim::Tick delay = p->issue_at - e.now();
    p->issue_at = e.now();  // woken at the issue time, it goes on to the queue
    e.schedule(static_cast<sim::Node*>(p), delay);
    return;
  }
  // Issued now (t_issue = now), as submit() would.
  stamp_queue(*p->cmd);
  p->cmd->t_issue = e.now();
  auto& queue = *queues_[static_cast<std::size_t>(engine_for(p->cmd->kind))];
  p->wake = &Pe::parked_queued;
  if (queue.put_or_queue(p->cmd, p)) end_parked(p);  // else parked_queued ends it
}

void Pe::end_parked(Parked* p) {
  sim::Engine& e = engine();
  if (p->prev_parked != nullptr) {
    p->prev_parked->next_parked = p->next_parked;
  } else {
    parked_ = p->next_parked;
  }
  if (p->next_parked != nullptr) p->next_parked->prev_parked = p->prev_parked;
  p->~Parked();
  e.pool().deallocate(p, sizeof(Parked));
}

void Pe::parked_fire(sim::Engine& /*e*/, sim::Node* n) {
  auto* p = static_cast<Parked*>(n);
  p->pe->advance(p);
}

void Pe::parked_wake(sim::Engine& /*e*/, sim::Waiter* w) {
  auto* p = static_cast<Parked*>(static_cast<sim::Store<CommandPtr>::PutWaiter*>(w));
  p->pe->advance(p);
}

void Pe::parked_queued(sim::Engine& /*e*/, sim::Waiter* w) {
  auto* p = static_cast<Parked*>(static_cast<sim::Store<CommandPtr>::PutWaiter*>(w));
  p->pe->end_parked(p);
}

void Pe::stamp_queue(Command& c) {
  c.t_queue = engine().now();
  c.queue_seq = services_.order.next_queue_seq();
}

sim::Tick Pe::dma_end(const Command& c, sim::Tick start, sim::Tick& occupied) {
  if (c.staged) return start;  // an earlier prefetch brought the data
  const HwConfig& cfg = services_.config;
  const bool via_l1 = c.kind == CommandKind::dma_read && !c.bypass_l1 && l1_ != nullptr;
  if (via_l1 && l1_hits(c)) return l1_hit_end(c, start + ticks(cfg.pe.l1.hit_cycles));
  const DmaCost cost = dma_cost(cfg.pe.dma, c.pattern);
  occupied = ticks(cost.cycles);
  const sim::Tick mem_start = start + ticks(cfg.pe.dma.setup_cycles);
  const sim::Tick end = std::max(start + occupied, services_.memory.transfer(c, id_, mem_start));
  if (via_l1) l1_fills_.push_back({pattern_bounds(c.pattern), end});
  return end;
}

sim::Tick Pe::l1_hit_end(const Command& c, sim::Tick hit_end) {
  const sim::Tick now = engine().now();
  std::erase_if(l1_fills_, [now](const L1Fill& f) { return f.end <= now; });
  // Lines installed by a fill still in flight arrive with it.
  const ByteRange range = pattern_bounds(c.pattern);
  for (const L1Fill& f : l1_fills_) {
    if (f.range.overlaps(range)) hit_end = std::max(hit_end, f.end);
  }
  return hit_end;
}

bool Pe::l1_hits(const Command& c) {
  std::uint64_t wanted = 0;
  std::uint64_t hit = 0;
  const auto none = [](std::uint64_t) {};
  if (const auto* run = std::get_if<Contiguous>(&c.pattern)) {
    wanted = run->bytes;
    hit = l1_->access(run->addr, run->bytes, none);
  } else if (const auto* tile = std::get_if<Strided2D>(&c.pattern)) {
    wanted = tile->rows * tile->row_bytes;
    hit = l1_->access_rows(tile->addr, tile->row_bytes, tile->rows, tile->stride, none);
  } else {
    return false;  // gathers go to the memory side
  }
  return wanted != 0 && hit == wanted;
}

sim::Tick Pe::reserve_cpu(sim::Tick t, std::uint64_t cycles) {
  const sim::Tick start = std::max(t, cpu_free_);
  const sim::Tick d = ticks(cycles);
  cpu_free_ = start + d;
  cpu_busy_->add(d);
  return cpu_free_;
}

void Pe::prefetch_next(const sim::Store<CommandPtr>& queue) const {
  // The next commands of this queue are taken after this one; 132 PEs'
  // commands do not fit the host's caches. Fetch the one after next, and
  // the dependency states of the next (fetched itself one take ago).
  const CommandPtr* next = queue.peek(0);
  if (next == nullptr) return;
  for (const Completion& d : (*next)->deps) d.prefetch();
  if (const CommandPtr* after = queue.peek(1)) {
    const char* p = reinterpret_cast<const char*>(after->get());
    for (std::size_t off = 0; off < kCommandHotBytes; off += 64) __builtin_prefetch(p + off);
  }
}

Pe::Timing Pe::time_command(const Command& c, EngineKind kind, sim::Tick start, ComputeMemo& last) {
  const HwConfig& cfg = services_.config;
  Timing t{start, 0, 0};
  switch (c.kind) {
    case CommandKind::dma_read:
    case CommandKind::dma_write:
      t.end = dma_end(c, start, t.occupied);
      break;
    case CommandKind::math:
    case CommandKind::reduce:
    case CommandKind::composite:
      if (cfg.pe.math.pipelined) {
        std::tie(t.end, t.pipe_busy) = pipe_end(c, start);
        t.occupied = ticks(1);  // issued to its pipes; they work on
        break;
      }
      [[fallthrough]];
    case CommandKind::gemm:
      // Kernels repeat their tile shapes: the last shape's cost is kept.
      if (!last.valid || !last.same_work(c)) last = ComputeMemo::of(c, compute_ticks(c));
      t.occupied = last.ticks;
      t.end = start + t.occupied;
      break;
    case CommandKind::barrier:
      break;
  }
  // The command's TCM traffic shares the TCM ports with the other engines.
  const std::uint64_t port_bytes =
      c.spill_bytes + (kind != EngineKind::math || cfg.pe.math.tcm_operands ? c.tcm_bytes : 0);
  if (port_bytes > 0) t.end = std::max(t.end, tcm_ports_.reserve(start, port_bytes));
  // A GEMM or blocking math engine is held until its TCM traffic is done
  // too; a DMA engine or pipelined math moves on after its own occupancy
  // (the transfer or the pipes complete later).
  t.async = kind == EngineKind::dma || (kind == EngineKind::math && cfg.pe.math.pipelined);
  if (!t.async) t.occupied = t.end - start;
  const auto k = static_cast<std::size_t>(kind);
  stats_[k].busy->add(kind == EngineKind::math && t.async ? t.pipe_busy : t.occupied);
  stats_[k].wait->sample(start - c.t_issue);
  return t;
}

sim::Process<> Pe::engine_loop(EngineKind kind, int index) {
  sim::Engine& env = engine();
  auto& queue = *queues_[static_cast<std::size_t>(kind)];
  const std::uint64_t max_outstanding = services_.config.pe.dma.max_outstanding;
  std::vector<sim::Tick> ends;  // sorted completion times of descriptors in flight
  ComputeMemo last;
  for (;;) {
    CommandPtr cmd = co_await queue.get();
    prefetch_next(queue);
    for (Completion& d : cmd->deps) {
      if (!d.processed()) co_await d;
    }
    const bool in_turn = cmd->turn != kNoTurn;  // a replay in the recorded order
    if (in_turn && !services_.order.has_turn(cmd->turn)) [[unlikely]] {
      sim::Event<> turn = services_.order.wait_turn(cmd->turn);
      co_await turn;
    }
    cmd->start_seq = services_.order.next_start_seq();
    // A command queued ahead of its issue time (the issuing program runs up
    // to a quantum ahead of the engine) starts no earlier than that time.
    const sim::Tick start = std::max(env.now(), cmd->t_issue);
    const Timing t = time_command(*cmd, kind, start, last);
    if (in_turn) services_.order.pass_turn();
    if (t.async && t.end > start + t.occupied) {
      // The transfer completes on the memory side; the engine moves on after
      // its own occupancy, keeping at most max_outstanding in flight.
      ends.insert(std::upper_bound(ends.begin(), ends.end(), t.end), t.end);
      finish_at(std::move(cmd), start, t.end, kind, index);
      co_await env.timeout(start + t.occupied - env.now());
      ends.erase(ends.begin(), std::upper_bound(ends.begin(), ends.end(), env.now()));
      if (kind == EngineKind::dma && ends.size() >= max_outstanding) {
        co_await env.timeout(ends.front() - env.now());
        ends.erase(ends.begin());
      }
      continue;
    }
    if (t.end > env.now()) co_await env.timeout(t.end - env.now());
    complete(*cmd, start, kind, index);
  }
}

sim::Tick Pe::compute_ticks(const Command& c) const {
  const HwConfig& cfg = services_.config;
  switch (c.kind) {
    case CommandKind::gemm:
      return ticks(gemm_cycles(cfg.pe.gemm, c.gemm, c.precision).cycles);
    case CommandKind::math:
      return ticks(math_cycles(cfg.pe.math, c.math_op, c.precision, c.elements));
    case CommandKind::reduce:
      return ticks(reduce_cycles(cfg.pe.math, c.reduce_op, c.precision, c.elements));
    case CommandKind::composite: {
      std::uint64_t cycles = 0;
      for (MathOp op : c.parts) cycles += math_cycles(cfg.pe.math, op, c.precision, c.elements);
      return ticks(cycles);
    }
    default:
      return 0;
  }
}

std::pair<sim::Tick, sim::Tick> Pe::pipe_end(const Command& c, sim::Tick start) {
  const MathConfig& math = services_.config.pe.math;
  const PipeWork w = c.kind == CommandKind::reduce
                         ? reduce_pipe_work(math, c.precision, c.elements)
                         : math_pipe_work(math,
                                          c.kind == CommandKind::composite
                                              ? std::span<const MathOp>(c.parts)
                                              : std::span<const MathOp>(&c.math_op, 1),
                                          c.precision, c.elements);
  sim::Tick last = start;
  // The engine's busy time is its busiest pipe's: count what this command
  // adds to that maximum.
  const sim::Tick before = *std::max_element(pipe_total_.begin(), pipe_total_.end());
  for (std::size_t p = 0; p < w.busy.size(); ++p) {
    if (w.busy[p] == 0) continue;
    const sim::Tick busy = ticks(w.busy[p]);
    pipe_free_[p] = std::max(start, pipe_free_[p]) + busy;
    pipe_total_[p] += busy;
    last = std::max(last, pipe_free_[p]);
  }
  return {last + ticks(w.latency),
          *std::max_element(pipe_total_.begin(), pipe_total_.end()) - before};
}

void Pe::finish_at(CommandPtr cmd, sim::Tick start, sim::Tick end, EngineKind kind, int index) {
  // A plain calendar node (no process): one event per in-flight descriptor.
  // Nodes are recycled through the PE's free list.
  InFlight* f = spare_;
  if (f != nullptr) {
    spare_ = f->next_in_flight;
  } else {
    f = new InFlight;
    f->pe = this;
    f->fire = [](sim::Engine&, sim::Node* n) {
      auto* self = static_cast<InFlight*>(n);
      Pe* pe = self->pe;
      (self->prev_in_flight ? self->prev_in_flight->next_in_flight : pe->in_flight_) =
          self->next_in_flight;
      if (self->next_in_flight) self->next_in_flight->prev_in_flight = self->prev_in_flight;
      // Back to the free list however complete() ends.
      struct Recycle {
        InFlight* node;
        ~Recycle() {
          node->cmd.reset();
          node->next_in_flight = node->pe->spare_;
          node->pe->spare_ = node;
        }
      } recycle{self};
      pe->complete(*self->cmd, self->start, self->kind, self->index);
    };
  }
  f->cmd = std::move(cmd);
  f->start = start;
  f->kind = kind;
  f->index = index;
  f->prev_in_flight = nullptr;
  f->next_in_flight = in_flight_;
  if (in_flight_ != nullptr) in_flight_->prev_in_flight = f;
  in_flight_ = f;
  engine().schedule(f, end - engine().now(), sim::Priority::normal);
}

Pe::~Pe() {
  // Commands a teardown left parked: their waiters leave the lists they wait
  // in (the queues and the events still exist), their commands are freed.
  while (parked_ != nullptr) end_parked(parked_);
  // Descriptors still in flight when the simulation is torn down, and the
  // recycled nodes.
  for (InFlight* list : {in_flight_, spare_}) {
    while (list != nullptr) {
      InFlight* next = list->next_in_flight;
      delete list;
      list = next;
    }
  }
}

void Pe::complete(Command& c, sim::Tick start, EngineKind kind, int index) {
  sim::Engine& env = engine();
  const auto k = static_cast<std::size_t>(kind);
  stats_[k].commands->add();
  stats_[k].bytes->add(c.bytes);
  stats_[k].flops->add(c.flops);
  c.t_start = start;
  trace::OpId id = kNoRecord;
  trace::OpLog* log = services_.log;
  if (log != nullptr && log->wants(trace::TraceLevel::commands)) [[unlikely]] {
    id = log_command(*log, c, start, env.now(), id_, kind, index);
  }
  c.record = id;
  if (c.effect) c.effect(c);
  c.holds.clear();
  c.done.succeed(id);
}

}  // namespace kernbench::hw
