// Parameter parsing, defaults and the kernel catalogue.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/params.hpp"
#include "kernels/registry.hpp"
#include "kernels/support.hpp"

using namespace kernbench;
using namespace kernbench::kernels;

namespace {

std::string param_error(const Kernel& k, std::vector<std::string> args) {
  try {
    (void)k.parse(args);
  } catch (const ParamError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Params, DefaultsAreResolvedInDeclarationOrder) {
  const KernelCatalog cat = builtin_catalog();
  const ParamValues p = find_kernel(cat, "vector_add").parse({});
  EXPECT_EQ(p.integer("n"), 98432);
  EXPECT_EQ(p.integer("BLOCK_SIZE"), 1024);
  EXPECT_FALSE(p.given("n"));
  EXPECT_EQ(p.to_string(), "n=98432 BLOCK_SIZE=1024 dtype=f32 num_warps=4");
}

TEST(Params, ADerivedDefaultFollowsTheParameterItDependsOn) {
  const KernelCatalog cat = builtin_catalog();
  const Kernel& k = find_kernel(cat, "softmax");
  EXPECT_EQ(k.parse({}).integer("BLOCK_SIZE"), 1024);  // N = 781
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=1025"}).integer("BLOCK_SIZE"), 2048);
  EXPECT_EQ(k.parse(std::vector<std::string>{"N=64"}).integer("BLOCK_SIZE"), 64);
  const ParamValues given = k.parse(std::vector<std::string>{"N=64", "BLOCK_SIZE=256"});
  EXPECT_EQ(given.integer("BLOCK_SIZE"), 256);
  EXPECT_TRUE(given.given("BLOCK_SIZE"));
}

TEST(Params, AnUnknownNameIsAnErrorThatSuggestsTheClosestName) {
  const KernelCatalog cat = builtin_catalog();
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"BLOCK_SIZ=512"}),
            "kernel 'vector_add': unknown parameter 'BLOCK_SIZ' (did you mean `BLOCK_SIZE`?); its "
            "parameters are n, BLOCK_SIZE, dtype, num_warps");
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"zzzzzz=1"}),
            "kernel 'vector_add': unknown parameter 'zzzzzz'; its parameters are n, BLOCK_SIZE, "
            "dtype, num_warps");
}

TEST(Params, AMalformedValueSaysWhichKindWasExpected) {
  const KernelCatalog cat = builtin_catalog();
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"n=12x"}),
            "kernel 'vector_add': parameter 'n' expects an integer, got '12x'");
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"n=0"}),
            "kernel 'vector_add': parameter 'n' must be >= 1, got 0");
  EXPECT_EQ(param_error(find_kernel(cat, "matmul"), {"dtype=f64"}),
            "kernel 'matmul': parameter 'dtype' expects a dtype (f16, bf16, fp8e5m2, fp8e4m3, "
            "f32), got 'f64'");
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"n"}),
            "kernel 'vector_add': parameter 'n' must be written name=value");
  EXPECT_EQ(param_error(find_kernel(cat, "vector_add"), {"n=1", "n=2"}),
            "kernel 'vector_add': parameter 'n' is given twice");
}

TEST(Params, BooleansAcceptTrueFalseOneAndZero) {
  std::vector<ParamSpec> specs{bool_param("causal", false, "causal mask")};
  EXPECT_TRUE(parse_params("k", specs, std::vector<std::string>{"causal=true"}).boolean("causal"));
  EXPECT_TRUE(parse_params("k", specs, std::vector<std::string>{"causal=1"}).boolean("causal"));
  EXPECT_FALSE(parse_params("k", specs, std::vector<std::string>{"causal=0"}).boolean("causal"));
  EXPECT_THROW(parse_params("k", specs, std::vector<std::string>{"causal=yes"}), ParamError);
}

TEST(Params, NumWarpsIsAcceptedAndUsedByTheModel) {
  const KernelCatalog cat = builtin_catalog();
  const ParamValues p =
      find_kernel(cat, "vector_add").parse(std::vector<std::string>{"num_warps=2"});
  EXPECT_EQ(p.integer("num_warps"), 2);
  const auto& e = p.entries().back();
  EXPECT_EQ(e.name, "num_warps");
  EXPECT_TRUE(e.given);
  EXPECT_TRUE(e.used);  // threads per program: occupancy and register limits
}

TEST(Catalog, FindKernelSuggestsTheClosestName) {
  const KernelCatalog cat = builtin_catalog();
  try {
    (void)find_kernel(cat, "softmx");
    FAIL() << "no error";
  } catch (const UnknownKernelError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(
        msg.rfind("unknown kernel 'softmx' (did you mean `softmax`?); built-in kernels are ", 0),
        0u)
        << msg;
  }
}

TEST(Catalog, EveryCallBuildsAnIndependentCatalogueSortedByName) {
  const KernelCatalog a = builtin_catalog();
  const KernelCatalog b = builtin_catalog();
  EXPECT_NE(a.find("matmul"), b.find("matmul"));
  const std::vector<std::string> names = a.names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.size(), a.kernels().size());
}

TEST(Suggest, NextPowerOfTwoMatchesTriton) {
  EXPECT_EQ(next_power_of_2(1), 1);
  EXPECT_EQ(next_power_of_2(781), 1024);
  EXPECT_EQ(next_power_of_2(1024), 1024);
  EXPECT_EQ(next_power_of_2(1025), 2048);
}

TEST(Params, IntegersAreBoundedSoProductsOfTwoFit) {
  // GROUP_SIZE_M x num_pid_n wrapped to 0 and trapped (SIGFPE) before.
  const std::vector<ParamSpec> specs{
      int_param("G", 8, "group"),
      derived_int_param(
          "twice", "2 G", [](const ParamValues& p) { return 2 * p.integer("G"); }, "derived"),
      num_stages_param(3), num_warps_param(4)};
  auto error = [&](std::vector<std::string> args) {
    try {
      (void)parse_params("k", specs, args);
    } catch (const ParamError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error({"G=4611686018427387904"}),
            "kernel 'k': parameter 'G' must be <= 2147483647, got 4611686018427387904");
  EXPECT_EQ(error({"G=2147483647"}),
            "kernel 'k': parameter 'twice' defaults to 2 G = 4294967294, which is above its "
            "maximum 2147483647");
  EXPECT_EQ(error({"G=2147483647", "twice=1"}), "(no error)");
  EXPECT_EQ(error({"num_stages=4294967299"}),
            "kernel 'k': parameter 'num_stages' must be <= 32, got 4294967299");
  EXPECT_EQ(error({"num_warps=65"}), "kernel 'k': parameter 'num_warps' must be <= 64, got 65");
  EXPECT_EQ(error({std::string(100000, 'x') + "=1"}).size() < 1000, true);
}
