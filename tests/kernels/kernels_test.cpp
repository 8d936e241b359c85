// Every built-in kernel, verified in data mode and timed in timing-only mode.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hw/config/loader.hpp"
#include "kernels/registry.hpp"

using namespace kernbench;
using namespace kernbench::kernels;

namespace {

hw::HwConfig npu() {
  return hw::load_preset("npu-default");
}

KernelRun run_kernel(std::string_view name, std::vector<std::string> params, tl::Mode mode,
                     std::uint64_t seed = 7) {
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, name);
  tl::Runner r(npu(), tl::RunOptions{mode, trace::TraceLevel::off});
  return k.run(r, k.parse(params), seed);
}

void expect_verified(const KernelRun& run) {
  EXPECT_TRUE(run.verified) << run.verify_note;
  ASSERT_FALSE(run.checks.empty());
  for (const Check& c : run.checks) {
    EXPECT_TRUE(c.result.passed) << c.output << ": " << c.result.to_string();
    EXPECT_EQ(c.result.mismatches, 0) << c.output;
    // Every element within atol + rtol |ref|; |ref| of these outputs stays
    // below 64, so this bounds the error.
    EXPECT_LE(c.result.max_abs_error, c.result.tolerance.atol + 64.0 * c.result.tolerance.rtol)
        << c.output;
  }
  EXPECT_GT(run.simulated_ps(), 0u);
}

void expect_timed(const KernelRun& run, std::uint64_t programs) {
  EXPECT_FALSE(run.verified);
  EXPECT_EQ(run.verify_note, "timing-only mode: no values to verify");
  EXPECT_TRUE(run.checks.empty());
  EXPECT_GT(run.simulated_ps(), 0u);
  EXPECT_EQ(run.programs(), programs);
  EXPECT_GT(run.commands(), 0u);
}

}  // namespace

// ---- vector_add -------------------------------------------------------------------

