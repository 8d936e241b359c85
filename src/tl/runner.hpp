#pragma once
/// @file runner.hpp
/// `Runner`: launches kernels over a grid on a simulated chip and runs them.
///
/// Contract:
/// - One runner owns one engine, chip, device memory, op log and statistics;
///   two runners never share state (sweeps may run them on threads).
/// - Grid scheduling is dynamic, like a GPU block scheduler: every PE has
///   `pe.contexts` program contexts; after `launch.latency`, program ids are
///   handed out in order (0, 1, 2, ...) to contexts as they free up (initially
///   round-robin over PEs), each start costing `launch.dispatch_latency`. A
///   context frees up when its program has returned and every command it
///   issued has completed.
/// - Occupancy, as on GPUs: a program is admitted to a PE only while its
///   scratchpad footprint fits next to the programs already resident there.
///   The footprint is learnt: until a program of the launch has finished, a
///   PE holds one program; afterwards it holds as many as
///   floor(TCM size / largest peak TCM use of a finished program), at most
///   `pe.contexts` (docs/adr/0052-occupancy-by-tcm-footprint.md).
/// - Each resident program runs as a fiber; `load` returns real data in data
///   mode, so kernels may branch on it (docs/adr/0050).
/// - Errors inside a kernel are KernelError (naming the kernel, the program
///   and the op); programs that can no longer progress are a DeadlockError.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "data/memory_store.hpp"
#include "hw/config/hw_config.hpp"
#include "hw/runtime/chip.hpp"
#include "sim/engine.hpp"
#include "sim/event.hpp"
#include "tl/data_env.hpp"
#include "tl/fiber.hpp"
#include "tl/grid_sample.hpp"
#include "tl/program.hpp"
#include "tl/replay.hpp"
#include "trace/op_log.hpp"
#include "trace/stats.hpp"

namespace kernbench::tl {

enum class Mode : std::uint8_t { data, timing };

struct RunOptions {
  Mode mode = Mode::data;
  trace::TraceLevel trace = trace::TraceLevel::commands;
  std::size_t fiber_stack_bytes = 64 * 1024;
  /// Data mode: record every data effect for replay() (keeps every tile's
  /// value alive until the runner is destroyed).
  bool replay = false;
  /// Data mode: describe every data effect for the op log (effect_of) and
  /// keep each allocation's contents as of the first launch after it was
  /// made (initial_memory), so a run can be replayed from files
  /// (docs/adr/0038-data-effects-in-the-op-log.md).
  bool record_effects = false;
  /// A launch that has not finished after this much simulated time (ps,
  /// from the launch's start, so a launch whose duration() would be this or
  /// more) is stopped with a TimeLimitError (a program spinning forever
  /// would otherwise never return). Default: 10 s of simulated time.
  sim::Tick time_limit = 10 * sim::kPsPerS;
  /// When non-null and it becomes non-zero (a stop signal), the launch stops
  /// promptly with sim::Stopped (sim::Engine::set_stop_flag).
  const std::atomic<int>* stop = nullptr;
  /// Timing mode: simulate windows of a large grid and estimate the launch's
  /// end from them (tl/grid_sample.hpp); ignored in data mode, whose values
  /// need every program.
  SampleOptions sample{};
};

/// A tensor allocated with Runner::allocate: where it lives and what it holds.
struct AllocationInfo {
  std::string name;
  std::uint64_t base = 0;  ///< byte address
  data::Shape shape;
  data::DType dtype = data::DType::f32;
};

/// What one launch did.
struct LaunchResult {
  std::string kernel;
  Grid grid;
  sim::Tick start = 0;  ///< host launch time
  sim::Tick end = 0;    ///< last command completed (estimated when sampled)
  /// The last command of the simulated programs completed (== end unless
  /// sampled): the hardware's statistics cover [start, simulated_end).
  sim::Tick simulated_end = 0;
  std::uint64_t programs = 0;
  /// Programs simulated: `programs`, or fewer when the grid was sampled and
  /// `end` is an estimate (RunOptions::sample).
  std::uint64_t simulated_programs = 0;
  std::uint64_t commands = 0;  ///< engine commands issued (by the simulated programs)
  sim::Tick duration() const { return end - start; }
  bool sampled() const { return simulated_programs < programs; }
};

class Runner {
 public:
  using Kernel = std::function<void(Program&)>;

