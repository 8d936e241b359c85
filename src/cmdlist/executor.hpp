#pragma once
/// @file executor.hpp
/// Runs a command list on the hardware model: every command becomes one
/// hw::Command on its PE, with the timing of a kernel's commands; in data
/// mode its data effect is applied when it completes.
///
/// Timing contract (docs/command-list.md):
/// - The run starts at t = 0. Each PE's control CPU issues that PE's commands
///   in file order, `pe.cpu.issue_cycles` each, into its engine queues
///   (waiting while a queue is full), exactly as a kernel's commands are.
/// - A command starts when its engine is free and every command named in its
///   `deps` (on any PE) has completed. Engines, TCM ports, HBM, fabric and
///   caches are the same models a kernel runs on.
/// - Barrier: a command on the PE's math queue that does nothing but wait for
///   its deps; later commands wait for it when they name it.
///
/// Data contract (data mode): global memory holds the allocations (initial
/// contents from .npy, a seeded uniform fill, a value, or zeros); each PE's
/// TCM is `pe.tcm.size` bytes addressed from 0, zero at the start. Tiles in
/// the TCM are contiguous and row-major. DmaRead gathers the tile from memory
/// (mem + mem_offset + sum(index * stride) * element size) into the TCM;
/// DmaWrite scatters it back; Gemm computes C = A B (+ acc) in `out_dtype`;
/// Math applies its op (data layer semantics). Effects apply in completion
/// order.
///
/// Recorded commands (op-log records, ADR 0019): each enters its engine
/// queue at its recorded `t_queue`, in the recorded chip-wide `queue_seq`
/// order, with its recorded issue time, deps and hardware description; its
/// CPU time is not charged again and it has no data effect. Run on the
/// hardware that wrote the log, the commands start and end at the recorded
/// times (same t_start, t_end and unit for every record).
///
/// A native command with `issue` is issued by its PE's CPU no earlier than
/// that time [ps].
///
/// Errors: CommandListError "FILE:LINE: field `x`: ..." for what depends on
/// the hardware (a PE it lacks, a TCM range past pe.tcm.size, a tile outside
/// its allocation, a dtype an op does not take), found before the run.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cmdlist/command_list.hpp"
#include "cmdlist/replay_feed.hpp"
#include "data/memory_store.hpp"
#include "data/verify.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/runtime/chip.hpp"
#include "sim/engine.hpp"
#include "trace/op_log.hpp"
#include "trace/stats.hpp"

namespace kernbench::cmdlist {

/// One Verify entry's outcome.
struct OutputCheck {
  std::string output;  ///< the allocation's name
  data::VerifyResult result;
  data::Array out;  ///< as found after the run
  data::Array ref;  ///< the reference
};

struct ExecResult {
  sim::Tick end = 0;  ///< when the last command completed [ps]
  std::uint64_t commands = 0;
  std::uint64_t pes_used = 0;
  std::vector<OutputCheck> checks;  ///< data mode only, in file order
};

class Executor {
 public:
  /// Validates `list` against `cfg` (CommandListError) and sets up memory.
  /// `list` must outlive the executor (commands refer to their specs).
  Executor(const hw::HwConfig& cfg, const CommandList& list, trace::TraceLevel level,
           bool data_mode);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  ~Executor();

  /// Runs every command to completion (once) and checks the outputs.
  ExecResult run();

  trace::OpLog& log() { return log_; }
  const trace::StatSet& stats() const { return stats_; }
  hw::Chip& chip() { return *chip_; }
  const data::MemoryStore& memory() const { return memory_; }
  /// Base address of an allocation.
  std::uint64_t address_of(const std::string& alloc) const { return alloc_addr_.at(alloc); }

 private:
  void allocate_memory();
  hw::CommandPtr build(const CommandSpec& c);
  void build_dma(const CommandSpec& c, hw::Command& cmd);
  void build_gemm(const CommandSpec& c, hw::Command& cmd);
  void build_math(const CommandSpec& c, hw::Command& cmd);
  void build_recorded(const RecordedCommand& r, hw::Command& cmd);
  void check_tcm(const CommandSpec& c, const char* field, std::uint64_t addr,
                 std::uint64_t bytes) const;
  data::MemoryStore& tcm(int pe);
  std::uint64_t tcm_base(int pe) const { return tcm_base_.at(static_cast<std::size_t>(pe)); }
  std::vector<OutputCheck> verify_outputs();
  /// Throws when a command never completed (a replay whose recorded order
  /// cannot be followed on this hardware: CommandListError naming it).
  void check_all_completed() const;

  hw::HwConfig cfg_;
  const CommandList& list_;
  bool data_;
  sim::Engine engine_;
  trace::StatSet stats_;
  trace::OpLog log_;
  std::unique_ptr<hw::Chip> chip_;
  ReplayFeed feed_;  // recorded commands (op-log records)
  data::MemoryStore memory_;
  std::vector<std::unique_ptr<data::MemoryStore>> tcm_;  // per PE, created when used
  std::vector<std::uint64_t> tcm_base_;
  std::map<std::string, std::uint64_t> alloc_addr_;
  std::map<std::string, const AllocSpec*> alloc_spec_;
  std::map<std::int64_t, std::size_t> index_of_id_;
  std::vector<hw::Completion> done_;
  bool ran_ = false;
};

}  // namespace kernbench::cmdlist