TEST(VectorAdd, SmallSizeIsVerifiedExactly) {
  const KernelRun run = run_kernel("vector_add", {"n=5000", "BLOCK_SIZE=512"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.checks[0].result.max_abs_error, 0.0);  // f32 add is exact vs the reference
  EXPECT_EQ(run.programs(), 10u);                      // cdiv(5000, 512)
  EXPECT_EQ(run.flops, 5000.0);
  EXPECT_EQ(run.ideal_bytes, 3.0 * 4.0 * 5000.0);
}

TEST(VectorAdd, F16AndBf16ElementsAreVerifiedAndHalveTheIdealBytes) {
  for (const char* dtype : {"dtype=f16", "dtype=bf16"}) {
    const KernelRun run = run_kernel("vector_add", {"n=5000", dtype}, tl::Mode::data);
    expect_verified(run);
    // One rounding of the exact sum, as the reference's: no error at all.
    EXPECT_EQ(run.checks[0].result.max_abs_error, 0.0) << dtype;
    EXPECT_EQ(run.ideal_bytes, 3.0 * 2.0 * 5000.0) << dtype;
  }
}

TEST(VectorAdd, TimingOnlyModeCompletesWithTheTutorialGrid) {
  expect_timed(run_kernel("vector_add", {"n=1048576"}, tl::Mode::timing), 1024u);
}

TEST(VectorAdd, TimingOnlyAndDataModeGiveTheSameSimulatedTime) {
  const std::vector<std::string> p{"n=98432"};
  const KernelRun data = run_kernel("vector_add", p, tl::Mode::data);
  const KernelRun timing = run_kernel("vector_add", p, tl::Mode::timing);
  EXPECT_EQ(data.simulated_ps(), timing.simulated_ps());
  EXPECT_EQ(data.commands(), timing.commands());
}

TEST(VectorAdd, TheSameSeedGivesTheSameRunAndAnotherSeedOtherData) {
  const KernelRun a = run_kernel("vector_add", {"n=3000"}, tl::Mode::data, 1);
  const KernelRun b = run_kernel("vector_add", {"n=3000"}, tl::Mode::data, 1);
  EXPECT_EQ(a.simulated_ps(), b.simulated_ps());
  EXPECT_EQ(a.checks[0].result.worst_out, b.checks[0].result.worst_out);
}

// ---- softmax ----------------------------------------------------------------------

TEST(Softmax, SmallSizeWithATailIsVerified) {
  const KernelRun run = run_kernel("softmax", {"M=37", "N=100"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.programs(), 37u);  // min(M, 16 PEs x 4 contexts)
  EXPECT_EQ(run.params.integer("BLOCK_SIZE"), 128);
}

TEST(Softmax, F16AndBf16RowsAreVerified) {
  for (const char* dtype : {"dtype=f16", "dtype=bf16"}) {
    const KernelRun run = run_kernel("softmax", {"M=20", "N=300", dtype}, tl::Mode::data);
    expect_verified(run);
    EXPECT_EQ(run.ideal_bytes, 2.0 * 2.0 * 20.0 * 300.0) << dtype;
  }
}

TEST(Softmax, APersistentGridLoopsOverTheRows) {
  const KernelRun run = run_kernel("softmax", {"M=50", "N=64", "num_programs=8"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.programs(), 8u);
}

TEST(Softmax, TimingOnlyModeCompletesWithOneProgramPerContext) {
  expect_timed(run_kernel("softmax", {"M=1024", "N=1024"}, tl::Mode::timing), 64u);
}

TEST(Softmax, ABlockSmallerThanTheRowIsRejected) {
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, "softmax");
  tl::Runner r(npu(), tl::RunOptions{tl::Mode::timing, trace::TraceLevel::off});
  try {
    (void)k.run(r, k.parse(std::vector<std::string>{"N=100", "BLOCK_SIZE=64"}), 1);
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_STREQ(e.what(),
                 "kernel 'softmax': BLOCK_SIZE=64 must be >= N=100 (each program holds a whole "
                 "row)");
  }
}

// ---- matmul -----------------------------------------------------------------------

TEST(Matmul, DefaultSizeIsVerified) {
  const KernelRun run = run_kernel("matmul", {}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.programs(), 16u);  // (512 / 128)^2
}

TEST(Matmul, RaggedSizesUseTheWrapAndTheKTail) {
  const KernelRun run = run_kernel(
      "matmul", {"M=200", "N=72", "K=100", "BLOCK_SIZE_M=64", "BLOCK_SIZE_N=32", "GROUP_SIZE_M=2"},
      tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.programs(), 4u * 3u);
}

TEST(Matmul, F32InputsAreVerified) {
  const KernelRun run =
      run_kernel("matmul", {"M=96", "N=64", "K=80", "dtype=f32", "c_dtype=f32", "BLOCK_SIZE_K=32"},
                 tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.ideal_bytes, 4.0 * (96.0 * 80.0 + 80.0 * 64.0 + 96.0 * 64.0));
}

TEST(Matmul, Bf16AndFp8InputsAreVerified) {
  expect_verified(run_kernel("matmul", {"M=128", "N=128", "K=256", "dtype=bf16"}, tl::Mode::data));
  expect_verified(
      run_kernel("matmul", {"M=128", "N=256", "K=128", "dtype=fp8e5m2"}, tl::Mode::data));
}

TEST(Matmul, Fp8E4m3InputsAndOtherOutputDtypesAreVerified) {
  expect_verified(
      run_kernel("matmul", {"M=128", "N=256", "K=128", "dtype=fp8e4m3"}, tl::Mode::data));
  const KernelRun bf16 = run_kernel(
      "matmul", {"M=128", "N=128", "K=256", "dtype=bf16", "c_dtype=bf16"}, tl::Mode::data);
  expect_verified(bf16);
  EXPECT_EQ(bf16.ideal_bytes, (128.0 * 256 + 256.0 * 128) * 2 + 2.0 * 128 * 128);
  const KernelRun f32 =
      run_kernel("matmul", {"M=128", "N=128", "K=256", "c_dtype=f32"}, tl::Mode::data);
  expect_verified(f32);
  EXPECT_EQ(f32.ideal_bytes, (128.0 * 256 + 256.0 * 128) * 2 + 4.0 * 128 * 128);
}

TEST(Matmul, FlopCountIsTwoMNK) {
  const KernelRun run = run_kernel("matmul", {"M=256", "N=384", "K=320"}, tl::Mode::timing);
  EXPECT_EQ(run.flops, 2.0 * 256 * 384 * 320);
  EXPECT_EQ(run.ideal_bytes, (256.0 * 320 + 320.0 * 384) * 2 + 2.0 * 256 * 384);
}

TEST(Matmul, TimingOnlyModeCompletesWithOneProgramPerTile) {
  expect_timed(run_kernel("matmul", {"M=1024", "N=1024", "K=1024"}, tl::Mode::timing), 64u);
}

// ---- layernorm --------------------------------------------------------------------

TEST(LayerNorm, SmallSizeWithATailIsVerified) {
  const KernelRun run = run_kernel("layernorm", {"M=24", "N=300"}, tl::Mode::data);
  expect_verified(run);
  ASSERT_EQ(run.checks.size(), 3u);  // y, mean, rstd
  EXPECT_EQ(run.programs(), 24u);
  EXPECT_EQ(run.params.integer("BLOCK_SIZE"), 512);
}

TEST(LayerNorm, SeveralBlocksPerRowAreVerified) {
  // BLOCK_SIZE below N: each of the three passes loops over the row in four
  // blocks (the tutorial's host wrapper refuses such rows; the kernel does not).
  expect_verified(run_kernel("layernorm", {"M=8", "N=1000", "BLOCK_SIZE=256"}, tl::Mode::data));
}

TEST(LayerNorm, Bf16AndF32RowsAreVerified) {
  const KernelRun bf16 = run_kernel("layernorm", {"M=16", "N=300", "dtype=bf16"}, tl::Mode::data);
  expect_verified(bf16);
  EXPECT_EQ(bf16.ideal_bytes, 2.0 * 2 * 16 * 300 + 2.0 * 2 * 300 + 8.0 * 16);
  const KernelRun f32 = run_kernel("layernorm", {"M=16", "N=300", "dtype=f32"}, tl::Mode::data);
  expect_verified(f32);
  EXPECT_EQ(f32.ideal_bytes, 2.0 * 4 * 16 * 300 + 2.0 * 4 * 300 + 8.0 * 16);
  // The tutorial's MAX_FUSED_SIZE = 65536 / element size.
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, "layernorm");
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=65536", "dtype=f32"}).integer("BLOCK_SIZE"), 16384);
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=65536"}).integer("BLOCK_SIZE"), 32768);
}

TEST(LayerNorm, TimingOnlyModeCompletesWithOneProgramPerRow) {
  expect_timed(run_kernel("layernorm", {"M=512", "N=2048"}, tl::Mode::timing), 512u);
}

// ---- layernorm_backward -----------------------------------------------------------

TEST(LayerNormBackward, DxDwAndDbAreVerifiedWithContendedLocks) {
  // 96 rows over 8 groups: 12 rows per lock, resident programs contend.
  const KernelRun run =
      run_kernel("layernorm_backward", {"M=96", "N=200", "GROUP_SIZE_M=8"}, tl::Mode::data);
  expect_verified(run);
  ASSERT_EQ(run.checks.size(), 3u);
  EXPECT_EQ(run.launches.size(), 2u);
  EXPECT_EQ(run.launches[0].programs, 96u);
  EXPECT_EQ(run.launches[1].programs, 2u);  // cdiv(200, 128)
}

TEST(LayerNormBackward, TheTutorialGroupRuleIsTheDefault) {
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, "layernorm_backward");
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=1024"}).integer("GROUP_SIZE_M"), 256);
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=4096"}).integer("GROUP_SIZE_M"), 128);
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=8192"}).integer("GROUP_SIZE_M"), 96);
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=16384"}).integer("GROUP_SIZE_M"), 64);
}

