#pragma once
/// @file resource_limits.hpp
/// Keeping one bad run from taking the machine down.
///
/// `limit_memory()` lowers the process's address-space limit (RLIMIT_AS) to
/// the machine's physical memory (never raising a lower limit the user set
/// with `ulimit -v`). A run that would need more, a data-mode tensor of
/// hundreds of GB or a configuration far too large, then gets `std::bad_alloc`
/// from its allocation, which `describe_failure` reports as a user error
/// (exit 1) saying which limit was hit, instead of swapping the machine to a
/// halt or being killed by the kernel's OOM killer. Skipped under
/// AddressSanitizer, whose shadow memory reserves terabytes of address space.

#include <cstdint>

namespace kernbench::app {

/// Applies the limit; returns it in bytes (0: none was set).
std::uint64_t limit_memory();

/// The limit set by limit_memory() (0 before it ran or when skipped).
std::uint64_t memory_limit();

}  // namespace kernbench::app
