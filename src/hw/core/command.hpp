#pragma once
/// @file command.hpp
/// A hardware command: one unit of work a PE's control CPU issues to one of
/// its engines (DMA, GEMM, math), with the completions it waits for, the TCM
/// buffers it keeps alive while it runs, and (in data mode) the data effect
/// applied when it completes.
///
/// Timing contract: a command starts when it is at the head of its engine's
/// queue, an engine is free, and every dependency has completed; its duration
/// comes from the unit's timing model (docs/hardware-model.md); its `done`
/// event is processed at t_end carrying its op-log record id (or kNoRecord).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "hw/config/hw_config.hpp"
#include "hw/models/dma_cost.hpp"
#include "hw/models/math_cost.hpp"
#include "hw/models/systolic.hpp"
#include "hw/tcm/tcm.hpp"
#include "sim/event.hpp"
#include "trace/op_log.hpp"
#include "trace/op_record.hpp"

namespace kernbench::hw {

/// Record id carried by a completion when the op log is off.
inline constexpr trace::OpId kNoRecord = ~trace::OpId{0};

/// Command::turn of a command that is not replayed in a recorded order.
inline constexpr std::uint64_t kNoTurn = ~std::uint64_t{0};

/// The completion of a command, as seen by the values it produced.
using Completion = sim::Event<trace::OpId>;

enum class CommandKind : std::uint8_t {
  dma_read,   ///< memory (HBM through cache and fabric, or a remote TCM) -> TCM
  dma_write,  ///< TCM -> memory
  gemm,       ///< matrix multiply-accumulate on the GEMM engine
  math,       ///< elementwise op on the math engine
  reduce,     ///< reduction on the math engine
  composite,  ///< several math ops executed back to back as one command
  barrier,    ///< waits for its dependencies; no data movement
};

/// Which engine queue of a PE executes a kind of command.
enum class EngineKind : std::uint8_t { dma, gemm, math };
inline constexpr std::size_t kEngineKinds = 3;

EngineKind engine_for(CommandKind k);
trace::OpKind op_kind(CommandKind k);
trace::Unit trace_unit(EngineKind e);

/// One operand's shape and dtype, for the op log. A command's operands are its
/// inputs in order, then its result (when `Command::has_result`).
struct OperandInfo {
  /// Dimensions, outermost first (inline up to rank 4: no allocation).
  boost::container::small_vector<std::uint64_t, 4> shape;
  std::uint8_t dtype = 0;
};

/// The kind's name as the op log's `hw` description spells it ("DmaRead",
/// "Reduce", "Composite", ...), and its inverse (nullopt for another name).
std::string_view to_string(CommandKind k);
std::optional<CommandKind> parse_command_kind(std::string_view name);

/// Fields are laid out hottest first: an engine reads the first ones when it
/// takes the command (up to `t_start`) and completes it with those up to
/// `effect`; the op log's and the composite's fields come last.
struct Command {
  CommandKind kind = CommandKind::barrier;
  Precision precision = Precision::f32;
  MathOp math_op = MathOp::add;
  ReduceOp reduce_op = ReduceOp::sum;
  bool changes_memory = false;  ///< writes device memory (the data_op flag)
  /// DmaRead whose data an earlier prefetch (a dependency) already staged in
  /// the TCM: no memory traffic, no engine time.
  bool staged = false;
  /// DmaRead that does not look up the per-PE cache (an asynchronous copy
  /// into the TCM, as cp.async.cg).
  bool bypass_l1 = false;
  std::int32_t remote_pe = -1;  ///< DMA from a remote PE's TCM when >= 0
  sim::Tick t_issue = 0;
  /// Producers this command waits for (inline up to three, the common case).
  boost::container::small_vector<Completion, 3> deps;
  Completion done;  ///< processed at t_end with the record id

  // DMA: the memory-side access pattern (addresses of device memory), or a
  // remote PE's TCM when remote_pe >= 0.
  AccessPattern pattern = Contiguous{0, 0};
  GemmShape gemm{0, 0, 0};
  std::uint64_t elements = 0;  ///< Math / Reduce / Composite elements

  std::uint64_t bytes = 0;  ///< bytes moved (DMA) or touched (compute)
  /// Bytes crossing the TCM ports: the tile a DMA moves, a GEMM's A and B,
  /// a math command's operands and result (charged only when
  /// pe.math.tcm_operands; otherwise math works in a register file).
  std::uint64_t tcm_bytes = 0;
  /// Register-file spill traffic of the result (bytes stored and loaded back
  /// through the TCM's SRAM, where a GPU's L1 and shared memory live); always
  /// charged on the TCM ports.
  std::uint64_t spill_bytes = 0;
  std::uint64_t flops = 0;
  sim::Tick t_start = 0;           ///< set when the command starts
  trace::OpId record = kNoRecord;  ///< set at completion when the op log is on

  std::vector<TcmBuffer> holds;  ///< buffers kept alive until completion
  /// Data mode: applied at completion, after t_start and record are set.
  std::function<void(const Command&)> effect;

  std::vector<MathOp> parts;                ///< Composite: the ops run back to back
  std::vector<std::uint64_t> gather_addrs;  ///< storage behind a Gather pattern
  trace::NameId name = 0;
  std::int64_t program = trace::kNoProgram;
  /// Op log only (filled when the log records commands; empty otherwise).
  std::vector<OperandInfo> operands;
  /// Op log: the dtype code a GEMM accumulates in (trace::kNoDType: none),
  /// the axis a reduction reduced (trace::kNoAxis: none or every axis),
  /// whether it kept that axis, and whether the last operand is the result.
  std::uint8_t acc_dtype = trace::kNoDType;
  std::int8_t axis = trace::kNoAxis;
  bool keep_dims = false;
  bool has_result = false;
  /// When the command entered its engine queue or began to wait for room
  /// in it [ps], and its place (0, 1, 2, ...) in the chip-wide order of
  /// those events (set by Pe; the op log's `hw` description carries both so
  /// a replay enqueues identically).
  sim::Tick t_queue = 0;
  std::uint64_t queue_seq = 0;
  /// Its place in the chip-wide order in which engines took commands and
  /// computed their timing (set by Pe when it does).
  std::uint64_t start_seq = 0;
  /// A replayed command's rank in the recorded start order (kNoTurn: none):
  /// its engine computes its timing only after every lower rank's
  /// (IssueOrder::wait_turn), so shared state evolves in the recorded order.
  std::uint64_t turn = kNoTurn;
};

/// The op-log record of `c`, completed on `pe`'s engine `unit`/`index` after
/// running from `start` to `end` [ps], appended to `log`; returns its id.
/// Keeps, of the producers `c` waited on, the kMaxDeps that finished last
/// (those held it back). Attaches the command's hardware description
/// (command_desc.hpp) to the record.
trace::OpId log_command(trace::OpLog& log, const Command& c, sim::Tick start, sim::Tick end, int pe,
                        EngineKind kind, int index);

using CommandPtr = std::unique_ptr<Command>;

}  // namespace kernbench::hw
