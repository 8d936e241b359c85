#pragma once
/// \file
/// The typed hardware description, one struct per level of the YAML tree.
///
/// Contract: field names are exactly the YAML keys (snake_case), so the
/// dotted path of a parameter (`pe.tcm.size`) is also its C++ access path
/// (`cfg.pe.tcm.size`). Defaults live only in the parameter table
/// (hw/config/params.hpp): a value-initialised HwConfig is all zeros; call
/// default_hw_config() for the defaults. Units: cycles are cycles of
/// clock.frequency; durations are ps; sizes bytes; bandwidths bytes/s.

#include <cstdint>
#include <string>
#include <string_view>

#include "hw/config/units.hpp"

namespace kernbench::hw {

/// Mapping of a GEMM onto the PE's matrix unit.
enum class Dataflow {
  output_stationary,  ///< "os": outputs stay in the PEs (SCALE-Sim OS)
  weight_stationary,  ///< "ws": the B operand stays in the PEs (SCALE-Sim WS)
  input_stationary,   ///< "is": the A operand stays in the PEs (SCALE-Sim IS)
  throughput,         ///< "throughput": pipelined MMA units (GPU tensor cores), no fold skew
};

/// Network between PEs (and the memory side).
enum class Topology {
  mesh,      ///< "mesh": 2-D mesh, dimension-ordered XY routing
  crossbar,  ///< "crossbar": every node one hop from every other
};

/// Numeric precision of a matrix or vector operation (the hardware's view of
/// a dtype; fp8 covers e4m3 and e5m2, tf32 is stored in 32 bits).
enum class Precision { f16, bf16, fp8, int8, tf32, f32 };

/// Bits one element occupies in a register lane / in memory.
constexpr unsigned storage_bits(Precision p) {
  switch (p) {
    case Precision::fp8:
    case Precision::int8:
      return 8;
    case Precision::f16:
    case Precision::bf16:
      return 16;
    case Precision::tf32:
    case Precision::f32:
      return 32;
  }
  return 32;
}

std::string_view to_string(Dataflow d);
std::string_view to_string(Topology t);
std::string_view to_string(Precision p);

struct ClockConfig {
  Frequency frequency;  ///< the one clock domain of PEs and fabric
};

struct CpuConfig {
  std::uint64_t issue_cycles;      ///< cycles for the PE's control core to issue one command
  std::uint64_t scalar_op_cycles;  ///< cycles per scalar op of program code
  std::uint64_t queue_depth;       ///< commands each engine queue holds
  /// True: a program issues a compute command or a store only once its
  /// operands are ready (a GPU warp's scoreboard; latency is hidden by other
  /// resident programs). False: commands queue with their dependencies and
  /// the program runs ahead (an NPU control core).
  bool in_order;
};

struct DmaConfig {
  std::uint64_t engines;          ///< DMA engines per PE
  std::uint64_t setup_cycles;     ///< fixed cost of one descriptor
  std::uint64_t bytes_per_cycle;  ///< data-path width of one engine
  ByteSize burst;                 ///< burst size; bursts are aligned to it
  std::uint64_t max_outstanding;  ///< descriptors in flight per engine
  /// A gather coalesces its lanes in groups of this many bytes of elements
  /// (a GPU warp's request: 32 threads x 16 B); 0: the whole descriptor.
  ByteSize coalesce_bytes;
};

/// MACs per PE-array cell per cycle, relative to f16 (1 = one MAC).
struct GemmRates {
  double f16;
  double bf16;
  double fp8;
  double int8;
  double tf32;
  double f32;
};

struct GemmConfig {
  std::uint64_t rows;              ///< array rows R
  std::uint64_t cols;              ///< array columns C
  Dataflow dataflow;               ///< os | ws | is | throughput
  GemmRates rate;                  ///< per-precision MAC rate multipliers
  std::uint64_t pipeline_latency;  ///< cycles added once per GEMM command
};

/// Throughput and latency of one class of vector operations.
struct MathOpClass {
  double rate;            ///< elements per lane per cycle (32-bit lanes)
  std::uint64_t latency;  ///< pipeline latency in cycles
};

struct MathConfig {
  std::uint64_t lanes;           ///< 32-bit SIMD lanes
  MathOpClass simple;            ///< add, sub, mul, fma, min, max, compare, select, convert
  MathOpClass transcendental;    ///< exp, log, sin, cos, tanh, sigmoid
  MathOpClass divsqrt;           ///< div, sqrt, rsqrt, reciprocal
  std::uint64_t reduction_step;  ///< cycles per cross-lane reduction step (log2(lanes) steps)
  bool pack_subword;             ///< 16-bit data packs 2 per lane, 8-bit data 4 per lane
  bool tcm_operands;             ///< operands and results cross the TCM ports
  /// True: each op class has its own pipe (simple/FMA, transcendental,
  /// divsqrt), an op holds its pipe for its throughput cycles only and its
  /// result is ready `latency` cycles later, so pipes and programs overlap.
  /// False: one engine, occupied for latency + throughput of every op.
  bool pipelined;
};

struct TcmConfig {
  ByteSize size;        ///< scratchpad capacity per PE
  std::uint64_t banks;  ///< independent banks
  ByteSize bank_width;  ///< bytes one bank delivers per cycle per port
  std::uint64_t ports;  ///< ports per bank
};

/// Bytes per cycle the TCM's ports serve, shared by the DMA, GEMM and math
/// engines: banks x bank_width x ports (the one formula the simulation, the
/// peaks and `hw cost` use).
inline std::uint64_t tcm_port_bytes_per_cycle(const TcmConfig& t) {
  return t.banks * t.bank_width.in_bytes() * t.ports;
}

/// A per-PE register file that holds program tiles (a GPU SM's). Size 0:
/// no register file, tiles live in the TCM (an NPU).
struct RegfileConfig {
  ByteSize size;        ///< capacity per PE, shared by the resident programs
  ByteSize per_thread;  ///< most one thread may hold; a program's excess spills
};

/// A per-PE data cache on the load path (a GPU SM's L1): loads outside
/// pipelined loops look it up; size 0: none.
struct L1Config {
  ByteSize size;
  ByteSize line;
  std::uint64_t ways;
  std::uint64_t hit_cycles;  ///< load-to-use latency of a hit
};

struct PeConfig {
  std::uint64_t count;      ///< processing elements on the chip
  std::uint64_t contexts;   ///< resident programs per PE (at most)
  std::uint64_t threads;    ///< resident threads per PE; 0: no thread limit
  std::uint64_t warp_size;  ///< threads per warp (a program has num_warps warps)
  CpuConfig cpu;
  DmaConfig dma;
  GemmConfig gemm;
  MathConfig math;
  TcmConfig tcm;
  RegfileConfig regfile;
  L1Config l1;
};

struct MeshConfig {
  std::uint64_t x;  ///< nodes along X
  std::uint64_t y;  ///< nodes along Y
};

struct FabricConfig {
  Topology topology;
  MeshConfig mesh;
  Bandwidth link_bandwidth;      ///< per link, per direction
  std::uint64_t hop_latency;     ///< cycles on one link
  std::uint64_t router_latency;  ///< cycles through one router
};

struct HbmConfig {
  std::uint64_t channels;  ///< independent channels
  Bandwidth bandwidth;     ///< total, all channels (each gets bandwidth / channels)
  Duration latency;        ///< idle read latency
  ByteSize interleave;     ///< address granule that rotates across channels
};

struct CacheConfig {
  bool enabled;
  ByteSize size;
  ByteSize line;
  std::uint64_t ways;
  Duration hit_latency;
  Bandwidth bandwidth;  ///< total hit bandwidth
  /// Sets simulated exactly when sampling (0: every set, no sampling).
  std::uint64_t sampled_sets;
};

struct LaunchConfig {
  Duration latency;           ///< host launch to first program dispatch
  Duration dispatch_latency;  ///< to start one program on a free context
  /// The chip's block scheduler starts one program per interval (FIFO over
  /// all PEs); 0: no limit.
  Duration dispatch_interval;
};

struct HwConfig {
  std::string name;  ///< preset name or file the config came from (not a parameter)
  ClockConfig clock;
  PeConfig pe;
  FabricConfig fabric;
  HbmConfig hbm;
  CacheConfig cache;
  LaunchConfig launch;
};

/// The rate multiplier for a precision (cfg.rate.f16 for f16, ...).
double gemm_rate(const GemmRates& rates, Precision p);

}  // namespace kernbench::hw
