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

}  // namespace

Access analyse_access(const HostValue& ptr, const std::optional<HostValue>& mask,
                      std::uint64_t elem) {
  using F = HostValue::Form;
  const data::Shape& shape = ptr.shape();
  const int rank = shape.rank();
  if (ptr.form() != F::affine) return gather_all(ptr, mask, elem);
  std::optional<HostValue> m;
  if (mask) m = broadcast_to(*mask, shape);
  if (m && m->form() != F::mask_and) return gather_all(ptr, mask, elem);
  if (m && m->is_constant() && m->constant_value() == 0.0) {
    Access a;
    a.elem = elem;
    return a;  // nothing active: an empty descriptor
  }
  // Active run and step per axis; axes of extent > 1 without a component
  // repeat addresses (a broadcast), which only a gather describes.
  SmallVec<int, 8> axes;  // axes that vary, outer to inner
  std::int64_t lo_idx[8] = {}, hi_idx[8] = {}, steps[8] = {};
  std::int64_t first = ptr.base();
  for (int k = 0; k < rank; ++k) {
    const auto& comp = ptr.comps()[static_cast<std::size_t>(k)];
    const auto run = active_run(
        m ? m->mask_comps()[static_cast<std::size_t>(k)] : Comp<std::uint8_t>{}, shape[k]);
    if (!run) return gather_all(ptr, mask, elem);
    lo_idx[k] = run->first;
    hi_idx[k] = run->second;
    if (hi_idx[k] == lo_idx[k]) {
      Access a;
      a.elem = elem;
      return a;
    }
    if (comp.empty()) {
      if (hi_idx[k] - lo_idx[k] > 1) return gather_all(ptr, mask, elem);
      continue;
    }
    first += comp[static_cast<std::size_t>(lo_idx[k])];
    if (hi_idx[k] - lo_idx[k] == 1) continue;
    const auto s = step_of(comp, lo_idx[k], hi_idx[k]);
    if (!s || *s <= 0) return gather_all(ptr, mask, elem);
    steps[k] = *s;
    axes.push_back(k);
  }
  Access a;
  a.elem = elem;
  a.lo = static_cast<std::uint64_t>(first);
  if (axes.empty()) {
    a.active = 1;
    a.span = elem;
    a.pattern = hw::Contiguous{a.lo, elem};
    return a;
  }
  if (axes.size() == 1) {
    const int only = axes[0];
    const auto n = static_cast<std::uint64_t>(hi_idx[only] - lo_idx[only]);
    const auto step = static_cast<std::uint64_t>(steps[only]);
    if (step < elem) return gather_all(ptr, mask, elem);  // overlapping lanes
    a.active = n;
    a.span = (n - 1) * step + elem;
    if (step == elem) {
      a.pattern = hw::Contiguous{a.lo, a.span};
    } else {
      a.pattern = hw::Strided2D{a.lo, n, elem, step};  // one element per row
    }
    return a;
  }
  if (axes.size() == 2) {
    // The runs follow whichever axis has unit step: the last one for a
    // row-major tile, the first one for a transposed tile.
    int inner = axes[axes.size() - 1];
    int outer = axes[0];
    if (steps[inner] != static_cast<std::int64_t>(elem)) {
      std::swap(inner, outer);
      a.transposed = true;
    }
    if (steps[inner] != static_cast<std::int64_t>(elem)) return gather_all(ptr, mask, elem);
    const std::int64_t n_inner = hi_idx[inner] - lo_idx[inner];
    const std::int64_t rows = hi_idx[outer] - lo_idx[outer];
    const auto row_bytes = static_cast<std::uint64_t>(n_inner) * elem;
    const auto stride = static_cast<std::uint64_t>(steps[outer]);
    if (stride < row_bytes) return gather_all(ptr, mask, elem);  // overlapping rows
    a.active = static_cast<std::uint64_t>(rows * n_inner);
    a.span = static_cast<std::uint64_t>(rows - 1) * stride + row_bytes;
    if (stride == row_bytes) {
      a.pattern = hw::Contiguous{a.lo, a.span};
    } else {
      a.pattern = hw::Strided2D{a.lo, static_cast<std::uint64_t>(rows), row_bytes, stride};
    }
    return a;
  }
  return gather_all(ptr, mask, elem);
}

}  // namespace kernbench::tl
