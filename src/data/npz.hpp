#pragma once
/// @file npz.hpp
/// NumPy `.npz` archives: a zip of `.npy` members, as written by `np.savez`
/// (stored, uncompressed) and `np.savez_compressed` (deflated). Both are
/// read; kernbench writes deflated archives. The zip container is handled by
/// libzip (docs/adr/0037-npz-with-libzip.md); each member goes through the
/// `.npy` reader/writer (npy.hpp), so the same dtypes are supported.
///
/// Contract:
/// - An archive is an ordered list of (name, NpyArray). The member
///   `NAME.npy` holds array `NAME` (numpy's convention: `np.load(f)["NAME"]`).
///   Members whose name does not end in `.npy` are an NpzError.
/// - Names are unique; `find` returns nullptr for a missing name.
/// - Errors are NpzError whose message starts with the file path and, for a
///   member, names it: "refs.npz: member 'y.npy': ..." (a corrupt or
///   truncated zip, a CRC mismatch, a bad .npy header, an unknown dtype).
/// - write_npz writes a temporary file next to the target and renames it:
///   a failed write never leaves a partial file.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "data/npy.hpp"

namespace kernbench::data {

class NpzError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NpzArchive {
  std::vector<std::pair<std::string, NpyArray>> arrays;  ///< in member order

  /// The array named `name`, or nullptr.
  [[nodiscard]] const NpyArray* find(const std::string& name) const;
  /// Appends an array; throws NpzError when the name is empty or taken.
  void add(std::string name, NpyArray array);
};

/// Reads a .npz file (stored or deflated members).
NpzArchive read_npz(const std::string& path);
/// The .npz encoding of `archive` (deflated members); `origin` names it in
/// errors (a dtype without a .npy encoding: bf16, fp8).
std::vector<std::byte> encode_npz(const NpzArchive& archive, const std::string& origin);
/// Writes a .npz file with deflated members, atomically (temporary file,
/// then rename).
void write_npz(const std::string& path, const NpzArchive& archive);

}  // namespace kernbench::data
