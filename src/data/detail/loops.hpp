#pragma once
/// @file
/// Internal: broadcast iteration plans and the element loops every
/// elementwise op runs. Loops are templates over a functor so the op is
/// inlined into the innermost loop (no per-element indirect call) and the
/// contiguous cases vectorise.

#include <array>
#include <cstdint>
#include <initializer_list>

#include "data/shape.hpp"

namespace kernbench::data::detail {

using Strides = std::array<std::int64_t, Shape::kMaxRank>;

/// Output dims with up to three operands' element strides (0 on broadcast
/// axes), after merging adjacent axes that are contiguous for every operand.
struct Plan {
  int rank = 0;
  std::array<std::int64_t, Shape::kMaxRank> dims{};
  std::array<Strides, 3> strides{};
};

/// Builds the plan for operands of `in` shapes broadcast to `out` (each `in`
/// must already be broadcast-compatible with `out`).
Plan make_plan(const Shape& out, std::initializer_list<const Shape*> in);

// Advances the outer index (all axes but the last) and the operand offsets.
template <int N>
inline void advance(const Plan& p, std::array<std::int64_t, Shape::kMaxRank>& idx,
                    std::array<std::int64_t, 3>& off) {
  for (int d = p.rank - 2; d >= 0; --d) {
    const auto du = static_cast<std::size_t>(d);
    ++idx[du];
    for (int k = 0; k < N; ++k)
      off[static_cast<std::size_t>(k)] += p.strides[static_cast<std::size_t>(k)][du];
    if (idx[du] < p.dims[du]) return;
    for (int k = 0; k < N; ++k) {
      off[static_cast<std::size_t>(k)] -= p.strides[static_cast<std::size_t>(k)][du] * p.dims[du];
    }
    idx[du] = 0;
  }
}

/// out[i] = f(a[.], b[.]) over the broadcast output of `p` (out is dense).
template <class Out, class A, class B, class F>
void loop2(const Plan& p, std::int64_t numel, Out* out, const A* a, const B* b, F f) {
  if (numel == 0) return;
  if (p.rank == 0) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const auto last = static_cast<std::size_t>(p.rank - 1);
  const std::int64_t inner = p.dims[last];
  const std::int64_t sa = p.strides[0][last];
  const std::int64_t sb = p.strides[1][last];
  const std::int64_t outer = numel / inner;
  std::array<std::int64_t, Shape::kMaxRank> idx{};
  std::array<std::int64_t, 3> off{};
  for (std::int64_t o = 0; o < outer; ++o) {
    Out* po = out + o * inner;
    const A* pa = a + off[0];
    const B* pb = b + off[1];
    if (sa == 1 && sb == 1) {
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(pa[k], pb[k]);
    } else if (sa == 1 && sb == 0) {
      const B vb = *pb;
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(pa[k], vb);
    } else if (sa == 0 && sb == 1) {
      const A va = *pa;
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(va, pb[k]);
    } else {
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(pa[k * sa], pb[k * sb]);
    }
    advance<2>(p, idx, off);
  }
}

/// out[i] = f(a[.], b[.], c[.]) over the broadcast output of `p`.
template <class Out, class A, class B, class C, class F>
void loop3(const Plan& p, std::int64_t numel, Out* out, const A* a, const B* b, const C* c, F f) {
  if (numel == 0) return;
  if (p.rank == 0) {
    out[0] = f(a[0], b[0], c[0]);
    return;
  }
  const auto last = static_cast<std::size_t>(p.rank - 1);
  const std::int64_t inner = p.dims[last];
  const std::int64_t sa = p.strides[0][last];
  const std::int64_t sb = p.strides[1][last];
  const std::int64_t sc = p.strides[2][last];
  const std::int64_t outer = numel / inner;
  std::array<std::int64_t, Shape::kMaxRank> idx{};
  std::array<std::int64_t, 3> off{};
  for (std::int64_t o = 0; o < outer; ++o) {
    Out* po = out + o * inner;
    const A* pa = a + off[0];
    const B* pb = b + off[1];
    const C* pc = c + off[2];
    if (sa == 1 && sb == 1 && sc == 1) {
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(pa[k], pb[k], pc[k]);
    } else {
      for (std::int64_t k = 0; k < inner; ++k) po[k] = f(pa[k * sa], pb[k * sb], pc[k * sc]);
    }
    advance<3>(p, idx, off);
  }
}

/// Copies `in` (shape `in_shape`) broadcast to `out_shape` into dense `out`.
template <class T>
void broadcast_copy(const Shape& in_shape, const Shape& out_shape, const T* in, T* out) {
  const Plan p = make_plan(out_shape, {&in_shape});
  const T zero{};
  loop2(p, out_shape.numel(), out, in, &zero, [](T x, T) { return x; });
}

}  // namespace kernbench::data::detail
