#include "data/reduce.hpp"

#include <string>
#include <vector>

#include "data/convert.hpp"
#include "data/elementwise.hpp"

namespace kernbench::data {
namespace {

// The input viewed as [outer, len, inner] with the reduced axis in the middle.
struct View {
  std::int64_t outer = 1;
  std::int64_t len = 1;
  std::int64_t inner = 1;
};

View make_view(const Shape& s, std::optional<int> axis) {
  View v;
  if (!axis) {
    v.len = s.numel();
    return v;
  }
  for (int d = 0; d < s.rank(); ++d) {
    if (d < *axis) v.outer *= s[d];
    if (d == *axis) v.len = s[d];
    if (d > *axis) v.inner *= s[d];
  }
  return v;
}

// Sum of a contiguous run: eight interleaved double partials (vectorisable,
// fixed order) combined pairwise.
double sum_run(const float* p, std::int64_t n) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += static_cast<double>(p[i + j]);
  }
  for (int j = 0; i < n; ++i, ++j) acc[j] += static_cast<double>(p[i]);
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

std::vector<double> sum_float(const View& v, const float* x) {
  std::vector<double> out(static_cast<std::size_t>(v.outer * v.inner), 0.0);
  for (std::int64_t o = 0; o < v.outer; ++o) {
    const float* base = x + o * v.len * v.inner;
    double* dst = out.data() + o * v.inner;
    if (v.inner == 1) {
      dst[0] = sum_run(base, v.len);
    } else {
      for (std::int64_t r = 0; r < v.len; ++r) {
        const float* row = base + r * v.inner;
        for (std::int64_t k = 0; k < v.inner; ++k) dst[k] += static_cast<double>(row[k]);
      }
    }
  }
  return out;
}

std::vector<std::int64_t> sum_int(const View& v, const std::int64_t* x) {
  // Unsigned accumulation: wraps like the hardware instead of overflowing.
  std::vector<std::uint64_t> acc(static_cast<std::size_t>(v.outer * v.inner), 0);
  for (std::int64_t o = 0; o < v.outer; ++o) {
    const std::int64_t* base = x + o * v.len * v.inner;
    std::uint64_t* dst = acc.data() + o * v.inner;
    for (std::int64_t r = 0; r < v.len; ++r) {
      const std::int64_t* row = base + r * v.inner;
      for (std::int64_t k = 0; k < v.inner; ++k) dst[k] += static_cast<std::uint64_t>(row[k]);
    }
  }
  return std::vector<std::int64_t>(acc.begin(), acc.end());
}

// max/min and their indices. `better(x, best)` is strict, so the first of
// equal values stays; NaN never compares better, so it is skipped, and a
// slice that is all NaN keeps index 0 and value NaN.
template <class T, class Better>
void extreme(const View& v, const T* x, std::vector<T>& val, std::vector<std::int64_t>& idx,
             Better better) {
  const auto m = static_cast<std::size_t>(v.outer * v.inner);
  val.assign(m, T{});
  idx.assign(m, 0);
  std::vector<unsigned char> found(m, 0);
  for (std::int64_t o = 0; o < v.outer; ++o) {
    const T* base = x + o * v.len * v.inner;
    T* dv = val.data() + o * v.inner;
    std::int64_t* di = idx.data() + o * v.inner;
    unsigned char* df = found.data() + o * v.inner;
    for (std::int64_t k = 0; k < v.inner; ++k) dv[k] = base[k];  // element 0 (maybe NaN)
    for (std::int64_t r = 0; r < v.len; ++r) {
      const T* row = base + r * v.inner;
      for (std::int64_t k = 0; k < v.inner; ++k) {
        const T e = row[k];
        if (e != e) continue;  // NaN (floats only; never true for integers)
        if (!df[k] || better(e, dv[k])) {
          dv[k] = e;
          di[k] = r;
          df[k] = 1;
        }
      }
    }
  }
}

}  // namespace

