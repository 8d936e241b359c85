#include "app/failure.hpp"

#include <fmt/format.h>

#include <new>
#include <stdexcept>

#include "app/errors.hpp"
#include "app/exit_codes.hpp"
#include "app/resource_limits.hpp"
#include "util/clip.hpp"

namespace kernbench::app {
namespace {

std::string line(std::string_view kind, std::string_view message) {
  std::string out = "kernbench: ";
  out.append(kind).append(": ");
  // Scripts rely on one line per failure; fold multi-line library messages,
  // and keep one that echoes huge input readable.
  for (const char c : util::clip_message(message)) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  out.push_back('\n');
  return out;
}

}  // namespace

std::string error_line(std::string_view message) {
  return line("error", message);
}

Failure describe_failure(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const UsageError& x) {
    return {kExitUsage, line("error", x.what())};
  } catch (const std::runtime_error& x) {
    return {kExitUserError, line("error", x.what())};
  } catch (const std::bad_alloc&) {
    // Sizes come from the user (a data-mode tensor of hundreds of GB); the
    // CLI caps its address space at the physical memory (resource_limits).
    const std::uint64_t limit = memory_limit();
    return {kExitUserError,
            line("error", fmt::format("out of memory: the run needs more than {}; use --mode "
                                      "timing (no tensor values) or smaller sizes",
                                      limit != 0 ? fmt::format("the {:.1f} GiB this process may "
                                                               "use (the machine's memory)",
                                                               static_cast<double>(limit) /
                                                                   (1024.0 * 1024 * 1024))
                                                 : std::string("the memory available")))};
  } catch (const std::exception& x) {
    // std::logic_error and anything else from the standard library
    // (bad_alloc, ...) is not something the user can fix.
    return {kExitInternal, line("internal error", x.what())};
  } catch (...) {
    return {kExitInternal, line("internal error", "unknown exception")};
  }
}

}  // namespace kernbench::app
