#include "tl/pipeline.hpp"

#include <type_traits>
#include <variant>

namespace kernbench::tl {

std::optional<std::int64_t> pattern_step(const hw::AccessPattern& from,
                                         const hw::AccessPattern& to) {
  const auto step = [](std::uint64_t a, std::uint64_t b) {
    return static_cast<std::int64_t>(b - a);  // two's complement: a signed step
  };
  if (const auto* a = std::get_if<hw::Contiguous>(&from)) {
    const auto* b = std::get_if<hw::Contiguous>(&to);
    if (b == nullptr || a->bytes != b->bytes) return std::nullopt;
    return step(a->addr, b->addr);
  }
  if (const auto* a = std::get_if<hw::Strided2D>(&from)) {
    const auto* b = std::get_if<hw::Strided2D>(&to);
    if (b == nullptr || a->rows != b->rows || a->row_bytes != b->row_bytes ||
        a->stride != b->stride) {
      return std::nullopt;
    }
    return step(a->addr, b->addr);
  }
  const auto* a = std::get_if<hw::Gather>(&from);
  const auto* b = std::get_if<hw::Gather>(&to);
  if (a == nullptr || b == nullptr || a->elem_bytes != b->elem_bytes ||
      a->addrs.size() != b->addrs.size() || a->addrs.empty()) {
    return std::nullopt;
  }
  const std::int64_t d = step(a->addrs[0], b->addrs[0]);
  for (std::size_t i = 1; i < a->addrs.size(); ++i) {
    if (step(a->addrs[i], b->addrs[i]) != d) return std::nullopt;
  }
  return d;
}

hw::AccessPattern shifted(const hw::AccessPattern& p, std::int64_t step,
                          std::vector<std::uint64_t>& storage) {
  return std::visit(
      [&](const auto& v) -> hw::AccessPattern {
        auto r = v;
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, hw::Gather>) {
          storage.assign(v.addrs.begin(), v.addrs.end());
          for (std::uint64_t& a : storage) a += static_cast<std::uint64_t>(step);
          r.addrs = storage;
        } else {
          r.addr = v.addr + static_cast<std::uint64_t>(step);
        }
        return r;
      },
      p);
}

bool same_pattern(const hw::AccessPattern& a, const hw::AccessPattern& b) {
  const auto s = pattern_step(a, b);
  return s.has_value() && *s == 0;
}

}  // namespace kernbench::tl
