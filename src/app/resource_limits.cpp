#include "app/resource_limits.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace kernbench::app {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

std::uint64_t physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

}  // namespace

std::uint64_t memory_limit() {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 0;
  return static_cast<std::uint64_t>(rl.rlim_cur);
}

std::uint64_t limit_memory() {
  if (kAsan) return 0;
  const std::uint64_t phys = physical_memory();
  if (phys == 0) return 0;
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_AS, &rl) != 0) return 0;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= phys) return rl.rlim_cur;  // already lower
  rl.rlim_cur = static_cast<rlim_t>(phys);
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
  if (::setrlimit(RLIMIT_AS, &rl) != 0) return 0;
  return static_cast<std::uint64_t>(rl.rlim_cur);
}

}  // namespace kernbench::app
