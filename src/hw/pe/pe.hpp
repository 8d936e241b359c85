#pragma once
/// @file pe.hpp
/// A processing element: a control CPU that issues commands, one in-order
/// queue per engine kind (DMA, GEMM, math) of `pe.cpu.queue_depth` commands,
/// `pe.dma.engines` DMA engines sharing the DMA queue, one GEMM and one math
/// engine, and a TCM.
///
/// Timing contract (docs/hardware-model.md):
/// - CPU: issuing a command costs `issue_cycles`, scalar work
///   `scalar_op_cycles` per op; the CPU serves its programs FIFO.
/// - An engine takes the next command of its queue when free, waits for the
///   command's dependencies, then is occupied for the command's engine time.
///   A DMA engine may have `max_outstanding` descriptors in flight: it moves on
///   after its own occupancy (setup + bursts at its data-path width) while the
///   memory side (cache, HBM, fabric) completes the transfer.
/// - GEMM: `gemm_cycles` (SCALE-Sim Total Cycles, per-precision rate); math:
///   `math_cycles` / `reduce_cycles`.
/// - TCM ports: a command's TCM traffic (`Command::tcm_bytes`: the tile a DMA
///   writes or reads, a GEMM's A and B operands, a math command's operands and
///   result) is served FIFO by the TCM's ports at banks x bank_width x ports
///   bytes per cycle, shared by the engines; the command completes no
///   earlier. With pe.math.tcm_operands false the math engine works in a
///   register file and is not charged. Register spills (`Command::spill_bytes`)
///   are always charged.
/// - Loads outside pipelined loops (not `staged`, not prefetches) look up the
///   per-PE cache (pe.l1) when there is one: a descriptor whose lines all
///   hit completes pe.l1.hit_cycles after its start plus its TCM-port time
///   (the cache shares the TCM's SRAM), without touching the memory side.
/// - Math with pe.math.pipelined: the engine issues a command in one cycle to
///   its op class's pipe (simple, transcendental, divsqrt), which is busy for
///   the command's throughput cycles (FIFO); the result is ready the class's
///   latency later. Without it, the engine is busy for latency + throughput.
///
/// A PE reaches the rest of the chip only through its PeServices
/// (pe_services.hpp): engine, configuration, clock, issue order, memory path,
/// op log and statistics.

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "hw/cache/cache.hpp"
#include "hw/core/bandwidth_server.hpp"
#include "hw/core/command.hpp"
#include "hw/pe/pe_services.hpp"
#include "hw/tcm/tcm.hpp"
#include "sim/process.hpp"
#include "sim/store.hpp"
#include "trace/stats.hpp"

namespace kernbench::hw {

class Pe {
 public:
  /// Builds PE `id` on the chip's `services` (copied; what they refer to
  /// must outlive the PE) and starts its engines' processes.
  Pe(const PeServices& services, int id);
  Pe(const Pe&) = delete;
  Pe& operator=(const Pe&) = delete;
  ~Pe();

  sim::Engine& engine() const { return services_.engine; }
  int id() const { return id_; }
  Tcm& tcm() { return tcm_; }
  /// The register file's occupancy (GPU-class PEs): allocations never block
  /// (a program's excess spills, tl::Program charges it); capacity() of this
  /// tally is unbounded, regfile_capacity() is the configured size (0: none).
  Tcm& regfile() { return regfile_; }
  std::uint64_t regfile_capacity() const { return regfile_capacity_; }
  /// The TCM's ports, shared by the engines (bytes/s = banks x width x ports x clock).
  const BandwidthServer& tcm_ports() const { return tcm_ports_; }

  /// Reserves the CPU for `cycles` from `t` (FIFO); returns when it is done.
  sim::Tick reserve_cpu(sim::Tick t, std::uint64_t cycles);

