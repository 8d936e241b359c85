#include "app/output_paths.hpp"

#include <filesystem>
#include <optional>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "app/errors.hpp"
#include "util/atomic_file.hpp"

namespace kernbench::app {
namespace {

namespace fs = std::filesystem;

struct Identity {
  fs::path normal;  // absolute, symbolic links resolved as far as they exist
  bool exists = false;
  bool special = false;  // exists and is neither a regular file nor a directory
};

Identity identity(const std::string& path) {
  Identity id;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  id.exists = !ec && fs::exists(st);
  id.special = id.exists && !fs::is_regular_file(st) && !fs::is_directory(st);
  id.normal = util::resolve_links(path);
  return id;
}

bool same_file(const std::string& a, const Identity& ia, const std::string& b, const Identity& ib) {
  if (ia.normal == ib.normal) return true;
  if (ia.exists && ib.exists) {
    std::error_code ec;
    return fs::equivalent(a, b, ec) && !ec;
  }
  return false;
}

}  // namespace

void check_output_paths(std::span<const NamedPath> outputs, std::span<const NamedPath> inputs) {
  std::vector<Identity> ids;
  for (const NamedPath& o : outputs) {
    if (o.path.empty())
      throw UsageError(fmt::format("{}: the file name is empty; expected a path", o.option));
    ids.push_back(identity(o.path));
    std::error_code ec;
    if (fs::is_directory(o.path, ec))
      throw UsageError(
          fmt::format("{}: `{}` is a directory; expected a file name", o.option, o.path));
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (ids[i].special) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file(outputs[j].path, ids[j], outputs[i].path, ids[i]))
        throw UsageError(fmt::format(
            "{} `{}` and {} `{}` are the same file; expected a different file for each output",
            outputs[j].option, outputs[j].path, outputs[i].option, outputs[i].path));
    }
    for (const NamedPath& in : inputs) {
      if (in.path.empty()) continue;
      const Identity iid = identity(in.path);
      if (iid.exists && same_file(in.path, iid, outputs[i].path, ids[i]))
        throw UsageError(fmt::format(
            "{} `{}` is the {} file `{}`: writing it would destroy the input; expected another "
            "file name",
            outputs[i].option, outputs[i].path, in.option, in.path));
    }
  }
}

}  // namespace kernbench::app
