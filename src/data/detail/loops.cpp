#include "data/detail/loops.hpp"

#include <stdexcept>

namespace kernbench::data::detail {

Plan make_plan(const Shape& out, std::initializer_list<const Shape*> in) {
  if (in.size() > 3) throw std::logic_error("make_plan: at most three operands");
  Plan p;
  const int r = out.rank();
  // Right-align each operand and give broadcast axes stride 0.
  std::array<Strides, 3> st{};
  int k = 0;
  for (const Shape* s : in) {
    const Strides own = s->strides();
    for (int d = 0; d < r; ++d) {
      const int sd = d - (r - s->rank());
      const bool present = sd >= 0 && (*s)[sd] != 1;
      st[static_cast<std::size_t>(k)][static_cast<std::size_t>(d)] =
          present ? own[static_cast<std::size_t>(sd)] : 0;
    }
    ++k;
  }
  // Merge axis d into the following one when every operand (and the dense
  // output) steps through them as one run. Size-1 output axes are dropped.
  int pr = 0;
  for (int d = 0; d < r; ++d) {
    const std::int64_t n = out[d];
    if (n == 1 && r > 1) continue;
    const auto du = static_cast<std::size_t>(d);
    if (pr > 0) {
      const auto prev = static_cast<std::size_t>(pr - 1);
      bool mergeable = true;
      for (int j = 0; j < k; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        if (p.strides[ju][prev] != st[ju][du] * n) mergeable = false;
      }
      if (mergeable) {
        p.dims[prev] *= n;
        for (int j = 0; j < k; ++j) {
          const auto ju = static_cast<std::size_t>(j);
          p.strides[ju][prev] = st[ju][du];
        }
        continue;
      }
    }
    const auto pu = static_cast<std::size_t>(pr);
    p.dims[pu] = n;
    for (int j = 0; j < k; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      p.strides[ju][pu] = st[ju][du];
    }
    ++pr;
  }
  if (pr == 0 && r > 0) {
    // Every axis had size 1: a single element.
    p.dims[0] = 1;
    pr = 1;
  }
  p.rank = pr;
  return p;
}

}  // namespace kernbench::data::detail
