#pragma once
/// \file
/// StringTable: interns strings once and hands out dense 32-bit ids.
///
/// Contract
/// - intern(s) returns the same id for equal strings, ids are dense and
///   assigned in first-intern order, id 0 is always the empty string.
/// - Strings must be valid UTF-8 (they end up in JSON); intern throws
///   std::runtime_error naming the offending byte offset otherwise.
/// - lookup(id) returns a view that stays valid for the table's lifetime
///   (storage never moves); an unknown id throws std::out_of_range.
/// - Not thread-safe; one table per OpLog, no global state.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kernbench::trace {

class StringTable {
 public:
  using Id = std::uint32_t;

  StringTable();
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;
  StringTable(StringTable&&) = default;
  StringTable& operator=(StringTable&&) = default;

  /// Returns the id of `s`, adding it on first use. O(|s|) expected.
  Id intern(std::string_view s);
  /// True when `s` has been interned (does not add it).
  [[nodiscard]] bool contains(std::string_view s) const;
  /// The string with this id. Throws std::out_of_range for an unknown id.
  [[nodiscard]] std::string_view lookup(Id id) const;
  /// Number of distinct strings, including "" (so always >= 1).
  [[nodiscard]] std::size_t size() const noexcept { return strings_.size(); }
  /// Approximate heap bytes used by the table.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // deque: element addresses never change, so the map's string_view keys
  // (which point into the stored strings) stay valid as the table grows.
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, Id, Hash, std::equal_to<>> index_;
  std::size_t char_bytes_ = 0;
};

}  // namespace kernbench::trace