  /// Awaitable: as submit_issued (below), for a command stamp_queue() has
  /// stamped already (a replay stamps a command that must wait for room when
  /// it finds the queue full, so places follow the recorded order).
  auto put_stamped(CommandPtr cmd, sim::Tick issue_at) {
    cmd->t_issue = issue_at;
    return queues_[static_cast<std::size_t>(engine_for(cmd->kind))]->put(std::move(cmd));
  }
  /// Awaitable: enqueues `cmd` on its engine's queue, waiting while it is
  /// full, with issue time `issue_at`: the engine will not start it earlier.
  /// Stamps t_queue (now) and the command's place in the chip's queue order
  /// when called. A replay of an op log enqueues recorded commands this way,
  /// with their recorded issue times.
  auto submit_issued(CommandPtr cmd, sim::Tick issue_at) {
    stamp_queue(*cmd);
    return put_stamped(std::move(cmd), issue_at);
  }
  /// Sets the command's t_queue (now) and its place in the chip's queue order.
  void stamp_queue(Command& c);
  /// As submit_issued, issued now (t_issue = now).
  auto submit(CommandPtr cmd) { return submit_issued(std::move(cmd), engine().now()); }
  /// Enqueues `cmd` without waiting if its queue has room; `issue_at` (>= now)
  /// is when the issuing CPU finishes it: the engine will not start it
  /// earlier. Returns false (cmd untouched) when the queue is full.
  bool try_submit(CommandPtr& cmd, sim::Tick issue_at) {
    cmd->t_issue = issue_at;
    Command& c = *cmd;  // owned by the queue once put (its engine resumes later)
    if (!queues_[static_cast<std::size_t>(engine_for(c.kind))]->try_put(cmd)) return false;
    stamp_queue(c);  // only a command that entered takes a place
    return true;
  }
  /// Enqueues `cmd` once its dependencies have completed and `issue_at` has
  /// come (dependency-resolved dispatch, as a GPU's warp schedulers pick
  /// ready warps): its engine never waits for it while a ready command of
  /// another program queues behind it.
  void submit_when_ready(CommandPtr cmd, sim::Tick issue_at);
  /// Commands waiting in the queue of an engine kind.
  std::size_t queued(EngineKind k) const { return queues_[static_cast<std::size_t>(k)]->size(); }

