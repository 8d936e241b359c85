#pragma once
/// @file atomic_file.hpp
/// Output files that appear whole or not at all.
///
/// `AtomicFile` writes to a temporary file created next to the target (same
/// directory, so the final rename(2) is atomic on one file system) and
/// renames it over the target only in `commit()`. Until then an earlier file
/// at the target path is untouched; if the writer throws, is interrupted or
/// the program unwinds, the destructor removes the temporary file. A reader
/// therefore sees the old file or the complete new one, never a truncated
/// one (docs/adr/0046-atomic-outputs-and-interruption.md).
///
/// Special targets: an existing target that is not a regular file (a
/// character device such as /dev/null or /dev/stdout, a FIFO) cannot be
/// replaced by rename, so it is written directly. A target that is a symbolic
/// link to a regular file is resolved: the file it points to is replaced and
/// the link stays.
///
/// Cancellation: when `cancel` is given and becomes non-zero (a stop signal,
/// see app/interrupt.hpp), the next buffer flush fails, so a long export
/// stops promptly, and `commit()` throws `Cancelled` instead of renaming.
///
/// Errors are `std::runtime_error`s (`OutputFileError`) naming the path and
/// the system's reason ("Permission denied", "No space left on device").
/// Thread-compatible; no global state.

#include <atomic>
#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

namespace kernbench::util {

class OutputFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `commit()` was refused because `cancel` became non-zero.
class Cancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `path` absolute, with symbolic links followed as far as they lead (also a
/// dangling link, to the file it would create) and `.`/`..` removed: two
/// names of one file give the same result. A link loop stops after 40 links.
std::filesystem::path resolve_links(const std::filesystem::path& path);

class AtomicFile {
 public:
  /// Creates the temporary file at once (so an unwritable directory fails
  /// before any long work). `cancel` may be null.
  explicit AtomicFile(std::filesystem::path target, const std::atomic<int>* cancel = nullptr);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless committed.
  ~AtomicFile();

  /// Where the content goes until commit().
  std::ostream& stream();
  /// Flushes, syncs and renames the temporary file over the target. Throws
  /// OutputFileError when any write failed, Cancelled when cancelled.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  /// The temporary file (empty when the target is written directly).
  const std::filesystem::path& temp_path() const { return temp_; }
  bool committed() const { return committed_; }

 private:
  class Buf;
  std::filesystem::path target_;    // as given (messages)
  std::filesystem::path resolved_;  // what rename() replaces
  std::filesystem::path temp_;
  const std::atomic<int>* cancel_;
  std::unique_ptr<Buf> buf_;
  std::unique_ptr<std::ostream> os_;
  bool committed_ = false;
};

}  // namespace kernbench::util
