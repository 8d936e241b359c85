#pragma once
/// @file entry.hpp
/// One entry of a command list as a JSON object with its location, and typed
/// field access that reports "FILE:LINE: field `x`: expected ..." errors and
/// unknown fields. Internal to the parser.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cmdlist/command_list.hpp"
#include "data/dtype.hpp"
#include "data/shape.hpp"

namespace kernbench::cmdlist::detail {

class Entry {
 public:
  Entry(nlohmann::json value, SourceLoc at) : v_(std::move(value)), at_(std::move(at)) {}
  /// `prefix` names a nested object in errors ("hw." gives field `hw.addr`).
  Entry(nlohmann::json value, SourceLoc at, std::string prefix)
      : v_(std::move(value)), at_(std::move(at)), prefix_(std::move(prefix)) {}
  const SourceLoc& at() const { return at_; }

  [[noreturn]] void fail(const std::string& field, const std::string& message) const;
  bool has(const std::string& field) const { return v_.contains(field); }

  std::string str(const std::string& field) const;
  std::optional<std::string> opt_str(const std::string& field) const;
  /// A string that may be empty.
  std::string text(const std::string& field) const;
  /// An object field, as an entry whose errors name `field.x`.
  Entry child(const std::string& field) const;
  /// A list of objects, each as an entry whose errors name `field[i].x`.
  std::vector<Entry> children(const std::string& field) const;
  /// A list of strings.
  std::vector<std::string> strs(const std::string& field) const;
  /// A whole number or null (nullopt).
  std::optional<std::int64_t> opt_integer(const std::string& field, std::int64_t min,
                                          std::int64_t max) const;
  std::int64_t integer(const std::string& field, std::int64_t min) const;
  std::uint64_t uinteger(const std::string& field) const;
  std::optional<std::uint64_t> opt_uinteger(const std::string& field) const;
  double number(const std::string& field) const;
  bool boolean(const std::string& field, bool def) const;
  data::DType dtype(const std::string& field) const;
  data::Shape shape(const std::string& field) const;
  std::vector<std::int64_t> ints(const std::string& field) const;
  std::vector<std::uint64_t> uints(const std::string& field) const;

  /// Fails on the first field not in `known` (with the known ones listed).
  void only(const std::vector<std::string>& known) const;

 private:
  const nlohmann::json& get(const std::string& field) const;
  nlohmann::json v_;
  SourceLoc at_;
  std::string prefix_;
};

}  // namespace kernbench::cmdlist::detail
