#include "data/npz.hpp"

#include <zip.h>

#include <memory>
#include <string_view>

#include "util/atomic_file.hpp"

namespace kernbench::data {
namespace {

constexpr std::string_view kSuffix = ".npy";

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string zip_open_error(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

std::vector<std::byte> read_member(zip_t* z, zip_uint64_t index, const std::string& origin) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, index, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
    throw NpzError(origin + ": cannot read the member's size: " + zip_strerror(z));
  }
  std::unique_ptr<zip_file_t, FileCloser> f(zip_fopen_index(z, index, 0));
  if (!f) throw NpzError(origin + ": cannot open the member: " + zip_strerror(z));
  std::vector<std::byte> out(st.size);
  zip_uint64_t got = 0;
  while (got < st.size) {
    const zip_int64_t n = zip_fread(f.get(), out.data() + got, st.size - got);
    if (n < 0) {
      throw NpzError(origin + ": the member is corrupt: " + zip_file_strerror(f.get()));
    }
    if (n == 0) throw NpzError(origin + ": the member is truncated");
    got += static_cast<zip_uint64_t>(n);
  }
  // libzip checks the member's CRC when the read reaches its end.
  std::byte extra{};
  if (zip_fread(f.get(), &extra, 1) != 0) {
    throw NpzError(origin + ": the member is corrupt: " + zip_file_strerror(f.get()));
  }
  return out;
}

}  // namespace

const NpyArray* NpzArchive::find(const std::string& name) const {
  for (const auto& [n, a] : arrays) {
    if (n == name) return &a;
  }
  return nullptr;
}

void NpzArchive::add(std::string name, NpyArray array) {
  if (name.empty()) throw NpzError("an .npz array needs a non-empty name");
  if (find(name) != nullptr) throw NpzError("the .npz archive already has an array '" + name + "'");
  arrays.emplace_back(std::move(name), std::move(array));
}

NpzArchive read_npz(const std::string& path) {
  int code = 0;
  ZipPtr z(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!z) {
    throw NpzError(path + ": cannot read the .npz file: " + zip_open_error(code) +
                   " (expected a zip of .npy members, as numpy.savez writes)");
  }
  NpzArchive archive;
  const zip_int64_t count = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* raw = zip_get_name(z.get(), index, 0);
    const std::string member = raw != nullptr ? raw : "";
    const std::string origin = path + ": member '" + member + "'";
    if (member.size() <= kSuffix.size() ||
        member.compare(member.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
      throw NpzError(origin + ": expected NAME.npy members only");
    }
    NpyArray a;
    try {
      a = parse_npy(read_member(z.get(), index, origin), origin);
    } catch (const NpyError& e) {
      throw NpzError(e.what());
    }
    archive.add(member.substr(0, member.size() - kSuffix.size()), std::move(a));
  }
  return archive;
}

namespace {

void add_member(zip_t* z, const std::string& name, std::vector<std::byte>& content,
                const std::string& path) {
  zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
  if (src == nullptr) throw NpzError(path + ": " + zip_strerror(z));
  const std::string member = name + std::string(kSuffix);
  const zip_int64_t idx = zip_file_add(z, member.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    throw NpzError(path + ": cannot add member '" + member + "': " + zip_strerror(z));
  }
  if (zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 0) != 0) {
    throw NpzError(path + ": cannot deflate member '" + member + "': " + zip_strerror(z));
  }
}

}  // namespace

namespace {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

/// The bytes of a closed in-memory zip source.
std::vector<std::byte> source_bytes(zip_source_t* src, const std::string& origin) {
  if (zip_source_open(src) != 0) throw NpzError(origin + ": cannot read the encoded archive");
  zip_source_seek(src, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::vector<std::byte> out(size > 0 ? static_cast<std::size_t>(size) : 0);
  const zip_int64_t got = zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  if (size < 0 || got != size) throw NpzError(origin + ": cannot read the encoded archive");
  return out;
}

}  // namespace

std::vector<std::byte> encode_npz(const NpzArchive& archive, const std::string& origin) {
  std::vector<std::vector<std::byte>> contents;  // must outlive zip_close
  contents.reserve(archive.arrays.size());
  for (const auto& [name, a] : archive.arrays) {
    try {
      contents.push_back(encode_npy(a));
    } catch (const NpyError& e) {
      throw NpzError(origin + ": array '" + name + "': " + e.what());
    }
  }
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_source_t, SourceFree> src(zip_source_buffer_create(nullptr, 0, 0, &err));
  if (!src) throw NpzError(origin + ": cannot create the archive in memory");
  zip_source_keep(src.get());
  ZipPtr z(zip_open_from_source(src.get(), ZIP_TRUNCATE, &err));
  if (!z) {
    zip_source_free(src.get());  // the reference zip_open_from_source did not take
    throw NpzError(origin + ": cannot create the archive: " + zip_error_strerror(&err));
  }
  for (std::size_t i = 0; i < contents.size(); ++i) {
    add_member(z.get(), archive.arrays[i].first, contents[i], origin);
  }
  if (zip_close(z.get()) != 0) {
    throw NpzError(origin + ": encoding the .npz archive failed: " + zip_strerror(z.get()));
  }
  (void)z.release();  // closed
  return source_bytes(src.get(), origin);
}

void write_npz(const std::string& path, const NpzArchive& archive) {
  const std::vector<std::byte> content = encode_npz(archive, path);
  // Whole or not at all, as every output file (ADR 0046).
  try {
    util::AtomicFile out(path);
    out.stream().write(reinterpret_cast<const char*>(content.data()),
                       static_cast<std::streamsize>(content.size()));
    out.commit();
  } catch (const util::OutputFileError& e) {
    throw NpzError(e.what());
  }
}

}  // namespace kernbench::data
