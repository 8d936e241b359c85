#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace kernbench::util {

namespace fs = std::filesystem;

/// A write(2)-backed stream buffer that stops writing once cancelled and
/// remembers the first error.
class AtomicFile::Buf final : public std::streambuf {
 public:
  Buf(int fd, const std::atomic<int>* cancel) : fd_(fd), cancel_(cancel), buffer_(64 * 1024) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() override { close_fd(); }

  /// Flushes and closes; false on any error so far.
  bool finish() {
    const bool flushed = flush();
    if (flushed && fsync_ && ::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) error_ = errno;
    if (fd_ >= 0 && ::close(fd_) != 0 && error_ == 0) error_ = errno;
    fd_ = -1;
    return flushed && error_ == 0 && !cancelled();
  }
  void close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int error() const { return error_; }
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }
  void set_fsync(bool on) { fsync_ = on; }

 protected:
  int_type overflow(int_type ch) override {
    if (!flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return flush() ? 0 : -1; }

 private:
  bool flush() {
    if (error_ != 0 || cancelled()) {
      setp(buffer_.data(), buffer_.data() + buffer_.size());  // drop: nothing more is written
      return false;
    }
    const char* p = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) {
          if (cancelled()) return false;
          continue;
        }
        error_ = errno;
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  const std::atomic<int>* cancel_;
  std::vector<char> buffer_;
  int error_ = 0;
  bool fsync_ = true;
};

namespace {

std::string reason(int err) {
  return std::generic_category().message(err);
}

}  // namespace

fs::path resolve_links(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = path;
  for (int hops = 0; hops < 40; ++hops) {
    // The directories first, then the last component, one link at a time.
    fs::path dir = fs::weakly_canonical(p.parent_path(), ec);
    if (ec) dir = p.parent_path().lexically_normal();
    p = dir / p.filename();
    if (!fs::is_symlink(fs::symlink_status(p, ec))) break;
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : dir / target;
  }
  return p.lexically_normal();
}

AtomicFile::AtomicFile(fs::path target, const std::atomic<int>* cancel)
    : target_(std::move(target)), cancel_(cancel) {
  if (target_.empty()) throw OutputFileError("cannot write a file with an empty name");
  std::error_code ec;
  const fs::file_status st = fs::status(target_, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw OutputFileError(fmt::format("cannot write `{}`: {}", target_.string(), ec.message()));
  int fd = -1;
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    if (fs::is_directory(st))
      throw OutputFileError(fmt::format(
          "cannot write `{}`: it is a directory; expected a file name", target_.string()));
    // /dev/null, /dev/stdout, a FIFO: no rename over it; write in place.
    fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
      throw OutputFileError(fmt::format("cannot write `{}`: {}", target_.string(), reason(errno)));
    resolved_ = target_;
  } else {
    // A link (even a dangling one): replace the file it names, keep the link.
    resolved_ = resolve_links(target_);
    const fs::path dir = resolved_.has_parent_path() ? resolved_.parent_path() : fs::path(".");
    const std::string base = resolved_.filename().string();
    for (int attempt = 0; attempt < 1000 && fd < 0; ++attempt) {
      temp_ = dir / fmt::format(".{}.tmp-{}-{}", base, ::getpid(), attempt);
      fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
      if (fd < 0 && errno != EEXIST) {
        const int err = errno;
        temp_.clear();
        throw OutputFileError(
            fmt::format("cannot write `{}`: {} (while creating a temporary file in `{}`)",
                        target_.string(), reason(err), dir.string()));
      }
    }
    if (fd < 0) {
      temp_.clear();
      throw OutputFileError(fmt::format("cannot write `{}`: no free temporary file name in `{}`",
                                        target_.string(), dir.string()));
    }
    // Keep the mode of a file being replaced (rename would otherwise reset it).
    if (fs::exists(st)) {
      struct stat old {};
      if (::stat(resolved_.c_str(), &old) == 0) (void)::fchmod(fd, old.st_mode & 07777);
    }
  }
  buf_ = std::make_unique<Buf>(fd, cancel_);
  buf_->set_fsync(!temp_.empty());
  os_ = std::make_unique<std::ostream>(buf_.get());
}

AtomicFile::~AtomicFile() {
  os_.reset();
  if (buf_) buf_->close_fd();
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

std::ostream& AtomicFile::stream() {
  return *os_;
}

void AtomicFile::commit() {
  if (committed_) throw std::logic_error("AtomicFile::commit() called twice");
  os_->flush();
  const bool ok = buf_->finish();
  if (buf_->cancelled())
    throw Cancelled(fmt::format("`{}` was not written: interrupted", target_.string()));
  if (!ok || !*os_)
    throw OutputFileError(fmt::format("writing `{}` failed: {}", target_.string(),
                                      buf_->error() != 0 ? reason(buf_->error()) : "write error"));
  if (!temp_.empty() && ::rename(temp_.c_str(), resolved_.c_str()) != 0)
    throw OutputFileError(
        fmt::format("cannot write `{}`: renaming the finished temporary file failed: {}",
                    target_.string(), reason(errno)));
  committed_ = true;
}

}  // namespace kernbench::util
