#pragma once
/// \file
/// From a measured case (validate_cases.hpp) to a run of a built-in kernel:
/// which kernel, which `name=value` parameters. The mapping only passes the
/// measured shape, tiling and dtypes on; nothing depends on the values.
///
/// Measured kernel -> built-in kernel and parameters (keys in the file; a
/// `|` lists the spellings accepted for one key):
///   vector_add     -> vector_add: n = shape.n, BLOCK_SIZE = config.BLOCK|BLOCK_SIZE; f32
///   softmax        -> softmax (one row per program): M = shape.m|M, N = shape.n|N,
///                     BLOCK_SIZE = config.BLOCK|BLOCK_SIZE, num_programs = M; f32
///   matmul         -> matmul: M, N, K = shape.M, N, K; BLOCK_SIZE_M|N|K = config.BM|BN|BK
///                     (or BLOCK_SIZE_M|N|K), GROUP_SIZE_M = config.GM|GROUP_SIZE_M;
///                     dtype "IN->f32acc->OUT": dtype = IN, c_dtype = OUT (f16 when absent)
///   layernorm_fwd  -> layernorm: M = shape.m|M, N = shape.n|N, BLOCK_SIZE = config.BLOCK|
///                     BLOCK_SIZE; dtype "IN (f32 math)": dtype = IN
///   attention_fwd  -> attention with store_m=false (the measured kernel writes Out only):
///                     Z, H, N_CTX = shape.Z, H, N_CTX, HEAD_DIM = shape.D|HEAD_DIM,
///                     BLOCK_M, BLOCK_N = config.BLOCK_M, BLOCK_N, causal = shape.causal,
///                     config.causal, a top-level causal (true/false or 1/0) or the
///                     tutorial's config.STAGE (3 causal, 1 not); default false;
///                     f16 (f32 acc)
/// Every kernel: config.num_warps and config.num_stages (Triton launch
/// options; when absent, Triton's defaults 4 and 3, which the measured
/// launch used) are passed on when the built-in declares them, else accepted
/// and dropped. Tile keys that are absent take the built-in's default (the
/// tutorials' launch rules).
///
/// Dtype strings: "f16", "f16 (f32 math)", "f16 (f32 acc)", "f16->f32acc->f16"
/// (input, accumulator, output); names as data::parse_dtype accepts them
/// ("fp16", "bfloat16", "float8_e5m2", ...). The accumulator must be f32.
///
/// Errors: map_case throws MeasurementFileError "FILE:LINE: key `K`: ...;
/// expected ..." for an unknown kernel (with a suggestion), a missing or
/// non-integer shape or tile key, a key the measured kernel does not have
/// (`config.FOO`: fail rather than ignore something that may change the
/// time), a dtype the built-in does not support (the built-in's choices are
/// listed), or an accumulator other than f32.

#include <string>
#include <string_view>
#include <vector>

#include "app/kernel_catalog.hpp"
#include "app/validate_cases.hpp"
#include "data/dtype.hpp"

namespace kernbench::app {

/// A measured case as a run of a built-in kernel.
struct MappedCase {
  std::string kernel;               ///< built-in kernel name ("matmul")
  std::vector<std::string> params;  ///< "name=value", for Kernel::parse
  /// The kernel multiplies with tl.dot: the roofline takes the GEMM peak at
  /// `input_dtype`; otherwise the vector peak at f32.
  bool uses_dot = false;
  data::DType input_dtype = data::DType::f32;
};

/// The measured kernel names map_case knows, sorted.
std::vector<std::string> mappable_kernels();

/// Maps `m` onto a built-in kernel. `kernels` supplies the built-ins' dtype
/// choices (a dtype they do not list is refused here, with the file's line);
/// the parameters are checked again by Kernel::parse when the case runs.
MappedCase map_case(const Measurement& m, const KernelCatalog& kernels);

}  // namespace kernbench::app
