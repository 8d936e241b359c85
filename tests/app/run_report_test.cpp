// Formatting of a hand-made RunReport (text and JSON) and the kernel
// catalog's lookup for `run`: cases an end-to-end run cannot produce on
// demand (a failed check, a listed kernel that cannot run).
#include <gtest/gtest.h>

#include "app/kernel_catalog.hpp"
#include "app/run_report.hpp"
#include "kernels/registry.hpp"

namespace kernbench::app {
namespace {

RunReport failing_report() {
  RunReport r;
  r.kernel = "k";
  r.kernel_description = "a test kernel";
  r.params = {{"n", std::int64_t{4}, true, true}, {"num_warps", std::int64_t{4}, false, false}};
  r.hw = "npu-default";
  r.pes = 16;
  r.clock_hz = 1e9;
  r.mode = "data";
  r.simulated_ps = 4'000'000;  // 4 us
  r.flops = 8e6;               // 8 MFLOP / 4 us = 2 TFLOP/s
  r.bytes = 4e6;               // 4 MB / 4 us = 1 TB/s
  r.achieved_flops_per_s = 2e12;
  r.achieved_bytes_per_s = 1e12;
  r.peak_engine = "gemm";
  r.peak_dtype = "f16";
  r.peak_flops_per_s = 8e12;
  r.peak_bytes_per_s = 2e12;
  r.verified = false;
  r.verify_note = "out: FAIL";
  OutputCheck ok{"a", "f32[4]", true, 4, 0, 0.0, 0.0, 1e-5, 1e-5, ""};
  OutputCheck bad{"b", "f16[2, 2]", false, 4, 1, 0.5, 0.25, 1e-3, 2e-3, ""};
  r.checks = {ok, bad};
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RunReportText, AFailedCheckIsMarkedWithItsWorstErrors) {
  const std::string t = run_report_text(failing_report());
  EXPECT_TRUE(contains(t, "  verification     FAILED: 1 of 2 outputs outside tolerance\n")) << t;
  EXPECT_TRUE(contains(t,
                       "    b              FAIL f16[2, 2]: max abs err 0.5, max rel err 0.25 "
                       "(atol 0.001, rtol 0.002); 1 of 4 elements outside\n"))
      << t;
  EXPECT_TRUE(contains(t, "    a              PASS f32[4]: max abs err 0, max rel err 0")) << t;
  // 2 TFLOP/s of an 8 TFLOP/s peak; 1 TB/s of 2 TB/s.
  EXPECT_TRUE(contains(t, "= 25.0% of the f16 GEMM peak (8.00 TFLOP/s)")) << t;
  EXPECT_TRUE(contains(t, "= 50.0% of the HBM peak (2.00 TB/s)")) << t;
  EXPECT_TRUE(contains(t, "  simulated time   4 us (4,000,000 ps)\n")) << t;
  EXPECT_TRUE(contains(t, "(given: n; others default; recorded, unused by the model: num_warps)"));
}

TEST(RunReportJson, CarriesTheWorstErrorAndTypedParams) {
  const auto j = run_report_json(failing_report());
  EXPECT_EQ(j["verified"], false);
  EXPECT_EQ(j["max_rel_error"].get<double>(), 0.25);
  EXPECT_EQ(j["params"]["n"], 4);
  EXPECT_EQ(j["params_unused"][0], "num_warps");
  EXPECT_DOUBLE_EQ(j["fraction_of_peak"]["flops"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j["simulated_seconds"].get<double>(), 4e-6);
  EXPECT_EQ(j["checks"][1]["mismatches"], 1);
  EXPECT_TRUE(j["units"]["fabric"]["max_utilisation"].is_null());
}

TEST(KernelCatalogRun, FindsBuiltInKernelsAndSuggestsForTypos) {
  const KernelCatalog c = builtin_kernels();
  EXPECT_EQ(c.runnable("matmul").name(), "matmul");
  ASSERT_NE(c.find("vector_add"), nullptr);
  EXPECT_FALSE(c.find("vector_add")->params.empty());
  EXPECT_EQ(c.find("vector_add")->params[0].name, "n");
  try {
    (void)c.runnable("vector_ad");
    FAIL() << "expected UnknownKernelError";
  } catch (const kernels::UnknownKernelError& e) {
    EXPECT_TRUE(contains(e.what(), "(did you mean `vector_add`?)")) << e.what();
  }
}

TEST(KernelCatalogRun, AHandAddedEntryIsListedButNotRunnable) {
  KernelCatalog c;
  c.add({"add", "vector add"});
  EXPECT_THROW((void)c.runnable("add"), kernels::UnknownKernelError);
  EXPECT_THROW((void)c.runnable("sub"), kernels::UnknownKernelError);
  const KernelCatalog copy = builtin_kernels();
  const KernelCatalog again = copy;  // copies keep the kernels alive
  EXPECT_EQ(again.runnable("softmax").name(), "softmax");
}

}  // namespace
}  // namespace kernbench::app
