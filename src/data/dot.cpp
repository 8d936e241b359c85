#include "data/dot.hpp"

#include <cblas.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/convert.hpp"
#include "data/elementwise.hpp"

namespace kernbench::data {
namespace {

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

struct Dims {
  std::int64_t batch = 1;
  std::int64_t m = 0;
  std::int64_t k = 0;
  std::int64_t n = 0;
};

Dims dims_of(const Shape& a, const Shape& b) {
  const auto fail = [&](const std::string& why) {
    throw ShapeError("dot: " + why + " (a is " + a.to_string() + ", b is " + b.to_string() + ")");
  };
  if (a.rank() != b.rank() || (a.rank() != 2 && a.rank() != 3)) {
    fail("operands must both be 2-D [M, K] @ [K, N] or both 3-D [B, M, K] @ [B, K, N]");
  }
  const int r = a.rank();
  Dims d;
  if (r == 3) {
    if (a[0] != b[0])
      fail("batch dimensions differ: " + std::to_string(a[0]) + " vs " + std::to_string(b[0]));
    d.batch = a[0];
  }
  d.m = a[r - 2];
  d.k = a[r - 1];
  d.n = b[r - 1];
  if (b[r - 2] != d.k) {
    fail("inner dimensions differ: a has K = " + std::to_string(d.k) +
         " but b has K = " + std::to_string(b[r - 2]));
  }
  constexpr std::int64_t kBlasMax = INT32_MAX;
  if (d.m > kBlasMax || d.n > kBlasMax || d.k > kBlasMax) fail("a dimension exceeds 2^31 - 1");
  return d;
}

std::vector<float> tf32_copy(std::span<const float> v) {
  std::vector<float> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = round_to_tf32(v[i]);
  return out;
}

// C[b] += A[b] @ B[b] for every batch, row-major.
void sgemm_acc(const Dims& d, const float* a, const float* b, float* c) {
  for (std::int64_t i = 0; i < d.batch; ++i) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(d.m),
                static_cast<int>(d.n), static_cast<int>(d.k), 1.0f, a + i * d.m * d.k,
                static_cast<int>(std::max<std::int64_t>(d.k, 1)), b + i * d.k * d.n,
                static_cast<int>(std::max<std::int64_t>(d.n, 1)), 1.0f, c + i * d.m * d.n,
                static_cast<int>(std::max<std::int64_t>(d.n, 1)));
  }
}

// Integer product: blocked i-k-j loops so the j loop streams both B and C.
// 8/16-bit inputs with a 32-bit result accumulate in wrapping uint32
// (identical modulo 2^32 and twice as wide per vector as int64).
template <class Acc>
void int_gemm(const Dims& d, const std::int64_t* a, const std::int64_t* b, Acc* c) {
  constexpr std::int64_t kBi = 64;
  constexpr std::int64_t kBk = 256;
  std::vector<Acc> brow(static_cast<std::size_t>(d.k * d.n));
  for (std::int64_t bt = 0; bt < d.batch; ++bt) {
    const std::int64_t* ab = a + bt * d.m * d.k;
    const std::int64_t* bb = b + bt * d.k * d.n;
    Acc* cb = c + bt * d.m * d.n;
    for (std::int64_t i = 0; i < d.k * d.n; ++i)
      brow[static_cast<std::size_t>(i)] = static_cast<Acc>(bb[i]);
    for (std::int64_t i0 = 0; i0 < d.m; i0 += kBi) {
      const std::int64_t i1 = std::min(d.m, i0 + kBi);
      for (std::int64_t k0 = 0; k0 < d.k; k0 += kBk) {
        const std::int64_t k1 = std::min(d.k, k0 + kBk);
        for (std::int64_t i = i0; i < i1; ++i) {
          Acc* crow = cb + i * d.n;
          for (std::int64_t kk = k0; kk < k1; ++kk) {
            const auto av = static_cast<Acc>(ab[i * d.k + kk]);
            const Acc* br = brow.data() + kk * d.n;
            for (std::int64_t j = 0; j < d.n; ++j) crow[j] += av * br[j];
          }
        }
      }
    }
  }
}

}  // namespace

std::string_view name(DotPrecision p) {
  switch (p) {
    case DotPrecision::ieee:
      return "ieee";
    case DotPrecision::tf32:
      return "tf32";
    case DotPrecision::tf32x3:
      return "tf32x3";
  }
  throw std::logic_error("unknown DotPrecision");
}

DotPrecision parse_precision(std::string_view text) {
  if (text == "ieee") return DotPrecision::ieee;
  if (text == "tf32") return DotPrecision::tf32;
  if (text == "tf32x3") return DotPrecision::tf32x3;
  throw ValueError("unknown dot precision '" + std::string(text) +
                   "'; expected one of: ieee, tf32, tf32x3");
}

