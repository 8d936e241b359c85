#pragma once
/// @file read_file.hpp
/// Reading an input file whole, safely: only a regular file, only up to a
/// size limit, never blocking.
///
/// `read_regular_file(path, max_bytes)` refuses, with an `InputFileError`
/// (a std::runtime_error) whose message names the path and says what was
/// expected:
/// - a path that does not exist, cannot be opened, or is a symbolic-link
///   loop ("too many levels of symbolic links");
/// - a directory, a character or block device (/dev/null, /dev/zero,
///   /dev/urandom), a FIFO or a socket: these are never read, so a FIFO with
///   no writer cannot hang the program and an endless device cannot exhaust
///   memory;
/// - a file larger than `max_bytes` (checked before reading, and again while
///   reading in case the file grows).
/// The file is opened with O_NONBLOCK and checked again with fstat, so a file
/// swapped for a FIFO between the check and the open is refused too.
/// No global state.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kernbench::util {

class InputFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What kind of file-system object `path` is ("a directory", "a character
/// device", "a FIFO", ...), for messages; "missing" when absent. Never throws.
std::string file_kind(const std::filesystem::path& path);

/// Reads the whole regular file at `path` (see above). `what` names the file
/// in messages ("hardware description", "measurement file").
std::string read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes,
                              std::string_view what);

/// Whether `path` exists, following symbolic links; a symbolic-link loop or
/// another error other than "not found" throws InputFileError with a clean
/// message (std::filesystem::exists would throw a raw filesystem_error).
bool path_exists(const std::filesystem::path& path, std::string_view what);

}  // namespace kernbench::util