TEST(LayerNormBackward, TimingOnlyModeCompletes) {
  expect_timed(run_kernel("layernorm_backward", {"M=256", "N=1024"}, tl::Mode::timing), 256u + 8u);
}

// ---- attention --------------------------------------------------------------------

TEST(Attention, NonCausalIsVerified) {
  const KernelRun run = run_kernel("attention", {"N_CTX=256"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.programs(), 2u * 2u);  // N_CTX / BLOCK_M x Z * H
  EXPECT_EQ(run.flops, 4.0 * 2 * 256 * 256 * 64);
}

TEST(Attention, Bf16IsVerified) {
  const KernelRun run = run_kernel(
      "attention", {"N_CTX=128", "BLOCK_M=64", "BLOCK_N=32", "dtype=bf16"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.ideal_bytes, 4.0 * 2.0 * 2.0 * 128.0 * 64.0 + 4.0 * 2.0 * 128.0);
}

TEST(Attention, CausalIsVerified) {
  const KernelRun run = run_kernel("attention", {"N_CTX=256", "causal=true"}, tl::Mode::data);
  expect_verified(run);
  EXPECT_EQ(run.flops, 2.0 * 2 * 256 * 256 * 64);
}

TEST(Attention, WithoutMOnlyOutIsWrittenAndChecked) {
  const KernelRun with_m = run_kernel("attention", {"N_CTX=256"}, tl::Mode::data);
  const KernelRun run = run_kernel("attention", {"N_CTX=256", "store_m=false"}, tl::Mode::data);
  expect_verified(run);
  ASSERT_EQ(run.checks.size(), 1u);
  EXPECT_EQ(run.checks[0].output, "out");
  EXPECT_EQ(run.flops, with_m.flops);
  // Q, K, V, Out only: 4 tensors x 2 bytes x Z H N_CTX HEAD_DIM.
  EXPECT_EQ(run.ideal_bytes, 4.0 * 2 * 2 * 256 * 64);
  // Per program three commands fewer: log2(l_i), m_i += ..., the M store.
  EXPECT_EQ(run.commands(), with_m.commands() - 3u * run.programs());
  expect_verified(
      run_kernel("attention", {"N_CTX=256", "causal=true", "store_m=false"}, tl::Mode::data));
}

TEST(Attention, SmallerBlocksAndSeveralBatchesAreVerified) {
  expect_verified(run_kernel(
      "attention",
      {"Z=2", "H=1", "N_CTX=128", "HEAD_DIM=32", "BLOCK_M=32", "BLOCK_N=16", "causal=true"},
      tl::Mode::data));
}

TEST(Attention, TimingOnlyModeCompletes) {
  expect_timed(run_kernel("attention", {"Z=1", "H=4", "N_CTX=1024"}, tl::Mode::timing), 32u);
  expect_timed(run_kernel("attention", {"Z=1", "H=4", "N_CTX=1024", "causal=1"}, tl::Mode::timing),
               32u);
}

TEST(Attention, ASequenceThatIsNotAMultipleOfTheBlockIsRejected) {
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, "attention");
  tl::Runner r(npu(), tl::RunOptions{tl::Mode::timing, trace::TraceLevel::off});
  EXPECT_THROW((void)k.run(r, k.parse(std::vector<std::string>{"N_CTX=200"}), 1), ParamError);
}

// ---- every kernel -----------------------------------------------------------------

TEST(Catalog, HoldsTheSixTutorialKernels) {
  const KernelCatalog cat = builtin_catalog();
  EXPECT_EQ(cat.names(), (std::vector<std::string>{"attention", "layernorm", "layernorm_backward",
                                                   "matmul", "softmax", "vector_add"}));
}

TEST(Catalog, EveryBuiltinKernelIsVerifiedAtItsDefaultParams) {
  const KernelCatalog cat = builtin_catalog();
  for (const auto& k : cat.kernels()) {
    SCOPED_TRACE(std::string(k->name()));
    tl::Runner r(npu(), tl::RunOptions{tl::Mode::data, trace::TraceLevel::off});
    const KernelRun run = k->run(r, k->parse({}), 11);
    expect_verified(run);
  }
}

// ---- defaults and tutorial benchmark sizes, timing-only, both presets ------------

TEST(DefaultSizes, EveryKernelRunsWithItsDefaultParamsOnBothPresets) {
  // What `kernbench run KERNEL --hw PRESET --mode timing` does with no
  // --param: every kernel must fit every preset (layernorm_backward's
  // default row of 8192 f32 elements once overflowed h200's 228 KiB TCM).
  const KernelCatalog cat = builtin_catalog();
  for (const char* preset : {"npu-default", "h200"}) {
    for (const auto& k : cat.kernels()) {
      SCOPED_TRACE(std::string(preset) + " " + std::string(k->name()));
      tl::Runner r(hw::load_preset(preset),
                   tl::RunOptions{tl::Mode::timing, trace::TraceLevel::off});
      KernelRun run;
      ASSERT_NO_THROW(run = k->run(r, k->parse({}), 0));
      EXPECT_GT(run.simulated_ps(), 0u);
      EXPECT_GT(run.commands(), 0u);
    }
  }
}

TEST(TutorialSizes, EveryKernelRunsAtItsTutorialBenchmarkSizeOnBothPresets) {
  struct Case {
    const char* kernel;
    std::vector<std::string> params;
    std::uint64_t programs_npu;
    std::uint64_t programs_h200;
  };
  // softmax runs min(M, pe.count x pe.contexts) persistent programs.
  const std::vector<Case> cases = {
      {"vector_add", {"n=16777216"}, 16384, 16384},
      {"softmax", {"M=4096", "N=4096"}, 64, 4096},  // h200: min(4096, 132 x 32)
      {"matmul", {"M=4096", "N=4096", "K=4096"}, 1024, 1024},
      {"layernorm", {"M=4096", "N=4096"}, 4096, 4096},
      {"layernorm_backward", {"M=4096", "N=4096"}, 4128, 4128},
      {"attention", {"Z=4", "H=32", "N_CTX=1024", "HEAD_DIM=64"}, 1024, 1024},
      {"attention", {"Z=4", "H=32", "N_CTX=1024", "HEAD_DIM=64", "causal=true"}, 1024, 1024},
  };
  const KernelCatalog cat = builtin_catalog();
  for (const char* preset : {"npu-default", "h200"}) {
    for (const Case& c : cases) {
      const Kernel& k = find_kernel(cat, c.kernel);
      tl::Runner r(hw::load_preset(preset),
                   tl::RunOptions{tl::Mode::timing, trace::TraceLevel::off});
      const KernelRun run = k.run(r, k.parse(c.params), 0);
      SCOPED_TRACE(std::string(preset) + " " + c.kernel);
      expect_timed(run, std::string(preset) == "h200" ? c.programs_h200 : c.programs_npu);
      // Achieved FLOP/s never exceed what the chip's GEMM engines could do.
      const hw::HwConfig cfg = hw::load_preset(preset);
      const double gemm_peak =
          2.0 * static_cast<double>(cfg.pe.count * cfg.pe.gemm.rows * cfg.pe.gemm.cols) *
          cfg.pe.gemm.rate.fp8 * static_cast<double>(cfg.clock.frequency.in_hz());
      EXPECT_LT(run.flops / (static_cast<double>(run.simulated_ps()) * 1e-12), gemm_peak);
    }
  }
}
