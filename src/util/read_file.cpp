#include "util/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

namespace kernbench::util {

namespace {

std::string kind_of(mode_t m) {
  if (S_ISREG(m)) return "a regular file";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

std::string reason(int err) {
  if (err == ELOOP) return "too many levels of symbolic links (a symbolic-link loop?)";
  return std::generic_category().message(err);
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

std::string file_kind(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return kind_of(st.st_mode);
}

bool path_exists(const std::filesystem::path& path, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return true;
  const int err = errno;
  if (err == ENOENT || err == ENOTDIR) return false;
  throw InputFileError(fmt::format("cannot read {} `{}`: {}", what, path.string(), reason(err)));
}

std::string read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes,
                              std::string_view what) {
  const std::string name = path.string();
  const auto refuse = [&](const std::string& why) {
    return InputFileError(fmt::format("cannot read {} `{}`: {}", what, name, why));
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw refuse(reason(errno));
  if (!S_ISREG(st.st_mode))
    throw refuse(fmt::format("it is {}; expected a regular file", kind_of(st.st_mode)));
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw refuse(reason(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) throw refuse(reason(errno));
  if (!S_ISREG(st.st_mode))
    throw refuse(fmt::format("it is {}; expected a regular file", kind_of(st.st_mode)));
  const auto too_big = [&] {
    return refuse(
        fmt::format("it is larger than {}, the limit for {}s", size_text(max_bytes), what));
  };
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) throw too_big();
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw refuse(reason(errno));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) throw too_big();
    text.append(chunk, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace kernbench::util