 private:
  /// The PE's figures, registered in the services' StatSet (the only way they
  /// leave the PE): pe{N}.{dma,gemm,math}.{busy,commands,bytes,flops,
  /// queue_wait}, pe{N}.cpu.busy, pe{N}.tcm.peak, pe{N}.tcm_ports.busy.
  struct EngineStats {
    trace::Counter* busy;      ///< ps the engine was occupied
    trace::Counter* commands;  ///< commands completed
    trace::Counter* bytes;     ///< bytes moved / touched
    trace::Counter* flops;     ///< flop computed
    trace::Accumulator* wait;  ///< ps from issue to start
  };
  void register_stats(trace::StatSet& st);
  sim::Process<> engine_loop(EngineKind kind, int index);
  /// A command of submit_when_ready until it enters its queue. It is driven
  /// by callbacks, not a coroutine: its node starts it (urgent, at the tick
  /// of the call, as a process would start), its waiter waits for each
  /// dependency in turn and then for room in the queue, and its node wakes
  /// it at the issue time. The PE keeps the live ones in a list so that its
  /// destructor releases those a teardown leaves parked.
  struct Parked : sim::Node, sim::Store<CommandPtr>::PutWaiter {
    Pe* pe = nullptr;
    CommandPtr cmd;
    sim::Tick issue_at = 0;
    std::size_t next_dep = 0;  ///< the first dependency not yet waited for
    Parked* prev_parked = nullptr;
    Parked* next_parked = nullptr;
  };
  /// Moves `p` on until it must wait, or into its queue (then ends it).
  void advance(Parked* p);
  /// Unlinks `p` from the list and whatever it waits in, and frees it.
  void end_parked(Parked* p);
  static void parked_fire(sim::Engine& e, sim::Node* n);
  static void parked_wake(sim::Engine& e, sim::Waiter* w);
  static void parked_queued(sim::Engine& e, sim::Waiter* w);
  /// The per-PE cache (pe.l1): true when every line of a load's pattern hits
  /// (missing lines are installed; the load then goes to the memory side).
  bool l1_hits(const Command& c);
  /// When a DMA command's transfer completes (staged load, L1 hit, or the
  /// memory side); sets `occupied` to the engine's own time.
  sim::Tick dma_end(const Command& c, sim::Tick start, sim::Tick& occupied);
  /// When an L1 hit's data is there: `hit_end`, or later if a fill of its
  /// lines is still in flight.
  sim::Tick l1_hit_end(const Command& c, sim::Tick hit_end);
  struct InFlight : sim::Node {
    Pe* pe = nullptr;
    InFlight* prev_in_flight = nullptr;  // intrusive list of the PE's in-flight descriptors
    InFlight* next_in_flight = nullptr;
    CommandPtr cmd;
    sim::Tick start = 0;
    EngineKind kind = EngineKind::dma;
    int index = 0;
  };
  /// Engine time of a GEMM, math, reduce or composite command (ps).
  sim::Tick compute_ticks(const Command& c) const;
  /// The last compute command's work and engine time: a command doing the
  /// same work costs the same.
  struct ComputeMemo {
    bool valid = false;
    CommandKind kind = CommandKind::barrier;
    Precision precision = Precision::f32;
    MathOp math_op = MathOp::add;
    ReduceOp reduce_op = ReduceOp::sum;
    GemmShape gemm{0, 0, 0};
    std::uint64_t elements = 0;
    sim::Tick ticks = 0;
    static ComputeMemo of(const Command& c, sim::Tick t) {
      return {true, c.kind, c.precision, c.math_op, c.reduce_op, c.gemm, c.elements, t};
    }
    /// Composite commands are never matched (their parts are not kept).
    bool same_work(const Command& c) const {
      return c.kind == kind && c.kind != CommandKind::composite && c.precision == precision &&
             c.math_op == math_op && c.reduce_op == reduce_op && c.gemm.m == gemm.m &&
             c.gemm.n == gemm.n && c.gemm.k == gemm.k && c.elements == elements;
    }
  };
  /// One command's timing on its engine, from `start` [ps].
  struct Timing {
    sim::Tick end;        ///< when its result is there
    sim::Tick occupied;   ///< how long it holds its engine
    sim::Tick pipe_busy;  ///< pipelined math: what it adds to the busiest pipe
    bool async = false;   ///< the engine moves on before `end` (DMA, pipelined math)
  };
  /// Times `c` on engine `kind` from `start` (reserving the TCM ports and,
  /// for pipelined math, its pipes) and records the engine's statistics.
  /// `last` memoises the previous compute command's cost.
  Timing time_command(const Command& c, EngineKind kind, sim::Tick start, ComputeMemo& last);
  /// Brings the queue's next commands into the host's cache.
  void prefetch_next(const sim::Store<CommandPtr>& queue) const;
  /// Pipelined math: reserves the command's pipes from `start`. Returns when
  /// its result is ready and what it adds to the busiest pipe's busy time
  /// (the math engine's busy time).
  std::pair<sim::Tick, sim::Tick> pipe_end(const Command& c, sim::Tick start);
  /// Completes `cmd` at `end` without holding its engine.
  void finish_at(CommandPtr cmd, sim::Tick start, sim::Tick end, EngineKind kind, int index);
  void complete(Command& c, sim::Tick start, EngineKind kind, int index);

  /// Duration in ps of `cycles` cycles of the chip clock.
  sim::Tick ticks(std::uint64_t cycles) const { return services_.clock.to_ticks(cycles); }

  PeServices services_;
  int id_;
  Tcm tcm_;
  Tcm regfile_;
  std::unique_ptr<Cache> l1_;  // null without pe.l1
  struct L1Fill {
    ByteRange range;
    sim::Tick end;
  };
  std::vector<L1Fill> l1_fills_;  // loads filling the L1, until their data arrives
  std::uint64_t regfile_capacity_;
  BandwidthServer tcm_ports_;
  sim::Tick cpu_free_ = 0;
  std::array<sim::Tick, 3> pipe_free_{};   // pipelined math: each op class's pipe frees
  std::array<sim::Tick, 3> pipe_total_{};  // busy time per pipe
  std::array<std::unique_ptr<sim::Store<CommandPtr>>, kEngineKinds> queues_;
  Parked* parked_ = nullptr;  // commands of submit_when_ready not yet queued
  std::array<EngineStats, kEngineKinds> stats_{};
  trace::Counter* cpu_busy_ = nullptr;
  InFlight* in_flight_ = nullptr;
  InFlight* spare_ = nullptr;  // recycled nodes (linked through next_in_flight)
};

}  // namespace kernbench::hw
