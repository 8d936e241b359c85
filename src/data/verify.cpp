#include "data/verify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace kernbench::data {
namespace {

std::string describe(const Array& a) {
  return std::string(name(a.dtype())) + a.shape().to_string();
}

std::vector<std::int64_t> unflatten(const Shape& s, std::int64_t flat) {
  std::vector<std::int64_t> idx(static_cast<std::size_t>(s.rank()));
  for (int d = s.rank() - 1; d >= 0; --d) {
    idx[static_cast<std::size_t>(d)] = flat % s[d];
    flat /= s[d];
  }
  return idx;
}

std::string num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

/// Exact comparison of two integer arrays (numel and tolerance already set).
void verify_integers(const Array& out, const Array& ref, VerifyResult& r) {
  r.integer = true;
  const double atol = r.tolerance.atol;
  const double rtol = r.tolerance.rtol;
  double worst_score = -1.0;
  std::int64_t worst = -1;
  for (std::int64_t i = 0; i < r.numel; ++i) {
    const std::int64_t o = out.get_int(i);
    const std::int64_t e = ref.get_int(i);
    if (o == e) continue;
    // |o - e| without overflow or rounding: at most 2^64 - 1.
    const unsigned __int128 diff =
        o > e ? static_cast<unsigned __int128>(static_cast<__int128>(o) - static_cast<__int128>(e))
              : static_cast<unsigned __int128>(static_cast<__int128>(e) - static_cast<__int128>(o));
    const double d = static_cast<double>(diff);  // >= 1: the comparison below stays exact at 0
    const double magnitude = std::fabs(static_cast<double>(e));
    const double allowed = atol + rtol * magnitude;
    r.max_abs_error = std::max(r.max_abs_error, d);
    if (e != 0) r.max_rel_error = std::max(r.max_rel_error, d / magnitude);
    if (!(d <= allowed)) ++r.mismatches;
    const double score = allowed > 0 ? d / allowed : std::numeric_limits<double>::infinity();
    if (score > worst_score) {
      worst_score = score;
      worst = i;
    }
  }
  if (worst >= 0) {
    r.worst_index = unflatten(out.shape(), worst);
    r.worst_out_int = out.get_int(worst);
    r.worst_ref_int = ref.get_int(worst);
    r.worst_out = static_cast<double>(r.worst_out_int);
    r.worst_ref = static_cast<double>(r.worst_ref_int);
  }
  r.passed = r.mismatches == 0;
}

/// Calls `f` with a function from a flat index to `a`'s value as a double,
/// reading its storage directly (float or integer).
template <class F>
std::int64_t with_values(const Array& a, F&& f) {
  if (a.has_float_storage()) {
    const float* v = a.f32().data();
    return f([v](std::int64_t i) { return static_cast<double>(v[i]); });
  }
  const std::int64_t* v = a.i64().data();
  return f([v](std::int64_t i) { return static_cast<double>(v[i]); });
}

/// 1 - 2^-51: see compare_floats.
constexpr double kBelow = 1.0 - 0x1.0p-51;

/// Running figures of a float comparison, kept in locals of the loop.
struct FloatTally {
  double max_abs = 0.0;
  double max_rel = 0.0;
  std::int64_t mismatches = 0;
  std::int64_t nan_mismatches = 0;
  double worst_score = -1.0;
  std::int64_t worst = -1;