std::string_view name(RedOp op) {
  switch (op) {
    case RedOp::sum:
      return "sum";
    case RedOp::max:
      return "max";
    case RedOp::min:
      return "min";
    case RedOp::argmax:
      return "argmax";
    case RedOp::argmin:
      return "argmin";
  }
  throw std::logic_error("unknown RedOp");
}

DType reduce_result_dtype(RedOp op, DType in, std::optional<DType> out_dtype) {
  if (op == RedOp::argmax || op == RedOp::argmin) return DType::i32;
  if (out_dtype) return *out_dtype;
  if (op == RedOp::sum && is_integral(in) && bit_width(in) < 32) {
    return (is_signed(in) || is_bool(in)) ? DType::i32 : DType::u32;
  }
  return in;
}

Shape reduce_result_shape(const Shape& in, std::optional<int> axis, bool keep_dims) {
  if (!axis) {
    if (!keep_dims) return Shape{};
    std::vector<std::int64_t> ones(static_cast<std::size_t>(in.rank()), 1);
    return Shape(std::span<const std::int64_t>(ones));
  }
  const int ax = normalize_axis(*axis, in, "reduce");
  return keep_dims ? in.with_dim(ax, 1) : in.removed(ax);
}

Array reduce(RedOp op, const Array& a, std::optional<int> axis, bool keep_dims,
             std::optional<DType> out_dtype) {
  const std::string opname(name(op));
  if (axis) axis = normalize_axis(*axis, a.shape(), opname);
  const Shape out_shape = reduce_result_shape(a.shape(), axis, keep_dims);
  const View v = make_view(a.shape(), axis);
  const DType t = reduce_result_dtype(op, a.dtype(), out_dtype);

  if (op == RedOp::sum) {
    const Array in =
        a.dtype() == t || (is_float(t) && is_exact_subset(a.dtype(), t) && a.has_float_storage())
            ? a
            : cast(a, t);
    if (is_float(t)) {
      const std::vector<double> s = sum_float(v, in.f32().data());
      std::vector<float> out(s.size());
      for (std::size_t i = 0; i < s.size(); ++i) out[i] = round_to(t, s[i]);
      return Array::from_float_storage(out_shape, t, std::move(out));
    }
    std::vector<std::int64_t> s = sum_int(v, in.i64().data());
    for (auto& x : s) x = wrap_int(t, x);
    return Array::from_int_storage(out_shape, t, std::move(s));
  }

  if (v.len == 0) {
    throw ValueError(opname + ": cannot reduce an empty axis of " + std::string(name(a.dtype())) +
                     a.shape().to_string());
  }
  const bool want_max = op == RedOp::max || op == RedOp::argmax;
  const bool want_index = op == RedOp::argmax || op == RedOp::argmin;
  const Array in = (!want_index && out_dtype && *out_dtype != a.dtype()) ? cast(a, t) : a;
  std::vector<std::int64_t> idx;
  if (in.has_float_storage()) {
    std::vector<float> val;
    if (want_max) {
      extreme(v, in.f32().data(), val, idx, [](float x, float b) { return x > b; });
    } else {
      extreme(v, in.f32().data(), val, idx, [](float x, float b) { return x < b; });
    }
    if (!want_index) return Array::from_float_storage(out_shape, in.dtype(), std::move(val));
  } else {
    std::vector<std::int64_t> val;
    if (want_max) {
      extreme(v, in.i64().data(), val, idx, [](std::int64_t x, std::int64_t b) { return x > b; });
    } else {
      extreme(v, in.i64().data(), val, idx, [](std::int64_t x, std::int64_t b) { return x < b; });
    }
    if (!want_index) return Array::from_int_storage(out_shape, in.dtype(), std::move(val));
  }
  for (auto& i : idx) {
    if (i > INT32_MAX) {
      throw ValueError(opname + ": index " + std::to_string(i) + " does not fit in int32");
    }
  }
  return Array::from_int_storage(out_shape, DType::i32, std::move(idx));
}

}  // namespace kernbench::data
