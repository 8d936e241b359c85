#pragma once
/// @file program.hpp
/// `Program`: the context of one kernel program (one grid point), and the
/// language's operations. A kernel is an ordinary C++ function whose first
/// parameter is `Program& tl`, so its body reads like Triton:
///
///   void add_kernel(Program& tl, Ptr x_ptr, Ptr y_ptr, Ptr out_ptr,
///                   std::int64_t n, std::int64_t BLOCK_SIZE) {
///     auto pid = tl.program_id(0);
///     auto offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE);
///     auto mask = offsets < n;
///     auto x = tl.load(x_ptr + offsets, mask);
///     auto y = tl.load(y_ptr + offsets, mask);
///     tl.store(out_ptr + offsets, x + y, mask);
///   }
///
/// Issue model (docs/adr/0050-kernel-programs-as-fibers.md): each operation
/// on device tiles becomes one command on the program's PE and the program
/// goes on issuing; it blocks only when it needs a value (`item()`, `if (x)`,
/// an atomic's result), when an engine queue or the TCM is full, or at
/// `debug_barrier()`. Index arithmetic, pointer tiles, masks and constants are
/// computed by the program itself and cost CPU cycles, not engine time.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/dot.hpp"
#include "data/elementwise.hpp"
#include "data/memory_store.hpp"
#include "data/reduce.hpp"
#include "hw/core/command.hpp"
#include "hw/models/dma_cost.hpp"
#include "hw/tcm/tcm.hpp"
#include "tl/access.hpp"
#include "tl/block_ptr.hpp"
#include "tl/data_env.hpp"
#include "tl/effect_desc.hpp"
#include "tl/pipeline.hpp"
#include "tl/tensor.hpp"

namespace kernbench::hw {
class Pe;
}  // namespace kernbench::hw