  Runner(const hw::HwConfig& cfg, RunOptions opts = {});
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;
  ~Runner();

  /// Runs `kernel` for every program of `grid` and returns when all are done.
  LaunchResult launch(std::string name, Grid grid, Kernel kernel, LaunchOptions options = {});
  /// The current launch's options.
  const LaunchOptions& launch_options() const { return options_; }
  /// The last launch's occupancy: programs one PE may hold and what limits
  /// it ("contexts", "threads", "registers", "shared memory (TCM)"), from the
  /// learnt footprints.
  struct Occupancy {
    std::uint64_t programs = 0;
    std::string_view limiter;
    std::uint64_t register_bytes = 0;  ///< a program's register footprint
    std::uint64_t tcm_bytes = 0;       ///< a program's TCM footprint
  };
  Occupancy occupancy() const;
  /// Programs one PE may hold by threads alone: pe.threads / (num_warps x
  /// warp_size), at least 1, at most pe.contexts.
  std::uint64_t max_resident_by_threads() const;

  // Host API for device memory.
  data::MemoryStore& memory() { return memory_; }
  /// Allocates a tensor of `shape` x `dtype` and returns a pointer to it.
  Ptr allocate(const data::Shape& shape, data::DType dtype, std::string name);
  void upload(Ptr p, const data::Array& values) { memory_.upload(p.addr, values); }
  data::Array download(Ptr p, const data::Shape& shape) const {
    return memory_.download(p.addr, shape, p.dtype);
  }

  bool data_mode() const { return opts_.mode == Mode::data; }
  bool replay_enabled() const { return opts_.replay && data_mode(); }
  bool records_effects() const { return opts_.record_effects && data_mode(); }
  /// Every allocation made with allocate(), in allocation order.
  const std::vector<AllocationInfo>& allocations() const { return allocations_; }
  /// RunOptions::record_effects: the contents of allocation i (index into
  /// allocations()) before the first launch that followed it; nullptr for an
  /// allocation no launch followed.
  const data::Array* initial_contents(std::size_t i) const {
    return i < initial_.size() && initial_[i] ? &*initial_[i] : nullptr;
  }
  /// RunOptions::record_effects: the `effect` object (JSON text) of the op
  /// log record `id`, or nullptr for a record without a data effect.
  const std::string* effect_of(trace::OpId id) const {
    const auto it = effects_.find(id);
    return it == effects_.end() ? nullptr : &it->second;
  }
  Mode mode() const { return opts_.mode; }
  const hw::HwConfig& config() const { return cfg_; }
  sim::Engine& engine() { return engine_; }
  hw::Chip& chip() { return *chip_; }
  trace::OpLog& log() { return log_; }
  trace::StatSet& stats() { return stats_; }
  /// Time programs spent blocked on one PE, by cause (ps): the
  /// pe{N}.stall.{queue,tcm,value} statistics.
  struct Stalls {
    trace::Counter* queue;    ///< an engine queue was full
    trace::Counter* tcm;      ///< the TCM was full
    trace::Counter* value;    ///< waiting for a tile's values (item, atomics, barrier)
    trace::Counter* operand;  ///< in-order issue waiting for an operand (latency)
  };
  const Stalls& stalls(std::size_t pe) const { return stalls_[pe]; }
  const std::string& kernel_name() const { return kernel_name_; }
  bool log_commands() const { return log_.wants(trace::TraceLevel::commands); }
  /// Total engine commands issued so far.
  std::uint64_t commands() const { return commands_; }
  void count_command() { ++commands_; }
  /// How far (ps) a program's issue clock may run ahead of the engine before
  /// it synchronises: 256 cycles of the chip clock.
  sim::Tick sync_quantum() const { return sync_quantum_; }

