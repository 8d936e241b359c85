#include "data/random.hpp"

#include <cmath>
#include <random>
#include <string>

#include "data/convert.hpp"

namespace kernbench::data {

Array random_array(const Shape& shape, DType dtype, std::uint64_t seed, double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw ValueError("random_array: need finite lo < hi, got lo = " + std::to_string(lo) +
                     ", hi = " + std::to_string(hi));
  }
  std::mt19937_64 gen(seed);
  const auto n = static_cast<std::size_t>(shape.numel());
  if (is_float(dtype)) {
    std::vector<float> v(n);
    const double width = hi - lo;
    const auto uniform = [&] {
      return lo + width * (static_cast<double>(gen() >> 11) * 0x1.0p-53);
    };
    if (dtype == DType::f32) {  // round_to(f32, x) is the plain conversion
      for (auto& x : v) x = static_cast<float>(uniform());
    } else {
      for (auto& x : v) x = round_to(dtype, uniform());
    }
    return Array::from_float_storage(shape, dtype, std::move(v));
  }
  const double clo = std::ceil(lo);
  const double chi = std::ceil(hi);
  if (!(clo < chi) || clo < -9.2e18 || chi > 9.2e18) {
    throw ValueError("random_array: no integers in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + ") representable as int64");
  }
  const auto ilo = static_cast<std::int64_t>(clo);
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(chi) - ilo);
  std::vector<std::int64_t> v(n);
  for (auto& x : v) {
    x = int_to_int(dtype,
                   static_cast<std::int64_t>(static_cast<std::uint64_t>(ilo) + gen() % span));
  }
  return Array::from_int_storage(shape, dtype, std::move(v));
}

}  // namespace kernbench::data
