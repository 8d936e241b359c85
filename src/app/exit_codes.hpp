#pragma once
/// \file
/// Process exit codes of `kernbench` (sysexits-like): the contract scripts
/// and sweep drivers rely on. Only main.cpp turns exceptions into these.

namespace kernbench::app {

inline constexpr int kExitOk = 0;         ///< success (also --help, --version)
inline constexpr int kExitUserError = 1;  ///< bad config, unknown preset, bad --set, ...
inline constexpr int kExitUsage = 2;  ///< bad command line: unknown command/option, bad flag value
inline constexpr int kExitInternal = 70;  ///< a bug in kernbench (EX_SOFTWARE)

}  // namespace kernbench::app
