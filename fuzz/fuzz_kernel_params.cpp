// Fuzzes `--param name=value` parsing against a parameter table shaped like
// the built-in kernels' (integers with minimums and a derived default,
// booleans, dtypes and strings with choices). Each input line is one
// assignment. Only kernels::ParamError may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/params.hpp"

namespace {

using namespace kernbench::kernels;

std::vector<ParamSpec> specs() {
  std::vector<ParamSpec> s;
  s.push_back(int_param("M", 512, "rows"));
  s.push_back(int_param("N", 512, "columns"));
  s.push_back(derived_int_param(
      "BLOCK_SIZE", "N rounded up to a power of two",
      [](const ParamValues& p) {
        std::int64_t b = 1;
        while (b < p.integer("N") && b < (std::int64_t{1} << 40)) b <<= 1;
        return b;
      },
      "block"));
  s.push_back(int_param("num_programs", 0, "programs", 0));
  s.push_back(bool_param("causal", false, "mask"));
  s.push_back(
      dtype_param("dtype", kernbench::data::DType::f16, {"f16", "bf16", "fp8e5m2"}, "input dtype"));
  s.push_back(string_param("mode", "fwd", {"fwd", "bwd"}, "direction"));
  s.push_back(unused_int_param("num_warps", 4, "warps"));
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<ParamSpec> table = specs();
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> assignments;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    assignments.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  try {
    const ParamValues v = parse_params("fuzz", table, assignments);
    (void)v.to_string();
  } catch (const ParamError&) {
  }
  return 0;
}
