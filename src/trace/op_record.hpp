#pragma once
/// \file
/// OpRecord: one executed hardware command (or, at the `transactions` trace
/// level, one memory/fabric transaction), as stored in the op log.
///
/// Contract
/// - Plain data: trivially copyable, standard layout, fixed size (160 bytes,
///   checked below), no owning members. Strings are interned in the owning
///   OpLog's StringTable and referenced by NameId.
/// - Time fields are picoseconds (std::uint64_t) on the simulation clock, with
///   t_issue <= t_start <= t_end (OpLog::append checks this).
/// - Byte counts and addresses are in bytes; flops counts floating-point
///   operations (a multiply-add counts as 2).
/// - Up to kMaxOperands operand shapes of rank <= kMaxRank and up to kMaxDeps
///   producer ids are stored inline; see docs/adr/0030-compact-op-record.md for
///   why the record is 160 bytes rather than 128. A record with more operands
///   or a higher rank keeps all its operands out of line, in its OpLog
///   (OpLog::add_operand, OpLog::shape; flag kOperandsOutOfLine,
///   docs/adr/0034-trace-operands-out-of-line.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace kernbench::trace {

/// Identifier of a record inside one OpLog: its append index (0, 1, 2, ...).
using OpId = std::uint64_t;
/// Identifier of an interned string inside one OpLog's StringTable. 0 is "".
using NameId = std::uint32_t;

/// Hardware unit that executed the record. PE-local units are cpu, dma, gemm,
/// math and tcm; chip-level units (pe == kChipLevel) are fabric, hbm, cache and
/// host.
enum class Unit : std::uint8_t { cpu, dma, gemm, math, tcm, fabric, hbm, cache, host };
inline constexpr std::size_t kUnitCount = 9;

/// What the record did.
enum class OpKind : std::uint8_t {
  DmaRead,      ///< DMA from memory (HBM / cache / remote TCM) into a TCM tile.
  DmaWrite,     ///< DMA from a TCM tile to memory.
  Gemm,         ///< Matrix multiply(-accumulate) on the GEMM engine.
  Math,         ///< Element-wise / reduction work on the math (vector) engine.
  Composite,    ///< A fused command spanning several engines.
  Barrier,      ///< Synchronisation point (no data movement).
  FabricXfer,   ///< One transfer over an on-chip fabric link.
  HbmAccess,    ///< One HBM channel transaction.
  CacheAccess,  ///< One shared-cache lookup / fill (not written by the simulator).
  Launch,       ///< A program launched on a PE context (not written by the simulator).
};
inline constexpr std::size_t kOpKindCount = 10;

/// Lower-case unit name as used in traces ("cpu", "dma", ..., "host").
std::string_view to_string(Unit unit) noexcept;
/// Kind name as spelled in the enum ("DmaRead", ..., "Launch").
std::string_view to_string(OpKind kind) noexcept;
/// Inverse of to_string(Unit); std::nullopt for an unknown name.
std::optional<Unit> parse_unit(std::string_view name) noexcept;
/// Inverse of to_string(OpKind); std::nullopt for an unknown name.
std::optional<OpKind> parse_op_kind(std::string_view name) noexcept;

/// pe value of records produced by chip-level units (fabric, hbm, cache, host).
inline constexpr std::int32_t kChipLevel = -1;
/// program value of records not attributable to one linear program id.
inline constexpr std::int64_t kNoProgram = -1;
/// acc_dtype value of records that do not accumulate.
inline constexpr std::uint8_t kNoDType = 0xFF;
/// axis value of records that do not reduce along one axis (elementwise ops,
/// or a reduction over every element).
inline constexpr std::int8_t kNoAxis = -1;

/// Bits of OpRecord::flags.
enum OpFlag : std::uint8_t {
  kKeepDims = 1,           ///< a reduction kept the reduced axis (size 1)
  kHasResult = 2,          ///< the last operand is the command's result
  kOperandsOutOfLine = 4,  ///< operands live in the OpLog (dims holds the offset)
};

struct OpRecord {
  static constexpr std::size_t kMaxOperands = 3;
  static constexpr std::size_t kMaxRank = 4;
  static constexpr std::size_t kMaxDeps = 4;

  // --- 8-byte fields -------------------------------------------------------
  /// Unique per log, assigned by OpLog::append (any value set before is
  /// overwritten). Equals the append index.
  OpId id = 0;
  /// Linear program (grid block) id that issued the command, or kNoProgram.
  std::int64_t program = kNoProgram;
  /// When the command was issued to its engine queue [ps].
  std::uint64_t t_issue = 0;
  /// When the engine started executing it (all deps satisfied) [ps].
  std::uint64_t t_start = 0;
  /// When it completed [ps]. Duration is t_end - t_start.
  std::uint64_t t_end = 0;
  /// Source byte address (global memory or TCM address space), 0 if none.
  std::uint64_t src_addr = 0;
  /// Destination byte address, 0 if none.
  std::uint64_t dst_addr = 0;
  /// Bytes moved (DMA, fabric, HBM, cache) or touched (compute) [bytes].
  std::uint64_t bytes = 0;
  /// Floating-point operations performed [flop]; a multiply-add counts 2.
  std::uint64_t flops = 0;

