// Golden failing runs: each must print exactly one line on stderr, nothing
// on stdout, and exit 1 (user error) or 2 (usage error).
#include <gtest/gtest.h>

#include <cstdio>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

void expect_failure(const std::vector<std::string>& args, int code, const std::string& message) {
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "kernbench: error: " + message + "\n");
}

TEST(CliErrors, UnknownPresetSuggestsTheNearestAndExitsOne) {
  expect_failure({"hw", "show", "npu-defualt"}, 1,
                 "unknown preset `npu-defualt` (did you mean `npu-default`?); expected one of "
                 "h200, npu-default or a YAML file");
  expect_failure({"hw", "cost", "gemm", "--M", "1", "--N", "1", "--K", "1", "--hw", "h100"}, 1,
                 "unknown preset `h100` (did you mean `h200`?); expected one of h200, "
                 "npu-default or a YAML file");
  expect_failure({"hw", "show", "zzzzzzzzzz"}, 1,
                 "unknown preset `zzzzzzzzzz`; expected one of h200, npu-default or a YAML file");
}

TEST(CliErrors, AnAssignmentWhereHardwareWasExpectedSuggestsSet) {
  // Each --set takes exactly one KEY=VALUE; a second one becomes the
  // positional hardware argument.
  expect_failure({"hw", "show", "--set", "pe.count=8", "fabric.mesh.x=2"}, 1,
                 "unknown preset `fabric.mesh.x=2` (did you mean `--set fabric.mesh.x=2`?); "
                 "expected one of h200, npu-default or a YAML file");
}

TEST(CliErrors, MissingFileSaysItDoesNotExist) {
  expect_failure({"hw", "show", "no/such/chip.yaml"}, 1,
                 "hardware file `no/such/chip.yaml` does not exist; expected a readable YAML "
                 "file or a preset (h200, npu-default)");
}

TEST(CliErrors, UnknownSetKeySuggestsTheParameter) {
  expect_failure({"hw", "show", "--set", "pe.tcm.sise=2MiB"}, 1,
                 "override `pe.tcm.sise=2MiB`: unknown key `pe.tcm.sise`; did you mean "
                 "`pe.tcm.size`?");
  expect_failure({"hw", "show", "--set", "pe.tcm.size"}, 1,
                 "override `pe.tcm.size`: expected `path=value` (e.g. `pe.tcm.size=2MiB`)");
}

TEST(CliErrors, BadUnitValueSaysWhatWasExpected) {
  expect_failure({"hw", "show", "--set", "clock.frequency=1000"}, 1,
                 "override `clock.frequency=1000`: clock.frequency: `1000` has no unit: expected "
                 "a frequency with one of the units Hz, kHz, MHz, GHz (e.g. `1.5 GHz`)");
  expect_failure({"hw", "show", "--set", "pe.gemm.rows=0"}, 1,
                 "override `pe.gemm.rows=0`: pe.gemm.rows: `0` is out of range: expected an "
                 "integer (cells) in [1, 65536]");
}

