#pragma once
/// @file effect_codec.hpp
/// Arrays and enum names of the op log's data effects (effect_desc.hpp) to
/// and from JSON. Arrays are {"dtype": CODE, "shape": [...], "b64": TEXT}:
/// the elements in memory encoding (little-endian, row-major), base64.
/// Decoding errors are std::runtime_error naming the offending key.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/array.hpp"

namespace kernbench::tl {

/// A JSON value that is a non-negative integer (parsed or built in memory).
inline bool is_count(const nlohmann::json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

std::string base64_encode(std::span<const std::byte> bytes);
/// Throws std::runtime_error on a character outside the alphabet or a bad length.
std::vector<std::byte> base64_decode(std::string_view text);

nlohmann::json encode_array(const data::Array& a);
/// `key` names the value in errors ("effect.in[1].lit").
data::Array decode_array(const nlohmann::json& j, const std::string& key);
nlohmann::json encode_addresses(const std::vector<std::uint64_t>& addrs);
std::vector<std::uint64_t> decode_addresses(const nlohmann::json& j, const std::string& key);

/// Index of `name` among the names of BinOp / UnOp / RedOp / AtomicOp
/// (`family` is "binary", "unary", "reduce" or "atomic"); throws naming
/// `key` and the accepted names when unknown.
int op_code(std::string_view family, std::string_view name, const std::string& key);
/// The name of code `code` of `family`.
std::string_view op_name(std::string_view family, int code);

}  // namespace kernbench::tl