  // --- 4-byte fields -------------------------------------------------------
  /// Ids of producer records this one waited on (flow arrows in traces).
  /// Stored as 32 bits: an OpLog never holds more than 2^32 - 1 records.
  /// Only the first num_deps entries are meaningful.
  std::array<std::uint32_t, kMaxDeps> deps{};
  /// Operand dimensions (outermost first), in elements. Only the first
  /// rank[i] entries of dims[i] are meaningful, for i < num_operands.
  std::array<std::array<std::uint32_t, kMaxRank>, kMaxOperands> dims{};
  /// Processing element index, or kChipLevel for chip-level units.
  std::int32_t pe = kChipLevel;
  /// Interned display name (e.g. "load a", "dot"); 0 means "" (exporters then
  /// fall back to the kind name).
  NameId name = 0;

  // --- small fields --------------------------------------------------------
  /// Which instance of the unit: DMA engine, HBM channel, fabric link, ...
  std::uint16_t unit_index = 0;
  /// Unit that executed the record.
  Unit unit = Unit::cpu;
  /// What the record did.
  OpKind kind = OpKind::Barrier;
  /// Rank (0..kMaxRank) of each operand; 0 is a scalar.
  std::array<std::uint8_t, kMaxOperands> rank{};
  /// Element dtype code of each operand. The code space belongs to the data
  /// layer; the trace layer stores and prints it without interpreting it.
  std::array<std::uint8_t, kMaxOperands> dtype{};
  /// Number of operand shapes stored (0..kMaxOperands).
  std::uint8_t num_operands = 0;
  /// Number of producer ids stored in deps (0..kMaxDeps).
  std::uint8_t num_deps = 0;
  /// True when the command wrote simulated memory (global memory or TCM).
  bool changes_memory = false;
  /// Element dtype code a GEMM accumulates in, or kNoDType.
  std::uint8_t acc_dtype = kNoDType;
  /// Axis a reduction reduced, or kNoAxis (see flags & kKeepDims).
  std::int8_t axis = kNoAxis;
  /// OpFlag bits.
  std::uint8_t flags = 0;

  /// t_end - t_start [ps].
  [[nodiscard]] constexpr std::uint64_t duration() const noexcept { return t_end - t_start; }
  /// t_start - t_issue: time spent queued / waiting for producers [ps].
  [[nodiscard]] constexpr std::uint64_t wait() const noexcept { return t_start - t_issue; }

  /// Appends a producer id. Throws std::logic_error when kMaxDeps are already
  /// stored or the id does not fit 32 bits (callers with more producers keep
  /// the kMaxDeps that finished last: those are the ones that gated t_start).
  void add_dep(OpId producer);

  /// Appends an operand shape (dims outermost first, at most kMaxRank) with its
  /// dtype code, inline. Throws std::logic_error when kMaxOperands are already
  /// stored, the rank exceeds kMaxRank, a dimension does not fit 32 bits or
  /// the operands are out of line. OpLog::add_operand takes any count and rank.
  void add_operand(std::span<const std::uint64_t> shape, std::uint8_t dtype_code);
  void add_operand(std::initializer_list<std::uint64_t> shape, std::uint8_t dtype_code) {
    add_operand(std::span<const std::uint64_t>(shape.begin(), shape.size()), dtype_code);
  }

  /// True when the operands are stored in the owning OpLog (read them with
  /// OpLog::shape / OpLog::dtype; shape(i) and dtype[i] are then meaningless).
  [[nodiscard]] constexpr bool operands_out_of_line() const noexcept {
    return (flags & kOperandsOutOfLine) != 0;
  }
  /// Dimensions of inline operand i (i < num_operands), rank[i] entries long.
  /// For any record, OpLog::shape(record, i).
  [[nodiscard]] std::span<const std::uint32_t> shape(std::size_t i) const noexcept {
    return {dims[i].data(), rank[i]};
  }
  /// Producer ids actually stored.
  [[nodiscard]] std::span<const std::uint32_t> dep_ids() const noexcept {
    return {deps.data(), num_deps};
  }
};

static_assert(std::is_trivially_copyable_v<OpRecord>);
static_assert(std::is_standard_layout_v<OpRecord>);
static_assert(sizeof(OpRecord) == 160, "OpRecord layout changed: update ADR 0030 and the docs");
static_assert(alignof(OpRecord) == 8);

}  // namespace kernbench::trace