TEST(CliErrors, CrossCheckFailuresAfterOverridesAreUserErrors) {
  const CliResult r = run_cli({"hw", "show", "--set", "pe.count=64"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("kernbench: error: npu-default with overrides: fabric", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(CliErrors, BadYamlFileNamesFileLineAndKey) {
  const std::string path = temp_dir("cfg") + "/bad.yaml";
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("pe:\n  tcm:\n    sise: 2 MiB\n", f);
  std::fclose(f);
  expect_failure({"hw", "show", path}, 1,
                 path + ":3:5: unknown key `pe.tcm.sise`; did you mean `pe.tcm.size`?");
}

TEST(CliErrors, UnknownCommandsAreUsageErrors) {
  expect_failure({"frobnicate"}, 2,
                 "unknown command `frobnicate` for `kernbench`; expected one of run, replay, "
                 "validate, sweep, hw, list");
  expect_failure({"hw", "shwo"}, 2,
                 "unknown command `shwo` for `kernbench hw`; expected one of show, describe, "
                 "cost (did you mean `show`?)");
  expect_failure({"hw", "cost", "gem"}, 2,
                 "unknown command `gem` for `kernbench hw cost`; expected one of gemm, dma, math "
                 "(did you mean `gemm`?)");
  expect_failure({}, 2,
                 "`kernbench` needs a command: one of run, replay, validate, sweep, hw, list; see "
                 "`kernbench --help`");
  expect_failure({"hw", "cost"}, 2,
                 "`kernbench hw cost` needs a command: one of gemm, dma, math; see `kernbench hw "
                 "cost --help`");
}

TEST(CliErrors, UnknownOptionsAreUsageErrors) {
  expect_failure({"hw", "show", "--jsn"}, 2,
                 "unknown option `--jsn` for `kernbench hw show` (did you mean `--json`?); see "
                 "`kernbench hw show --help`");
  expect_failure({"list", "extra"}, 2,
                 "unexpected argument `extra` for `kernbench list`; see `kernbench list --help`");
}

TEST(CliErrors, BadOptionValuesAreUsageErrors) {
  expect_failure({"hw", "cost", "gemm", "--M", "64", "--N", "64"}, 2,
                 "kernbench hw cost gemm: --K is required");
  expect_failure({"hw", "cost", "gemm", "--M", "-5", "--N", "1", "--K", "1"}, 2,
                 "kernbench hw cost gemm: --M: `-5` is not a whole number; expected digits only, "
                 "e.g. 64");
  expect_failure({"hw", "cost", "gemm", "--M", "99999999999999999999", "--N", "1", "--K", "1"}, 2,
                 "kernbench hw cost gemm: --M: `99999999999999999999` is too large; expected at "
                 "most 18446744073709551615");
  expect_failure({"hw", "cost", "gemm", "--M", "1", "--N", "1", "--K", "1", "--dtype", "f64"}, 2,
                 "--dtype: `f64` is not a dtype; expected one of f16, bf16, fp8, int8, tf32, f32 "
                 "(did you mean `f16`?)");
  expect_failure({"hw", "cost", "math", "--elements", "8", "--op", "expp"}, 2,
                 "--op: `expp` is not a math op; expected one of add, sub, mul, fma, min, max, "
                 "compare, select, convert, abs, neg, exp, exp2, log, log2, sin, cos, tanh, "
                 "sigmoid, div, sqrt, rsqrt, reciprocal (did you mean `exp`?)");
  expect_failure({"hw", "cost", "dma", "--bytes", "64", "--source", "dram"}, 2,
                 "--source: `dram` is not a DMA source; expected one of hbm, tcm");
}

TEST(CliErrors, IncompleteOrConflictingDmaShapesAreUsageErrors) {
  expect_failure({"hw", "cost", "dma"}, 2,
                 "hw cost dma: expected --bytes N (1-D) or --rows R --row-bytes B [--stride S] "
                 "(2-D)");
  expect_failure({"hw", "cost", "dma", "--bytes", "64", "--rows", "2"}, 2,
                 "kernbench hw cost dma: --bytes excludes --rows");
  expect_failure({"hw", "cost", "dma", "--bytes", "0"}, 2,
                 "--bytes: expected a positive number of bytes");
  expect_failure({"hw", "cost", "math", "--elements", "8"}, 2,
                 "hw cost math: expected --op NAME or --reduce sum|max|min");
}

TEST(CliErrors, OverflowingShapesAreUserErrors) {
  expect_failure({"hw", "cost", "gemm", "--M", "4294967296", "--N", "4294967296", "--K", "2"}, 1,
                 "gemm 4294967296x4294967296x2: 2*M*N*K overflows 64 bits; expected a smaller "
                 "shape");
}

}  // namespace
}  // namespace kernbench::app::test
