#include "data/random.hpp"

#include <cmath>
#include <string>

#include "data/convert.hpp"

namespace kernbench::data {
namespace {

constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;

constexpr std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The documented draws: element i gets mix(base + (i + 1) * gamma).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : state_(mix(seed)) {}
  std::uint64_t operator()() { return mix(state_ += kGamma); }

 private:
  std::uint64_t state_;
};

}  // namespace

Array random_array(const Shape& shape, DType dtype, std::uint64_t seed, double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw ValueError("random_array: need finite lo < hi, got lo = " + std::to_string(lo) +
                     ", hi = " + std::to_string(hi));
  }
  Draws gen(seed);
  const auto n = static_cast<std::size_t>(shape.numel());
  if (is_float(dtype)) {
    std::vector<float> v(n);
    const double width = hi - lo;
    const auto uniform = [&] {
      // The top 53 bits fit an int64: the signed conversion is one instruction.
      return lo + width * (static_cast<double>(static_cast<std::int64_t>(gen() >> 11)) * 0x1.0p-53);
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
