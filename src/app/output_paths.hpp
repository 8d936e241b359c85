#pragma once
/// @file output_paths.hpp
/// Checking a command's output file names before any work is done.
///
/// `check_output_paths` throws UsageError (exit 2) when
/// - an output's name is empty (`--trace ""`);
/// - two outputs name the same file, however spelt: `X` and `./X`, a
///   relative and an absolute path, a symbolic link and its target, two hard
///   links (they would be written over each other);
/// - an output names an input (`--trace` onto the `--hw` file would destroy
///   the configuration);
/// - an output names an existing directory.
/// Outputs that are existing non-regular files (/dev/null, /dev/stdout, a
/// FIFO) may be shared: nothing is replaced there. The files themselves are
/// then written with util::AtomicFile (util/atomic_file.hpp).

#include <span>
#include <string>

namespace kernbench::app {

struct NamedPath {
  std::string option;  ///< "--trace", "--hw"
  std::string path;
};

void check_output_paths(std::span<const NamedPath> outputs, std::span<const NamedPath> inputs);

}  // namespace kernbench::app