  void score(double s, std::int64_t i) {
    if (s > worst_score) {  // strict: the first of equal scores stays
      worst_score = s;
      worst = i;
    }
  }
};

/// One element whose values are not both finite (NaN or infinity).
void tally_special(double o, double e, std::int64_t i, FloatTally& t) {
  const bool on = std::isnan(o);
  const bool en = std::isnan(e);
  if (on || en) {
    if (on && en) return;
    ++t.nan_mismatches;
  } else if (o == e) {
    return;  // the same infinity
  }
  ++t.mismatches;
  t.score(std::numeric_limits<double>::infinity(), i);
}

/// Compares every element (r.numel of them) within r.tolerance, counting
/// mismatches and the largest errors into `r`; returns the flat index of
/// the worst element (the first of equal scores), or -1.
template <class Out, class Ref>
std::int64_t compare_floats(Out out_at, Ref ref_at, VerifyResult& r) {
  const double atol = r.tolerance.atol;
  const double rtol = r.tolerance.rtol;
  const std::int64_t n = r.numel;
  FloatTally t;
  for (std::int64_t i = 0; i < n; ++i) {
    const double o = out_at(i);
    const double e = ref_at(i);
    const double diff = o - e;
    if (!std::isfinite(diff)) {  // NaN or infinity in one of them (stored values never overflow)
      tally_special(o, e, i, t);
      continue;
    }
    const double d = std::fabs(diff);
    if (d == 0.0) {  // exact: no error, score 0
      t.score(0.0, i);
      continue;
    }
    const double magnitude = std::fabs(e);
    const double allowed = atol + rtol * magnitude;
    t.max_abs = std::max(t.max_abs, d);
    if (d > allowed) ++t.mismatches;
    // A quotient d / x can exceed a running maximum m only if
    // d >= m * x * (1 - 2^-51) (the division and the product each round by
    // at most 2^-53): divide only then, with the same results as always.
    if (e != 0.0 && d >= t.max_rel * magnitude * kBelow) {
      t.max_rel = std::max(t.max_rel, d / magnitude);
    }
    if (!(allowed > 0)) {
      t.score(std::numeric_limits<double>::infinity(), i);
    } else if (d >= t.worst_score * allowed * kBelow) {
      t.score(d / allowed, i);
    }
  }
  r.max_abs_error = std::max(r.max_abs_error, t.max_abs);
  r.max_rel_error = std::max(r.max_rel_error, t.max_rel);
  r.mismatches += t.mismatches;
  r.nan_mismatches += t.nan_mismatches;
  return t.worst;
}

}  // namespace

Tolerance default_tolerance(DType t) {
  switch (t) {
    case DType::f32:
      return {1e-5, 1e-5};
    case DType::f16:
      return {1e-3, 2e-3};
    case DType::bf16:
      return {8e-3, 1.6e-2};
    case DType::f8e4m3:
      return {0.125, 0.25};
    case DType::f8e5m2:
      return {0.25, 0.5};
    default:
      return {0.0, 0.0};
  }
}

Tolerance default_tolerance(DType t, DotPrecision p) {
  if (t == DType::f32 && p == DotPrecision::tf32) return {1e-3, 2e-3};
  return default_tolerance(t);
}

VerifyResult verify(const Array& out, const Array& ref, std::optional<Tolerance> tolerance) {
  VerifyResult r;
  r.out_desc = describe(out);
  if (tolerance) {
    r.tolerance = *tolerance;
  } else {
    const Tolerance a = default_tolerance(out.dtype());
    const Tolerance b = default_tolerance(ref.dtype());
    r.tolerance = {std::max(a.atol, b.atol), std::max(a.rtol, b.rtol)};
  }
  if (!(out.shape() == ref.shape())) {
    r.note = "shape mismatch: out is " + describe(out) + " but ref is " + describe(ref);
    return r;
  }
  r.numel = out.numel();
  if (!is_float(out.dtype()) && !is_float(ref.dtype())) {
    verify_integers(out, ref, r);
    return r;
  }
  const std::int64_t worst = with_values(out, [&](auto out_at) {
    return with_values(ref, [&](auto ref_at) { return compare_floats(out_at, ref_at, r); });
  });
  if (worst >= 0) {
    r.worst_index = unflatten(out.shape(), worst);
    r.worst_out = out.get_double(worst);
    r.worst_ref = ref.get_double(worst);
  }
  r.passed = r.mismatches == 0;
  return r;
}

std::string VerifyResult::to_string() const {
  std::string s = (passed ? "PASS " : "FAIL ") + out_desc + ": ";
  if (!note.empty()) return s + note;
  if (mismatches > 0) {
    s += std::to_string(mismatches) + "/" + std::to_string(numel) + " mismatched";
    if (nan_mismatches > 0) s += " (" + std::to_string(nan_mismatches) + " NaN)";
  } else {
    s += std::to_string(numel) + " elements";
  }
  s += ", max abs err " + num(max_abs_error) + ", max rel err " + num(max_rel_error);
  if (!passed && !worst_index.empty()) {
    s += "; worst at [";
    for (std::size_t i = 0; i < worst_index.size(); ++i) {
      s += (i ? ", " : "") + std::to_string(worst_index[i]);
    }
    s += "]: out " +
         (integer ? std::to_string(worst_out_int) + " vs ref " + std::to_string(worst_ref_int)
                  : num(worst_out) + " vs ref " + num(worst_ref));
  }
  s += " (atol " + num(tolerance.atol) + ", rtol " + num(tolerance.rtol) + ")";
  return s;
}

}  // namespace kernbench::data