namespace kernbench::tl {

class Runner;
class Fiber;

/// Grid extents (Triton's grid): programs along axes 0, 1, 2.
struct Grid {
  std::int64_t x = 1;
  std::int64_t y = 1;
  std::int64_t z = 1;
  std::int64_t size() const { return x * y * z; }
};

/// Integer ceiling division, as triton.cdiv.
constexpr std::int64_t cdiv(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

/// Launch options of a kernel (Triton's `num_warps`, `num_stages`).
struct LaunchOptions {
  int num_warps = 4;   ///< warps per program: its threads are num_warps x pe.warp_size
  int num_stages = 3;  ///< software-pipelining stages of the loops (tl.range may override)
};

class Program;

/// `for (auto k : tl.range(0, n, 1, 3))`: a counted loop. On an in-order
/// (GPU-class) PE a loop with two or more stages (`num_stages`, or the
/// launch's when 0) is software-pipelined (tl/pipeline.hpp); elsewhere the
/// hint changes nothing (buffering is governed by the TCM). The range opens
/// its loop's window when created and closes it when destroyed, so it lives
/// exactly as long as the range-for statement.
class Range {
 public:
  Range(Program* prog, std::int64_t first, std::int64_t last, std::int64_t step)
      : prog_(prog), first_(first), last_(last), step_(step) {}
  Range(const Range&) = delete;
  Range& operator=(const Range&) = delete;
  ~Range();

  struct It {
    Program* prog;
    std::int64_t v, step;
    std::int64_t operator*() const { return v; }
    It& operator++();
    bool operator!=(const It& o) const { return step > 0 ? v < o.v : v > o.v; }
  };
  It begin() const { return {prog_, first_, step_}; }
  It end() const { return {prog_, last_, step_}; }

 private:
  Program* prog_;
  std::int64_t first_, last_, step_;
};

class Program {
 public:
  Program(Runner& runner, hw::Pe& pe, std::int64_t linear_id, const Grid& grid);
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  ~Program();

  // ---- programming model ----------------------------------------------
  std::int64_t program_id(int axis) const;
  std::int64_t num_programs(int axis) const;
  std::int64_t linear_id() const { return linear_id_; }
  static std::int64_t cdiv(std::int64_t a, std::int64_t b) { return tl::cdiv(a, b); }
  Range range(std::int64_t start, std::int64_t end, std::int64_t step = 1, int num_stages = 0);
  /// True in data mode (values exist), false in timing-only mode.
  bool has_values() const;

  // ---- creation and shape ------------------------------------------------
  Tensor arange(std::int64_t start, std::int64_t end);
  Tensor full(const data::Shape& shape, double value, data::DType dtype);
  Tensor zeros(const data::Shape& shape, data::DType dtype = data::DType::f32);
  Tensor zeros_like(const Tensor& t);
  Tensor cast(const Tensor& t, data::DType dtype);
  Tensor expand_dims(const Tensor& t, int axis);
  Tensor broadcast_to(const Tensor& t, const data::Shape& shape);
  Tensor trans(const Tensor& t);
  Tensor reshape(const Tensor& t, const data::Shape& shape);
  /// A scalar constant tensor (Triton's weakly typed Python scalars).
  Tensor scalar(double v, data::DType dtype);

  // ---- memory -----------------------------------------------------------
  Tensor load(const Tensor& ptrs, const std::optional<Tensor>& mask = std::nullopt,
              const std::optional<Tensor>& other = std::nullopt);
  Tensor load(Ptr p);
  void store(const Tensor& ptrs, const Tensor& value,
             const std::optional<Tensor>& mask = std::nullopt);
  void store(Ptr p, const Tensor& value);
  /// Block pointers (make_block_ptr / advance / boundary_check / padding).
  BlockPtr make_block_ptr(Ptr base, std::vector<std::int64_t> shape,
                          std::vector<std::int64_t> strides, std::vector<std::int64_t> offsets,
                          std::vector<std::int64_t> block_shape, std::vector<int> order = {});
  BlockPtr advance(const BlockPtr& p, std::vector<std::int64_t> offsets) const;
  Tensor load(const BlockPtr& p, std::vector<int> boundary_check = {},
              Padding padding = Padding::zero);
  void store(const BlockPtr& p, const Tensor& value, std::vector<int> boundary_check = {});
  /// Tensor descriptors: a global tensor with shape and strides, accessed by
  /// tile offsets (bounds always checked, out-of-range reads give 0).
  TensorDescriptor make_tensor_descriptor(Ptr base, std::vector<std::int64_t> shape,
                                          std::vector<std::int64_t> strides,
                                          std::vector<std::int64_t> block_shape);
  Tensor load(const TensorDescriptor& d, std::vector<std::int64_t> offsets);
  void store(const TensorDescriptor& d, std::vector<std::int64_t> offsets, const Tensor& value);

  // ---- elementwise -------------------------------------------------------
  Tensor binary(data::BinOp op, const Tensor& a, const Tensor& b);
  /// `t op v` (or `v op t` when `scalar_first`) for a C++ scalar `v` typed
  /// weakly against `t` (as weak_scalar()); the same result as binary() on
  /// weak_scalar(v, is_int, t), without a tensor for the scalar.
  Tensor binary_scalar(data::BinOp op, const Tensor& t, double v, bool is_int, bool scalar_first);
  Tensor unary(data::UnOp op, const Tensor& a);
  Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
  Tensor maximum(const Tensor& a, const Tensor& b) { return binary(data::BinOp::max, a, b); }
  Tensor minimum(const Tensor& a, const Tensor& b) { return binary(data::BinOp::min, a, b); }
  Tensor exp(const Tensor& a) { return unary(data::UnOp::exp, a); }
  Tensor exp2(const Tensor& a) { return unary(data::UnOp::exp2, a); }
  Tensor log(const Tensor& a) { return unary(data::UnOp::log, a); }
  Tensor log2(const Tensor& a) { return unary(data::UnOp::log2, a); }
  Tensor sqrt(const Tensor& a) { return unary(data::UnOp::sqrt, a); }
  Tensor rsqrt(const Tensor& a) { return unary(data::UnOp::rsqrt, a); }
  Tensor abs(const Tensor& a) { return unary(data::UnOp::abs, a); }
  Tensor sigmoid(const Tensor& a) { return unary(data::UnOp::sigmoid, a); }
  Tensor cos(const Tensor& a) { return unary(data::UnOp::cos, a); }
  Tensor sin(const Tensor& a) { return unary(data::UnOp::sin, a); }
  Tensor fma(const Tensor& a, const Tensor& b, const Tensor& c);
  Tensor clamp(const Tensor& x, const Tensor& lo, const Tensor& hi);

  // ---- reductions --------------------------------------------------------
  Tensor reduce(data::RedOp op, const Tensor& a, std::optional<int> axis, bool keep_dims);
  Tensor sum(const Tensor& a, std::optional<int> axis = std::nullopt, bool keep_dims = false) {
    return reduce(data::RedOp::sum, a, axis, keep_dims);
  }
  Tensor max(const Tensor& a, std::optional<int> axis = std::nullopt, bool keep_dims = false) {
    return reduce(data::RedOp::max, a, axis, keep_dims);
  }
  Tensor min(const Tensor& a, std::optional<int> axis = std::nullopt, bool keep_dims = false) {
    return reduce(data::RedOp::min, a, axis, keep_dims);
  }
  Tensor argmax(const Tensor& a, int axis, bool keep_dims = false) {
    return reduce(data::RedOp::argmax, a, axis, keep_dims);
  }
  Tensor argmin(const Tensor& a, int axis, bool keep_dims = false) {
    return reduce(data::RedOp::argmin, a, axis, keep_dims);
  }

  // ---- matrix ------------------------------------------------------------
  Tensor dot(const Tensor& a, const Tensor& b, const std::optional<Tensor>& acc = std::nullopt,
             std::optional<data::DType> out_dtype = std::nullopt,
             data::DotPrecision input_precision = data::DotPrecision::ieee);

  // ---- atomics -----------------------------------------------------------
  Tensor atomic_add(const Tensor& ptrs, const Tensor& val,
                    const std::optional<Tensor>& mask = std::nullopt);
  Tensor atomic_max(const Tensor& ptrs, const Tensor& val,
                    const std::optional<Tensor>& mask = std::nullopt);
  Tensor atomic_min(const Tensor& ptrs, const Tensor& val,
                    const std::optional<Tensor>& mask = std::nullopt);
  Tensor atomic_xchg(const Tensor& ptrs, const Tensor& val,
                     const std::optional<Tensor>& mask = std::nullopt);
  Tensor atomic_cas(const Tensor& ptrs, const Tensor& cmp, const Tensor& val);
  /// Scalar-pointer forms (a lock word, a counter).
  Tensor atomic_add(Ptr p, double val);
  Tensor atomic_xchg(Ptr p, double val);
  Tensor atomic_cas(Ptr p, double cmp, double val);
  /// Waits until every command this program issued has completed.
  void debug_barrier();

  // ---- used by Tensor and the runner --------------------------------------
  /// Values of a tensor in the live run (data mode; device tiles must be ready).
  data::Array value_of(const Tensor::State& s);
  /// Blocks the program until `s` is ready (device tiles).
  void wait_ready(const Tensor::State& s);
  Tensor make_host(HostValue v, bool pointer = false, data::DType pointee = data::DType::f32);
  /// A tensor from a C++ scalar with Triton's weak typing against `like`.
  Tensor weak_scalar(double v, bool is_int, const Tensor& like);
  /// The value weak_scalar() wraps.
  HostValue weak_scalar_value(double v, bool is_int, const Tensor& like) const;
  /// Describes the program for messages: "program 5 (5, 0, 0) on PE 1".
  std::string where() const;

  /// A data effect: computes the output value (or applies a store) in an
  /// environment (the live run's or the replay's).
  using Compute = std::function<data::Array(DataEnv&)>;

  // The pending request to the driver (runner.cpp).
  struct Request {
    enum class Kind : std::uint8_t { none, submit, tcm_alloc, wait } kind = Kind::none;
    sim::Tick at = 0;
    hw::CommandPtr cmd;
    std::uint64_t bytes = 0;
    hw::TcmBuffer* out = nullptr;
    hw::Completion wait;
    const char* op = "";
    /// A Wait of an in-order issue for an operand (latency), not for a value
    /// the program reads.
    bool operand = false;
  };
  Request& request() { return req_; }
  void attach(Fiber* f) { fiber_ = f; }
  /// The fiber running this program (nullptr before the runner attaches
  /// one): a front end sets its switch hooks from inside the kernel.
  Fiber* fiber() const { return fiber_; }
  /// The tally of TCM bytes this program holds (set by the runner).
  void set_tcm_usage(hw::TcmUsage* u) { usage_ = u; }
  hw::TcmUsage* tcm_usage() const { return usage_; }
  /// The tally of register-file bytes this program holds (GPU-class PEs).
  void set_regfile_usage(hw::TcmUsage* u) { rf_usage_ = u; }
  /// Loop windows (Range): opened by range(), advanced per iteration, closed
  /// when the range is destroyed.
  void loop_next_iteration();
  void loop_close();
  /// On an in-order PE, tells the runner this program's tile footprint once
  /// it is representative: at its first stall outside a loop, at the end of
  /// its first loop iteration, or when a loop closes (whichever comes first);
  /// the PE may then admit more programs on that estimate.
  void note_footprint();
  /// True inside a loop of more than one iteration (a one-trip loop is
  /// straight-line code).
  bool in_loop() const {
    return std::any_of(loops_.begin(), loops_.end(),
                       [](const LoopPipeline& l) { return l.trips() > 1; });
  }
  /// True inside any loop, one of a single trip included.
  bool in_any_loop() const { return !loops_.empty(); }
  /// Register-file bytes live between this program's operations, at most so
  /// far and at most its register limit (the footprint occupancy is
  /// computed from; spilled bytes are not in the register file).
  std::uint64_t register_footprint() const;
  /// Every command issued and perhaps not complete (barriers, atomics wait on them).
  const std::vector<hw::Completion>& outstanding() const { return outstanding_; }
  /// The commands the program's retirement waits for: all but posted stores.
  const std::vector<hw::Completion>& to_retire() const { return retire_; }
  const char* current_op() const { return op_; }

 private:
  friend class Tensor;
  friend class Runner;
  hw::Pe& pe() const { return *pe_; }
  Runner& runner() const { return *runner_; }
  /// An operand the program holds itself (not a device tile): its value and
  /// what kind of tensor it is.
  struct HostArg {
    const HostValue& value;
    bool pointer;
    data::DType pointee;
    data::DType dtype;
  };
  static HostArg host_arg(const Tensor& t) {
    const Tensor::State& s = t.state();
    return {s.host, s.pointer, s.pointee, s.dtype};
  }
  /// binary() of two host operands.
  Tensor host_binary(data::BinOp op, const HostArg& a, const HostArg& b);
  /// Throws unless `op` is pointer + integer offsets or pointer - offsets.
  void check_pointer_arith(data::BinOp op, bool a_is_pointer, const HostArg& offsets) const;
  /// Charges CPU cycles to this program's local time.
  void cpu(std::uint64_t cycles);
  void yield(Request r);
  /// Issues a command producing a device tile (nullptr shape: no output).
  /// `desc` describes the effect for the op log (empty unless the runner
  /// records effects: describe()).
  Tensor issue(hw::CommandPtr cmd, const data::Shape* out_shape, data::DType out_dtype,
               std::initializer_list<const Tensor*> inputs, Compute compute, EffectDesc desc,
               std::shared_ptr<const std::vector<std::uint64_t>> writes = nullptr,
               std::uint64_t elem_bytes = 0);
  void submit(hw::CommandPtr cmd);
  /// True when the runner records data effects for the op log.
  bool describing() const;
  /// In-order issue: waits for the command's device operands (not for a
  /// load, nor for a dot inside a pipelined loop).
  void wait_in_order(const hw::Command& cmd, std::initializer_list<const Tensor*> inputs,
                     bool window);
  /// Adds a device operand to `cmd`: its dependency, the TCM buffer it holds,
  /// its shape for the op log.
  void add_input(hw::Command& cmd, const Tensor::State& s);
  /// The result tile's storage: a prefetch's staged buffer, registers, or the
  /// TCM (waiting for room).
  hw::TcmBuffer allocate_result(hw::Command& cmd, std::uint64_t bytes, bool window);
  /// Makes a load or store of this program wait for its earlier stores to
  /// overlapping bytes, so it sees its own writes whatever path each takes.
  void order_after_own_stores(hw::Command& cmd);
  /// Blocks until `c` has completed (`operand`: an in-order issue's wait).
  void wait_for(const hw::Completion& c, bool operand);
  /// In-order issue: blocks until a device operand is ready.
  void wait_operand(const Tensor::State& s);
  /// Inside a pipelined loop: serves a load from its prefetch when one
  /// staged it (returns the staged buffer; marks the load staged), else
  /// allocates its `bytes` of TCM (waiting for room); then prefetches the
  /// load's stream for the next iterations (tl/pipeline.hpp).
  hw::TcmBuffer stage_load(hw::Command& load, LoopPipeline::Site& site, std::uint64_t bytes);
  /// TCM for a result, waiting for room.
  hw::TcmBuffer allocate_tcm(std::uint64_t bytes);
  /// The buffer of a load that no prefetch staged: TCM (waiting for room),
  /// or the register file when the program's own TCM leaves no room for it
  /// or the tile is larger than the whole TCM.
  hw::TcmBuffer staging_buffer(hw::Command& load, std::uint64_t bytes);
  /// A register-file buffer for `cmd`'s result; what exceeds the program's
  /// register limit is charged to `cmd` as a spill (stored, loaded back).
  hw::TcmBuffer register_buffer(hw::Command& cmd, std::uint64_t bytes);
  /// The site's ring slot for a prefetch of `bytes` for `iteration`: the
  /// buffer of iteration - S, with the prefetch made to wait for that
  /// iteration's readers; invalid while the ring is still filling.
  hw::TcmBuffer ring_buffer(const LoopPipeline::Site& site, std::uint64_t iteration,
                            std::uint64_t bytes, hw::Command& prefetch);
  /// Issues a prefetch of `like`'s pattern moved by `step` bytes, for
  /// `iteration`; false when the TCM has no room for its staging buffer.
  bool prefetch(LoopPipeline::Site& site, std::int64_t step, std::uint64_t iteration,
                const hw::Command& like);
  /// True inside a software-pipelined loop's window.
  bool in_window() const;
  /// Whether a command's result tile lives in the register file.
  bool in_regfile(hw::CommandKind kind, bool window) const;
  /// Register bytes this program may hold: num_warps x warp_size x per_thread.
  std::uint64_t register_limit() const;
  /// Records the register bytes live now (between operations).
  void sample_registers();
  /// Bytes of a new register tile beyond this program's register limit.
  std::uint64_t spill_of(std::uint64_t bytes) const;
  hw::CommandPtr command(hw::CommandKind kind, const char* name);
  Tensor view(const Tensor& src, data::Shape shape, std::function<data::Array(data::Array)> fn,
              ViewStep step);
  Tensor atomic(data::AtomicOp op, const Tensor& ptrs, const Tensor& val,
                const std::optional<Tensor>& mask, const std::optional<Tensor>& cmp);
  /// A memory op's lanes: pointer and mask values, the DMA pattern (bounds
  /// checked, CPU cycles charged).
  struct Lanes {
    HostValue ptr;
    std::optional<HostValue> mask;
    Access acc;
    data::DType elem_t = data::DType::f32;
    std::uint64_t elem = 0;
  };
  Lanes lanes_of(const Tensor& ptrs, const std::optional<Tensor>& mask);
  /// A DMA command for the lanes (takes the gather addresses).
  hw::CommandPtr dma_command(hw::CommandKind kind, Lanes& l);
  /// Data mode: the lanes' addresses and mask as arrays (and, with replay, the
  /// addresses written).
  struct LaneArrays {
    std::shared_ptr<std::vector<std::uint64_t>> addrs;
    std::shared_ptr<data::Array> mask;
    std::shared_ptr<const std::vector<std::uint64_t>> writes;
  };
  LaneArrays lane_arrays(const Lanes& l) const;
  Tensor mem_access(bool write, const Tensor& ptrs, const Tensor* value,
                    const std::optional<Tensor>& mask, const std::optional<Tensor>& other);
  HostValue host_of(const Tensor& t, const char* op);

  Runner* runner_;
  hw::Pe* pe_;
  std::int64_t linear_id_;
  Grid grid_;
  std::int64_t ids_[3];
  Fiber* fiber_ = nullptr;
  hw::TcmUsage* usage_ = nullptr;
  hw::TcmUsage* rf_usage_ = nullptr;
  std::vector<LoopPipeline> loops_;  // open range loops, innermost last
  std::vector<hw::Completion> due_;  // loop_next_iteration(): what to wait for (storage reused)
  bool footprint_noted_ = false;
  struct PendingStore {
    hw::ByteRange range;
    hw::Completion done;
  };
  std::vector<PendingStore> stores_;  // this program's stores not yet complete
  std::uint64_t rf_between_ops_ = 0;
  sim::Tick local_ = 0;
  Request req_;
  std::vector<hw::Completion> outstanding_;
  std::vector<hw::Completion> retire_;
  const char* op_ = "";
};

// Operators: Triton's arithmetic on tensors and C++ scalars.
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator%(const Tensor& a, const Tensor& b);
Tensor operator<(const Tensor& a, const Tensor& b);
Tensor operator<=(const Tensor& a, const Tensor& b);
Tensor operator>(const Tensor& a, const Tensor& b);
Tensor operator>=(const Tensor& a, const Tensor& b);
Tensor operator==(const Tensor& a, const Tensor& b);
Tensor operator!=(const Tensor& a, const Tensor& b);
Tensor operator&(const Tensor& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Tensor& b);
Tensor operator<<(const Tensor& a, const Tensor& b);
Tensor operator>>(const Tensor& a, const Tensor& b);
Tensor operator&&(const Tensor& a, const Tensor& b);
Tensor operator||(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a);
Tensor operator~(const Tensor& a);
Tensor operator!(const Tensor& a);

#define KERNBENCH_TL_SCALAR_OPS(OP)                    \
  Tensor operator OP(const Tensor& a, std::int64_t b); \
  Tensor operator OP(std::int64_t a, const Tensor& b); \
  Tensor operator OP(const Tensor& a, int b);          \
  Tensor operator OP(int a, const Tensor& b);          \
  Tensor operator OP(const Tensor& a, double b);       \
  Tensor operator OP(double a, const Tensor& b);
KERNBENCH_TL_SCALAR_OPS(+)
KERNBENCH_TL_SCALAR_OPS(-)
KERNBENCH_TL_SCALAR_OPS(*)
KERNBENCH_TL_SCALAR_OPS(/)
KERNBENCH_TL_SCALAR_OPS(%)
KERNBENCH_TL_SCALAR_OPS(<)
KERNBENCH_TL_SCALAR_OPS(<=)
KERNBENCH_TL_SCALAR_OPS(>)
KERNBENCH_TL_SCALAR_OPS(>=)
KERNBENCH_TL_SCALAR_OPS(==)
KERNBENCH_TL_SCALAR_OPS(!=)
KERNBENCH_TL_SCALAR_OPS(&)
KERNBENCH_TL_SCALAR_OPS(|)
#undef KERNBENCH_TL_SCALAR_OPS

/// Pointer arithmetic: a scalar pointer plus an offset tile (in elements).
Tensor operator+(Ptr p, const Tensor& offsets);
Tensor operator+(const Tensor& offsets, Ptr p);

}  // namespace kernbench::tl

namespace kernbench::tl {
/// Compound assignment, as in `a_ptrs += BLOCK_SIZE_K * stride_ak`.
template <class T>
Tensor& operator+=(Tensor& a, const T& b) {
  a = a + b;
  return a;
}
template <class T>
Tensor& operator-=(Tensor& a, const T& b) {
  a = a - b;
  return a;
}
template <class T>
Tensor& operator*=(Tensor& a, const T& b) {
  a = a * b;
  return a;
}
}  // namespace kernbench::tl
