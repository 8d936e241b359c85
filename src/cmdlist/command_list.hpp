#pragma once
/// @file command_list.hpp
/// A command list: the memory a run needs, the per-PE hardware commands it
/// executes and the outputs it checks, as parsed from a file
/// (docs/command-list.md). Plain data; parse.hpp builds it, executor.hpp
/// runs it.
///
/// Units: addresses, offsets and TCM addresses in bytes; shapes, strides and
/// GEMM sizes in elements. Every entry keeps the file and line it came from,
/// so later errors (a PE the hardware lacks, a TCM range past its end) can
/// name them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/dtype.hpp"
#include "data/shape.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/core/command.hpp"
#include "hw/models/math_cost.hpp"
#include "trace/op_record.hpp"

namespace kernbench::cmdlist {

/// Where an entry was written: "file:line".
struct SourceLoc {
  std::string file;
  int line = 0;
  std::string to_string() const { return file + ":" + std::to_string(line); }
};

/// A global-memory allocation and its initial contents.
struct AllocSpec {
  SourceLoc at;
  std::string name;
  data::DType dtype = data::DType::f32;
  data::Shape shape;
  enum class Init { zeros, npy, random, value };
  Init init = Init::zeros;
  std::string npy;         ///< Init::npy: path, relative paths resolved against the list's folder
  std::uint64_t seed = 0;  ///< Init::random: uniform in [low, high)
  double low = -1.0;
  double high = 1.0;
  double value = 0.0;  ///< Init::value
};

/// An output compared with a reference after the run.
struct VerifySpec {
  SourceLoc at;
  std::string alloc;  ///< an AllocSpec name
  std::string npy;    ///< the reference (same shape; any numeric dtype)
  std::optional<double> atol;
  std::optional<double> rtol;
};

enum class CommandOp : std::uint8_t { dma_read, dma_write, gemm, math, barrier };

/// One operand of a recorded command, as the op log lists it.
struct RecordedOperand {
  std::vector<std::uint64_t> shape;  ///< elements, outermost first
  std::uint8_t dtype = 0;            ///< the data layer's dtype code
};

/// A command as the hardware model executed it: an op-log record with its
/// `hw` description (docs/trace-format.md). Replayed exactly: it enters its
/// engine queue at `t_queue`, in `queue_seq` order, with issue time
/// `t_issue`, and its engine computes its timing in `start_seq` order; it
/// carries no data effect (the op log has no TCM addresses).
struct RecordedCommand {
  hw::CommandKind kind = hw::CommandKind::barrier;
  trace::Unit unit = trace::Unit::cpu;  ///< checked against the kind's engine
  std::int64_t program = trace::kNoProgram;
  std::uint64_t t_issue = 0, t_queue = 0, queue_seq = 0;  ///< ps; order
  std::uint64_t start_seq = 0;  ///< the order in which engines took commands
  std::uint64_t bytes = 0, flops = 0, tcm_bytes = 0, spill_bytes = 0;
  // DMA: the memory-side pattern (bytes and byte addresses).
  enum class Pattern : std::uint8_t { contiguous, strided, gather };
  Pattern pattern = Pattern::contiguous;
  std::uint64_t addr = 0, run_bytes = 0, rows = 0, row_bytes = 0, stride = 0, elem_bytes = 0;
  std::vector<std::uint64_t> addrs;  ///< gather
  std::int32_t remote_pe = -1;
  bool staged = false;
  bool bypass_l1 = false;
  // Gemm, Math, Reduce, Composite.
  hw::Precision precision = hw::Precision::f32;
  std::uint64_t m = 0, n = 0, k = 0, elements = 0;
  hw::MathOp math_op = hw::MathOp::add;
  hw::ReduceOp reduce_op = hw::ReduceOp::sum;
  std::vector<hw::MathOp> parts;
  // What the op log shows about it (copied to the replayed record).
  std::vector<RecordedOperand> operands;
  bool changes_memory = false;
  bool has_result = false;
  bool keep_dims = false;
  std::uint8_t acc_dtype = trace::kNoDType;
  std::int8_t axis = trace::kNoAxis;
};

/// The math ops a command list may name.
enum class MathKind : std::uint8_t { unary, binary, reduce };

struct CommandSpec {
  SourceLoc at;
  std::int64_t id = 0;  ///< unique; deps name earlier ids
  int pe = 0;
  CommandOp op = CommandOp::barrier;
  std::string name;  ///< display name; default: the op
  std::vector<std::int64_t> deps;
  /// Not before [ps]: the PE's control CPU issues the command no earlier.
  std::optional<std::uint64_t> issue;
  /// Set for an op-log record (then `op` is its engine's kind and the fields
  /// below are unused).
  std::optional<RecordedCommand> recorded;

  // DmaRead (memory -> TCM) and DmaWrite (TCM -> memory).
  std::string mem;  ///< allocation name
  std::uint64_t mem_offset = 0;
  std::vector<std::int64_t> mem_strides;  ///< per dimension; default row-major
  std::uint64_t tcm_addr = 0;             ///< the tile, contiguous, row-major

  // DMA and Math: the tile's shape and element dtype.
  data::Shape shape;
  data::DType dtype = data::DType::f32;

  // Gemm: C[M,N] = A[M,K] B[K,N] (+ acc[M,N]), inputs in `dtype`.
  std::uint64_t m = 0, n = 0, k = 0;
  std::uint64_t a = 0, b = 0, c = 0;  ///< TCM addresses
  std::optional<std::uint64_t> acc;
  data::DType out_dtype = data::DType::f32;

  // Math.
  std::string math_op;  ///< e.g. "exp", "add", "sum"
  MathKind math_kind = MathKind::unary;
  std::vector<std::uint64_t> inputs;  ///< TCM addresses (1 or 2)
  std::uint64_t out = 0;              ///< TCM address of the result
  std::optional<int> axis;            ///< reductions; none: every element
  bool keep_dims = false;
};

struct CommandList {
  std::string file;
  std::vector<AllocSpec> allocs;
  std::vector<CommandSpec> commands;  ///< in file order
  std::vector<VerifySpec> verifies;
};

}  // namespace kernbench::cmdlist