DType dot_result_dtype(DType a, DType b, std::optional<DType> acc, std::optional<DType> out_dtype) {
  const bool fa = is_float(a);
  const bool fb = is_float(b);
  if (fa != fb) {
    throw DTypeError("dot: cannot multiply " + std::string(name(a)) + " by " +
                     std::string(name(b)) + "; both operands must be float or both integer");
  }
  DType t = fa ? DType::f32 : DType::i32;
  if (acc) t = *acc;
  if (out_dtype) t = *out_dtype;
  if (fa && !(t == DType::f32 || t == DType::f16 || t == DType::bf16)) {
    throw DTypeError("dot: float inputs need an f32, f16 or bf16 result, not " +
                     std::string(name(t)));
  }
  if (!fa && !is_int(t)) {
    throw DTypeError("dot: integer inputs need an integer result, not " + std::string(name(t)));
  }
  return t;
}

Shape dot_result_shape(const Shape& a, const Shape& b) {
  const Dims d = dims_of(a, b);
  if (a.rank() == 3) return Shape{d.batch, d.m, d.n};
  return Shape{d.m, d.n};
}

Array dot(const Array& a, const Array& b, const Array* acc, std::optional<DType> out_dtype,
          DotPrecision precision) {
  const Dims d = dims_of(a.shape(), b.shape());
  const Shape out_shape = dot_result_shape(a.shape(), b.shape());
  const DType t = dot_result_dtype(
      a.dtype(), b.dtype(), acc ? std::optional<DType>(acc->dtype()) : std::nullopt, out_dtype);
  if (acc && !(acc->shape() == out_shape)) {
    throw ShapeError("dot: accumulator is " + describe(*acc) + " but a @ b is " +
                     out_shape.to_string() + " (a is " + describe(a) + ", b is " + describe(b) +
                     ")");
  }
  const auto count = static_cast<std::size_t>(out_shape.numel());

  if (a.has_float_storage()) {
    std::vector<float> c(count, 0.0f);
    if (acc) {
      const Array acc32 = cast(*acc, DType::f32);
      std::copy(acc32.f32().begin(), acc32.f32().end(), c.begin());
    }
    if (d.m > 0 && d.n > 0 && d.k > 0) {
      const bool round_a = precision != DotPrecision::ieee && a.dtype() == DType::f32;
      const bool round_b = precision != DotPrecision::ieee && b.dtype() == DType::f32;
      std::vector<float> ahi, bhi;
      const float* pa = a.f32().data();
      const float* pb = b.f32().data();
      if (round_a) {
        ahi = tf32_copy(a.f32());
        pa = ahi.data();
      }
      if (round_b) {
        bhi = tf32_copy(b.f32());
        pb = bhi.data();
      }
      if (precision == DotPrecision::tf32x3 && (round_a || round_b)) {
        // Low parts: what TF32 dropped, itself rounded to TF32. The small
        // terms go first so they are not lost against the big one.
        std::vector<float> alo(a.f32().size(), 0.0f), blo(b.f32().size(), 0.0f);
        if (round_a) {
          for (std::size_t i = 0; i < alo.size(); ++i) alo[i] = round_to_tf32(a.f32()[i] - pa[i]);
        }
        if (round_b) {
          for (std::size_t i = 0; i < blo.size(); ++i) blo[i] = round_to_tf32(b.f32()[i] - pb[i]);
        }
        std::vector<float> small(count, 0.0f);
        if (round_b) sgemm_acc(d, pa, blo.data(), small.data());
        if (round_a) sgemm_acc(d, alo.data(), pb, small.data());
        for (std::size_t i = 0; i < count; ++i) c[i] += small[i];
      }
      sgemm_acc(d, pa, pb, c.data());
    }
    round_inplace(t, c);
    return Array::from_float_storage(out_shape, t, std::move(c));
  }

  std::vector<std::int64_t> c(count, 0);
  const bool narrow =
      bit_width(a.dtype()) <= 16 && bit_width(b.dtype()) <= 16 && bit_width(t) <= 32;
  if (narrow) {
    std::vector<std::uint32_t> c32(count, 0);
    int_gemm(d, a.i64().data(), b.i64().data(), c32.data());
    for (std::size_t i = 0; i < count; ++i) c[i] = static_cast<std::int64_t>(c32[i]);
  } else {
    std::vector<std::uint64_t> c64(count, 0);
    int_gemm(d, a.i64().data(), b.i64().data(), c64.data());
    for (std::size_t i = 0; i < count; ++i) c[i] = static_cast<std::int64_t>(c64[i]);
  }
  if (acc) {
    const Array acc_t = cast(*acc, t);
    const auto av = acc_t.i64();
    for (std::size_t i = 0; i < count; ++i) {
      c[i] = static_cast<std::int64_t>(static_cast<std::uint64_t>(c[i]) +
                                       static_cast<std::uint64_t>(av[i]));
    }
  }
  for (auto& x : c) x = wrap_int(t, x);
  return Array::from_int_storage(out_shape, t, std::move(c));
}

}  // namespace kernbench::data
