#include "tl/access.hpp"

#include "tl/small_vec.hpp"

#include "data/layout.hpp"

namespace kernbench::tl {

namespace {

/// [lo, hi) of the active indices along one axis, or nullopt if not one run.
std::optional<std::pair<std::int64_t, std::int64_t>> active_run(const Comp<std::uint8_t>& m,
                                                                std::int64_t n) {
  if (m.empty()) return std::make_pair(std::int64_t{0}, n);
  if (m.lo() != 0) return std::make_pair(std::int64_t{0}, n);  // all active
  std::int64_t lo = -1, hi = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    if (m[static_cast<std::size_t>(i)] != 0) {
      if (lo < 0) lo = i;
      if (hi >= 0) return std::nullopt;  // a second run
    } else if (lo >= 0 && hi < 0) {
      hi = i;
    }
  }
  if (lo < 0) return std::make_pair(std::int64_t{0}, std::int64_t{0});
  if (hi < 0) hi = n;
  return std::make_pair(lo, hi);
}

/// Constant step of comp over [lo, hi), or nullopt.
std::optional<std::int64_t> step_of(const Comp<std::int64_t>& c, std::int64_t lo, std::int64_t hi) {
  if (hi - lo < 2) return std::int64_t{0};
  if (c.step() && lo == 0 && hi == static_cast<std::int64_t>(c.size())) return c.step();
  const std::int64_t s = c[static_cast<std::size_t>(lo + 1)] - c[static_cast<std::size_t>(lo)];
  for (std::int64_t i = lo + 1; i < hi; ++i) {
    if (c[static_cast<std::size_t>(i)] - c[static_cast<std::size_t>(i - 1)] != s) {
      return std::nullopt;
    }
  }
  return s;
}

Access gather_all(const HostValue& ptr, const std::optional<HostValue>& mask, std::uint64_t elem) {
  Access a;
  a.elem = elem;
  const data::Array addrs = ptr.materialize();
  const auto av = addrs.i64();
  if (mask) {
    const data::Array m = data::broadcast_to(mask->materialize(), ptr.shape());
    const auto mv = m.i64();
    for (std::size_t i = 0; i < av.size(); ++i) {
      if (mv[i] != 0) a.gather.push_back(static_cast<std::uint64_t>(av[i]));
    }
  } else {
    a.gather.assign(av.begin(), av.end());
  }
  a.active = a.gather.size();
  a.pattern = hw::Gather{a.gather, elem};
  return a;
}

/// An empty descriptor: no lane is active.
Access empty_access(std::uint64_t elem) {
  Access a;
  a.elem = elem;
  return a;
}

/// The active index run and the address step of each axis of an affine
/// pointer tile under a mask_and mask (or none).
struct AxisRuns {
  SmallVec<int, 8> axes;  ///< axes that vary, outer to inner
  std::int64_t lo[8] = {}, hi[8] = {}, steps[8] = {};
  std::int64_t first = 0;  ///< address of the first active lane
  bool empty = false;      ///< some axis has no active index
};

/// Fills `r` from `ptr` and `m`; false when only a gather describes the
/// access (an irregular run or step, or a broadcast axis of extent > 1).
bool axis_runs(const HostValue& ptr, const std::optional<HostValue>& m, AxisRuns& r) {
  const data::Shape& shape = ptr.shape();
  r.first = ptr.base();
  for (int k = 0; k < shape.rank(); ++k) {
    const auto& comp = ptr.comps()[static_cast<std::size_t>(k)];
    const auto run = active_run(
        m ? m->mask_comps()[static_cast<std::size_t>(k)] : Comp<std::uint8_t>{}, shape[k]);
    if (!run) return false;
    r.lo[k] = run->first;
    r.hi[k] = run->second;
    if (r.hi[k] == r.lo[k]) {
      r.empty = true;
      return true;
    }
    if (comp.empty()) {
      if (r.hi[k] - r.lo[k] > 1) return false;
      continue;
    }
    r.first += comp[static_cast<std::size_t>(r.lo[k])];
    if (r.hi[k] - r.lo[k] == 1) continue;
    const auto s = step_of(comp, r.lo[k], r.hi[k]);
    if (!s || *s <= 0) return false;
    r.steps[k] = *s;
    r.axes.push_back(k);
  }
  return true;
}

/// A run along one axis: contiguous, or one element per row. False when
/// lanes overlap.
bool one_axis_access(const AxisRuns& r, Access& a) {
  const int only = r.axes[0];
  const auto n = static_cast<std::uint64_t>(r.hi[only] - r.lo[only]);
  const auto step = static_cast<std::uint64_t>(r.steps[only]);
  if (step < a.elem) return false;
  a.active = n;
  a.span = (n - 1) * step + a.elem;
  if (step == a.elem) {
    a.pattern = hw::Contiguous{a.lo, a.span};
  } else {
    a.pattern = hw::Strided2D{a.lo, n, a.elem, step};
  }
  return true;
}

/// A tile of rows: the runs follow whichever axis has unit step, the last
/// one for a row-major tile, the first one for a transposed tile. False when
/// neither axis has unit step or rows overlap.
bool two_axis_access(const AxisRuns& r, Access& a) {
  int inner = r.axes[1];
  int outer = r.axes[0];
  const auto elem = static_cast<std::int64_t>(a.elem);
  if (r.steps[inner] != elem) {
    std::swap(inner, outer);
    a.transposed = true;
  }
  if (r.steps[inner] != elem) return false;
  const std::int64_t n_inner = r.hi[inner] - r.lo[inner];
  const std::int64_t rows = r.hi[outer] - r.lo[outer];
  const auto row_bytes = static_cast<std::uint64_t>(n_inner) * a.elem;
  const auto stride = static_cast<std::uint64_t>(r.steps[outer]);
  if (stride < row_bytes) return false;
  a.active = static_cast<std::uint64_t>(rows * n_inner);
  a.span = static_cast<std::uint64_t>(rows - 1) * stride + row_bytes;
  if (stride == row_bytes) {
    a.pattern = hw::Contiguous{a.lo, a.span};
  } else {
    a.pattern = hw::Strided2D{a.lo, static_cast<std::uint64_t>(rows), row_bytes, stride};
  }
  return true;
}

}  // namespace

Access analyse_access(const HostValue& ptr, const std::optional<HostValue>& mask,
                      std::uint64_t elem) {
  using F = HostValue::Form;
  if (ptr.form() != F::affine) return gather_all(ptr, mask, elem);
  std::optional<HostValue> m;
  if (mask) m = broadcast_to(*mask, ptr.shape());
  if (m && m->form() != F::mask_and) return gather_all(ptr, mask, elem);
  if (m && m->is_constant() && m->constant_value() == 0.0) return empty_access(elem);
  AxisRuns r;
  if (!axis_runs(ptr, m, r)) return gather_all(ptr, mask, elem);
  if (r.empty) return empty_access(elem);
  Access a = empty_access(elem);
  a.lo = static_cast<std::uint64_t>(r.first);
  bool described = false;
  if (r.axes.empty()) {
    a.active = 1;
    a.span = elem;
    a.pattern = hw::Contiguous{a.lo, elem};
    described = true;
  } else if (r.axes.size() == 1) {
    described = one_axis_access(r, a);
  } else if (r.axes.size() == 2) {
    described = two_axis_access(r, a);
  }
  return described ? a : gather_all(ptr, mask, elem);
}

}  // namespace kernbench::tl
