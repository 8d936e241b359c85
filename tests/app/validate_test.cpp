// `kernbench validate` below the command line: reading measurement files,
// mapping cases onto built-in kernels, the roofline and the error summary.
// Every simulated case is tiny (a 4096-element add, a 256 x 256 x 128 GEMM).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/kernel_catalog.hpp"
#include "app/validate_cases.hpp"
#include "app/validate_map.hpp"
#include "app/validate_report.hpp"
#include "app/validate_run.hpp"
#include "hw/config/loader.hpp"

namespace kernbench::app {
namespace {

const char* const kVectorAdd =
    R"j({"kernel": "vector_add", "shape": {"n": 4096}, "dtype": "f32", "config": {"BLOCK": 1024, )j"
    R"j("num_warps": 4}, "grid": [4], "bytes": 49152, "flops": 4096, )j"
    R"j("ms_median_p20_p80": [0.004, 0.0036, 0.0051]})j";
const char* const kMatmul =
    R"j({"kernel": "matmul", "shape": {"M": 256, "N": 256, "K": 128}, "dtype": "f16->f32acc->f16", )j"
    R"j("config": {"BM": 64, "BN": 64, "BK": 32, "GM": 8, "num_warps": 4, "num_stages": 3}, )j"
    R"j("grid": [16], "bytes": 262144, "flops": 16777216, "ms_median_p20_p80": [0.01, 0.009, 0.011]})j";

std::string error_of(const std::string& text) {
  try {
    (void)parse_measurements(text, "m.jsonl");
  } catch (const MeasurementFileError& e) {
    return e.what();
  }
  return "(no error)";
}

Measurement one_case(const std::string& line) {
  return parse_measurements(line, "m.jsonl").cases.at(0);
}

std::string map_error(const std::string& line) {
  try {
    (void)map_case(one_case(line), builtin_kernels());
  } catch (const MeasurementFileError& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ValidateFile, TwoSmallCasesRunWithFinitePredictionsAgainstTheirMeasuredMedians) {
  const std::string text = std::string("\n") + kVectorAdd + "\n" + kMatmul + "\r\n\n";
  const MeasurementFile file = parse_measurements(text, "m.jsonl");
  ASSERT_EQ(file.cases.size(), 2u);
  EXPECT_EQ(file.cases[0].where.str(), "m.jsonl:2");  // blank lines count
  EXPECT_EQ(file.cases[1].where.str(), "m.jsonl:3");
  // Milliseconds in the file, seconds here.
  EXPECT_DOUBLE_EQ(file.cases[0].median_s, 4e-6);
  EXPECT_DOUBLE_EQ(file.cases[0].p20_s, 3.6e-6);
  EXPECT_DOUBLE_EQ(file.cases[0].p80_s, 5.1e-6);
  EXPECT_DOUBLE_EQ(file.cases[1].median_s, 10e-6);
  EXPECT_EQ(file.cases[1].bytes, 262144.0);
  EXPECT_EQ(file.cases[1].grid, std::vector<std::int64_t>{16});

  const KernelCatalog kernels = builtin_kernels();
  const hw::HwConfig cfg = hw::load_preset("h200");
  std::vector<CaseResult> results;
  for (const Measurement& m : file.cases) results.push_back(run_case(kernels, cfg, m));
  for (const CaseResult& r : results) {
    ASSERT_FALSE(r.failed()) << r.error;
    ASSERT_TRUE(r.predicted_s());
    EXPECT_TRUE(std::isfinite(*r.predicted_s()) && *r.predicted_s() > 0);
    ASSERT_TRUE(r.roofline_s);
    EXPECT_TRUE(std::isfinite(*r.roofline_s) && *r.roofline_s > 0);
  }
  EXPECT_EQ(results[0].params, "n=4096 BLOCK_SIZE=1024 dtype=f32 num_warps=4");
  EXPECT_EQ(results[1].params,
            "M=256 N=256 K=128 BLOCK_SIZE_M=64 BLOCK_SIZE_N=64 BLOCK_SIZE_K=32 GROUP_SIZE_M=8 "
            "num_stages=3 num_warps=4 dtype=f16 c_dtype=f16");

  // The summary is the mean and the largest of |pred - meas| / meas.
  const double e0 = (*results[0].predicted_s() - 4e-6) / 4e-6;
  const double e1 = (*results[1].predicted_s() - 10e-6) / 10e-6;
  const ValidateSummary s = summarise(results);
  EXPECT_EQ(s.total, 2u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(s.model.cases, 2u);
  EXPECT_DOUBLE_EQ(s.model.mape, (std::abs(e0) + std::abs(e1)) / 2);
  EXPECT_EQ(*s.model.worst, std::abs(e0) >= std::abs(e1) ? 0u : 1u);
  EXPECT_EQ(s.roofline.cases, 2u);
}

TEST(ValidateSummary, MapeAndWorstCaseAreComputedOverTheCasesThatRan) {
  // Measured 4 us, predicted 5 us: +25%. Measured 10 us, predicted 8 us:
  // -20%. A third case failed. MAPE = (25 + 20) / 2 = 22.5%, worst +25%.
  // Roofline 3 us and 9 us: -25% and -10%: MAPE 17.5%, worst -25%.
  std::vector<CaseResult> rs(3);
  rs[0].measured.median_s = 4e-6;
  rs[0].predicted_ps = 5'000'000;
  rs[0].roofline_s = 3e-6;
  rs[1].measured.median_s = 10e-6;
  rs[1].predicted_ps = 8'000'000;
  rs[1].roofline_s = 9e-6;
  rs[2].measured.median_s = 1e-6;
  rs[2].roofline_s = 0.5e-6;  // not scored: the model has no prediction here
  rs[2].error = "m.jsonl:3: deadlock";
  EXPECT_DOUBLE_EQ(*rs[0].model_error(), 0.25);
  EXPECT_DOUBLE_EQ(*rs[1].model_error(), -0.2);
  const ValidateSummary s = summarise(rs);
  EXPECT_EQ(s.total, 3u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.model.cases, 2u);
  EXPECT_NEAR(s.model.mape, 0.225, 1e-12);
  EXPECT_EQ(s.model.worst, 0u);
  EXPECT_NEAR(s.model.worst_error, 0.25, 1e-12);
  EXPECT_EQ(s.roofline.cases, 2u);
  EXPECT_NEAR(s.roofline.mape, 0.175, 1e-12);
  EXPECT_EQ(s.roofline.worst, 0u);
  EXPECT_NEAR(s.roofline.worst_error, -0.25, 1e-12);
}

TEST(ValidateRoofline, IsLaunchAndDispatchLatencyPlusTheSlowerOfComputeAndMemory) {
  // npu-default: 16 PEs at 1 GHz; GEMM 64 x 64 x 2 FLOP x rate 1 (f16) =
  // 131.072 TFLOP/s; vector 64 lanes x 2 (fma) x 16 = 2.048 TFLOP/s at f32;
  // HBM 1 TB/s; launch 2 us + 50 ns.
  const hw::HwConfig cfg = hw::load_preset("npu-default");
  // GEMM: 1.31072 GFLOP / 131.072 TFLOP/s = 10 us > 4 MB / 1 TB/s = 4 us.
  EXPECT_NEAR(*roofline_seconds(cfg, true, hw::Precision::f16, 1.31072e9, 4e6), 12.05e-6, 1e-15);
  // fp8 doubles the GEMM rate: 5 us of compute, still above 4 us of memory.
  EXPECT_NEAR(*roofline_seconds(cfg, true, hw::Precision::fp8, 1.31072e9, 4e6), 7.05e-6, 1e-15);
  // Vector add of 4096 f32: 49152 B / 1 TB/s = 49.152 ns > 4096 / 2.048e12 = 2 ns.
  EXPECT_NEAR(*roofline_seconds(cfg, false, hw::Precision::f16, 4096, 49152), 2.099152e-6, 1e-15);
}

TEST(ValidateFile, AMalformedLineNamesTheFileTheLineAndTheKey) {
  EXPECT_EQ(error_of(std::string(kVectorAdd) + "\n{\"kernel\": \"softmax\", \n"),
            "m.jsonl:2: not valid JSON (syntax error while parsing object key - unexpected end of "
            "input; expected string literal); expected one JSON object per line");
  EXPECT_EQ(error_of("[1, 2]"), "m.jsonl:1: is an array; expected one JSON object per line");
  EXPECT_EQ(error_of(R"j({"kernel": "softmax", "shape": {"m": 1, "n": 2}, "dtype": "f32",)j"
                     R"j( "bytes": 8, "flops": 10, "ms_median_p20_p80": [0.1, 0.2]})j"),
            "m.jsonl:1: key `ms_median_p20_p80`: is an array; expected [median, p20, p80] in ms, "
            "three numbers > 0");
  EXPECT_EQ(error_of(R"j({"kernel": "softmax", "shape": 4, "dtype": "f32"})j"),
            "m.jsonl:1: key `shape`: is the number 4; expected an object");
  EXPECT_EQ(error_of(R"j({"kernel": "softmax", "shape": {}, "dtype": "f32", "flops": 1, )j"
                     R"j("ms": 0.1})j"),
            "m.jsonl:1: key `bytes`: is missing; expected a number >= 0");
  EXPECT_EQ(error_of(R"j({"shape": {}})j"),
            "m.jsonl:1: key `kernel`: is missing; expected a kernel name such as \"matmul\"");
  EXPECT_EQ(error_of("\n\n"),
            "m.jsonl: no measured cases (2 line(s), 0 skipped record(s)); expected JSON Lines "
            "with \"kernel\", \"shape\", \"dtype\", \"bytes\", \"flops\" and "
            "\"ms_median_p20_p80\"");
}

TEST(ValidateFile, ProducerNotesAreSkippedNotRun) {
  const MeasurementFile f = parse_measurements(
      std::string(R"j({"kernel": "_ceilings", "sms": 132})j") + "\n" + kVectorAdd, "m.jsonl");
  EXPECT_EQ(f.cases.size(), 1u);
  EXPECT_EQ(f.skipped, std::vector<std::string>{"m.jsonl:1: `_ceilings` record"});
}

TEST(ValidateMap, AnUnknownKernelNamesTheFileTheLineAndTheKey) {
  std::string line = kVectorAdd;
  line.replace(line.find("vector_add"), 10, "vectr_add");
  EXPECT_EQ(map_error(line),
            "m.jsonl:1: key `kernel`: `vectr_add` is not a kernel this command can map (did you "
            "mean `vector_add`?); expected one of attention_fwd, layernorm_fwd, matmul, "
            "softmax, vector_add");
  // The whole file is still read: one unmappable case does not stop the others.
  const MeasurementFile f = parse_measurements(line + "\n" + kMatmul, "m.jsonl");
  EXPECT_EQ(f.cases.size(), 2u);
  const CaseResult r = run_case(builtin_kernels(), hw::load_preset("npu-default"), f.cases[0]);
  EXPECT_TRUE(r.failed());
  EXPECT_TRUE(contains(r.error, "m.jsonl:1: key `kernel`")) << r.error;
}

TEST(ValidateMap, KeysTheMeasuredKernelDoesNotHaveAndUnsupportedDtypesAreRefused) {
  std::string extra = kMatmul;
  extra.replace(extra.find("\"GM\""), 4, "\"GX\"");
  EXPECT_TRUE(
      contains(map_error(extra), "m.jsonl:1: key `config.GX`: is not understood for matmul"));
  std::string fp16acc = kMatmul;
  fp16acc.replace(fp16acc.find("f32acc"), 6, "f16acc");
  EXPECT_EQ(map_error(fp16acc),
            "m.jsonl:1: key `dtype`: accumulator dtype `f16` (in \"f16->f16acc->f16\") is not "
            "supported by the built-in matmul; expected f32");
  std::string int8 = kMatmul;
  int8.replace(int8.find("f16->"), 3, "int8");
  EXPECT_TRUE(contains(map_error(int8),
                       "input dtype `int8` (in \"int8->f32acc->f16\") is not "
                       "supported by the built-in matmul; expected f16, bf16"));
  std::string missing = kVectorAdd;
  missing.replace(missing.find("\"n\""), 3, "\"count\"");
  EXPECT_EQ(map_error(missing),
            "m.jsonl:1: key `shape.n`: is missing; expected a whole number >= "
            "1 (also accepted as N) for vector_add");
}

TEST(ValidateMap, MeasuredKernelsMapOntoTheBuiltinsParameterForParameter) {
  const KernelCatalog kernels = builtin_kernels();
  const MappedCase softmax = map_case(
      one_case(R"j({"kernel": "softmax", "shape": {"m": 4096, "n": 256}, "dtype": "f32", )j"
               R"j("config": {"BLOCK": 256, "num_warps": 4}, "bytes": 1, "flops": 1, "ms": 1})j"),
      kernels);
  EXPECT_EQ(softmax.kernel, "softmax");
  // One row per program: as many programs as rows.
  // num_stages: the file has none, so Triton's launch default.
  EXPECT_EQ(softmax.params,
            (std::vector<std::string>{"M=4096", "N=256", "BLOCK_SIZE=256", "num_programs=4096",
                                      "dtype=f32", "num_warps=4", "num_stages=3"}));
  EXPECT_FALSE(softmax.uses_dot);
  // Other element types run the same kernel on them.
  const MappedCase half = map_case(
      one_case(R"j({"kernel": "softmax", "shape": {"m": 8, "n": 256}, "dtype": "bf16", )j"
               R"j("config": {"BLOCK": 256, "num_warps": 4}, "bytes": 1, "flops": 1, "ms": 1})j"),
      kernels);
  EXPECT_EQ(half.params,
            (std::vector<std::string>{"M=8", "N=256", "BLOCK_SIZE=256", "num_programs=8",
                                      "dtype=bf16", "num_warps=4", "num_stages=3"}));

  const MappedCase attention = map_case(
      one_case(R"j({"kernel": "attention_fwd", "shape": {"Z": 1, "H": 2, "N_CTX": 256, "D": 64}, )j"
               R"j("dtype": "f16 (f32 acc)", "config": {"BLOCK_M": 128, "BLOCK_N": 64, )j"
               R"j("causal": true, "num_warps": 8}, "bytes": 1, "flops": 1, "ms": 1})j"),
      kernels);
  EXPECT_EQ(attention.params,
            (std::vector<std::string>{"Z=1", "H=2", "N_CTX=256", "HEAD_DIM=64", "BLOCK_M=128",
                                      "BLOCK_N=64", "causal=true", "store_m=false", "dtype=f16",
                                      "num_warps=8", "num_stages=3"}));
  EXPECT_TRUE(attention.uses_dot);
  const std::string stage3 =
      R"j({"kernel": "attention_fwd", "shape": {"Z": 1, "H": 2, "N_CTX": 256, "D": 64}, )j"
      R"j("dtype": "f16", "config": {"STAGE": 3}, "bytes": 1, "flops": 1, "ms": 1})j";
  EXPECT_EQ(map_case(one_case(stage3), kernels).params.at(4), "causal=true");
  std::string contradiction = stage3;
  contradiction.replace(contradiction.find("\"D\": 64"), 7, "\"D\": 64, \"causal\": false");
  EXPECT_EQ(map_error(contradiction),
            "m.jsonl:1: key `config.STAGE`: contradicts another causal key; expected one value");

  const MappedCase bf16 =
      map_case(one_case(R"j({"kernel": "matmul", "shape": {"M": 64, "N": 64, "K": 64}, )j"
                        R"j("dtype": "bfloat16->f32acc->bf16", "bytes": 1, "flops": 1, "ms": 1})j"),
               kernels);
  EXPECT_EQ(bf16.params, (std::vector<std::string>{"M=64", "N=64", "K=64", "num_warps=4",
                                                   "num_stages=3", "dtype=bf16", "c_dtype=bf16"}));
  EXPECT_EQ(bf16.input_dtype, data::DType::bf16);

  const MappedCase layernorm = map_case(
      one_case(R"j({"kernel": "layernorm_fwd", "shape": {"m": 8, "n": 512}, )j"
               R"j("dtype": "f16 (f32 math)", "config": {"BLOCK": 512}, "bytes": 1, "flops": 1, )j"
               R"j("ms": 1})j"),
      kernels);
  EXPECT_EQ(layernorm.params, (std::vector<std::string>{"M=8", "N=512", "dtype=f16",
                                                        "BLOCK_SIZE=512", "num_warps=4"}));
}

TEST(ValidateReport, TheTextNamesEveryCaseAndEndsWithTheFailedCount) {
  ValidateReport r;
  r.file = "m.jsonl";
  r.hw = "h200";
  r.results.resize(2);
  r.results[0].measured = one_case(kVectorAdd);
  r.results[0].predicted_ps = 5'000'000;
  r.results[0].roofline_s = 3e-6;
  r.results[1].measured = one_case(kMatmul);
  r.results[1].error = "m.jsonl:1: deadlock";
  r.summary = summarise(r.results);
  const std::string text = validate_report_text(r);
  EXPECT_TRUE(contains(text, "validate h200 against m.jsonl\n")) << text;
  EXPECT_TRUE(contains(text,
                       "4.000 us      5.000 us    +25.0%      3.000 us    -25.0%  n=4096 "
                       "f32 BLOCK=1024 nw=4\n"))
      << text;
  EXPECT_TRUE(contains(text, "failed")) << text;
  EXPECT_TRUE(contains(text, "       error: m.jsonl:1: deadlock\n")) << text;
  EXPECT_TRUE(contains(text, "  MAPE        25.0%                         25.0%\n")) << text;
  EXPECT_TRUE(contains(text, "  failed: 1 of 2\n")) << text;
  const nlohmann::ordered_json j = validate_report_json(r);
  EXPECT_EQ(j["schema"], "kernbench.validate/1");
  EXPECT_EQ(j["cases"][0]["predicted_ps"], 5'000'000);
  EXPECT_DOUBLE_EQ(j["cases"][0]["model_error_percent"].get<double>(), 25.0);
  EXPECT_TRUE(j["cases"][1]["predicted_ps"].is_null());
  EXPECT_EQ(j["summary"]["failed"], 1);
}

}  // namespace
}  // namespace kernbench::app
