#include "trace/string_table.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

namespace kernbench::trace {

namespace {

// Returns the offset of the first byte that breaks UTF-8 well-formedness, or
// npos. Checked at intern time (rare) so exporters can copy names verbatim.
std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c >> 4) == 0xE) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c >> 3) == 0x1E) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

StringTable::StringTable() {
  strings_.emplace_back();
  index_.emplace(std::string_view(strings_.back()), Id{0});
}

StringTable::Id StringTable::intern(std::string_view s) {
  if (auto it = index_.find(s); it != index_.end()) return it->second;
  if (const auto bad = first_invalid_utf8(s); bad != std::string_view::npos) {
    throw std::runtime_error(fmt::format(
        "trace name is not valid UTF-8 (byte {} of {} bytes); names are written to JSON", bad,
        s.size()));
  }
  if (strings_.size() >= std::numeric_limits<Id>::max()) {
    throw std::runtime_error("trace string table is full (2^32 - 1 distinct names)");
  }
  const auto id = static_cast<Id>(strings_.size());
  strings_.emplace_back(s);
  char_bytes_ += s.size();
  index_.emplace(std::string_view(strings_.back()), id);
  return id;
}

bool StringTable::contains(std::string_view s) const {
  return index_.find(s) != index_.end();
}

std::string_view StringTable::lookup(Id id) const {
  if (id >= strings_.size()) {
    throw std::out_of_range(
        fmt::format("StringTable::lookup: unknown name id {} (table holds {})", id, size()));
  }
  return strings_[id];
}

std::size_t StringTable::memory_bytes() const noexcept {
  // Per string: the std::string object, its heap buffer when longer than the
  // small-string buffer, and one hash node (key, value, next, cached hash).
  const std::size_t per_entry = sizeof(std::string) + sizeof(std::string_view) + sizeof(Id) +
                                2 * sizeof(void*) + sizeof(std::size_t);
  return strings_.size() * per_entry + char_bytes_ + index_.bucket_count() * sizeof(void*);
}

}  // namespace kernbench::trace