  trace::NameId name_id(const char* name);
  /// The live run's data environment (data mode).
  LiveEnv& live_env() { return live_env_; }
  /// Wraps a data effect for a command: applies it to the live run and, when
  /// replay is on, records it. `out` receives the value (nullptr for stores).
  std::function<void(const hw::Command&)> make_effect(
      Program::Compute compute, EffectDesc desc, std::shared_ptr<Tensor::State> out, const char* op,
      std::string where, std::shared_ptr<const std::vector<std::uint64_t>> writes,
      std::uint64_t elem_bytes);
  /// Replays every recorded effect in t_start order on a copy of the memory
  /// as it was before the first launch, and compares (RunOptions::replay).
  ReplayReport replay() const;
  hw::Precision precision_of(data::DType t) const;

 private:
  friend class Program;
  /// Throws KernelError for launch options or a grid out of range.
  static void check_launch(const std::string& name, const Grid& grid, const LaunchOptions& options);
  /// One program context of PE `pe`: takes the next program of the grid
  /// while the PE admits it, serves its requests, and retires it.
  sim::Process<> context_loop(hw::Pe& pe, int ctx);
  /// How long the next program waits for the block scheduler [ps]: one start
  /// per dispatch_interval, each after dispatch_latency. Takes the slot.
  sim::Tick dispatch_delay();
  /// Rethrows a program's failure as a KernelError naming the program, its
  /// source line and the tl op (kernel errors pass through unchanged).
  [[noreturn]] static void rethrow_program_error(const Program& prog,
                                                 const std::exception_ptr& error);
  /// Books a program that has ended on PE `p`: the launch's end, its posted
  /// stores, the learnt footprints, and a place freed on the PE.
  void finish_program(const Program& prog, std::size_t p, const hw::TcmUsage& usage,
                      sim::Tick started);
  /// A sampled launch: the whole grid's end, estimated from the windows
  /// (throws TimeLimitError when it reaches the time limit).
  sim::Tick sampled_end(sim::Tick start);
  /// Extends the launch's end to a posted command's completion.
  sim::Process<> drain(sim::Engine& env, hw::Completion c);
  /// Whether PE `p` may take another program now (occupancy).
  bool admits(std::size_t p) const;
  /// Learns the programs' footprints from one program's tallies; on an
  /// in-order PE also from running programs (at their first stall), and then
  /// wakes the PE's waiting contexts.
  /// `rf_bytes`: the program's register footprint (Program::register_footprint).
  void learn_footprint(const hw::TcmUsage& tcm, std::uint64_t rf_bytes, bool wake);
  /// Every program to run has finished and no posted store is in flight.
  bool launch_done() const;
  [[noreturn]] void report_deadlock();

  hw::HwConfig cfg_;
  RunOptions opts_;
  sim::Engine engine_;  // before the chip: the chip's processes live on it
  trace::OpLog log_;
  trace::StatSet stats_;
  std::unique_ptr<hw::Chip> chip_;
  data::MemoryStore memory_;
  LiveEnv live_env_{memory_};
  ReplayLog replay_log_;
  std::vector<AllocationInfo> allocations_;
  std::vector<std::optional<data::Array>> initial_;  // record_effects
  std::unordered_map<trace::OpId, std::string> effects_;
  StackPool stacks_;
  std::unordered_map<const char*, trace::NameId> names_;

  // Current launch.
  std::string kernel_name_;
  Kernel kernel_;
  Grid grid_;
  std::int64_t next_program_ = 0;
  std::int64_t dispatched_ = 0;  // programs handed out (fewer than next_program_ when sampled)
  std::int64_t finished_ = 0;
  std::uint64_t commands_ = 0;
  sim::Tick sync_quantum_ = 0;
  sim::Tick last_end_ = 0;
  sim::Tick last_freed_ = 0;  // when the last program freed its place
  /// Posted stores of finished programs still in flight (the launch ends
  /// after them).
  std::int64_t draining_ = 0;
  std::vector<Program*> resident_;
  LaunchOptions options_;
  std::uint64_t footprint_ = 0;     // largest peak TCM use of a finished program
  std::uint64_t rf_footprint_ = 0;  // largest peak register-file use seen
  bool footprint_known_ = false;
  sim::Tick dispatcher_free_ = 0;  // the block scheduler's next free slot
  std::vector<std::uint64_t> resident_on_pe_;
  std::vector<Stalls> stalls_;
  std::vector<sim::Event<>> pe_freed_;  // processed when a program leaves that PE
  GridSample sample_;
};

}  // namespace kernbench::tl
