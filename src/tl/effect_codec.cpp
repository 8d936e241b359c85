#include "tl/effect_codec.hpp"

#include <stdexcept>

#include "data/elementwise.hpp"
#include "data/memory_store.hpp"
#include "data/reduce.hpp"

namespace kernbench::tl {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  const std::size_t p = kAlphabet.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

std::vector<std::byte> bytes_of(const data::Array& a) {
  std::vector<std::byte> out(static_cast<std::size_t>(a.numel()) * data::size_of(a.dtype()));
  if (out.empty()) return out;
  data::MemoryStore m;
  const std::uint64_t at = m.allocate(out.size(), "effect");
  m.upload(at, a);
  m.read(at, out);
  return out;
}

data::Shape shape_of(const nlohmann::json& j, const std::string& key) {
  if (!j.is_array() || j.size() > static_cast<std::size_t>(data::Shape::kMaxRank)) {
    throw std::runtime_error(key + ": expected a shape (a list of at most " +
                             std::to_string(data::Shape::kMaxRank) + " dimensions)");
  }
  std::vector<std::int64_t> dims;
  for (const auto& d : j) {
    if (!is_count(d)) throw std::runtime_error(key + ": a dimension is not a count");
    dims.push_back(d.get<std::int64_t>());
  }
  return data::Shape(std::span<const std::int64_t>(dims));
}

template <typename E>
std::string_view name_at(int code) {
  return data::name(static_cast<E>(code));
}

int family_size(std::string_view family) {
  if (family == "binary") return 24;
  if (family == "unary") return 17;
  if (family == "reduce") return 5;
  if (family == "atomic") return 8;
  return 0;
}

}  // namespace

std::string base64_encode(std::span<const std::byte> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto v = (std::to_integer<unsigned>(bytes[i]) << 16) |
                   (std::to_integer<unsigned>(bytes[i + 1]) << 8) |
                   std::to_integer<unsigned>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = std::to_integer<unsigned>(bytes[i]) << 16;
    if (rest == 2) v |= std::to_integer<unsigned>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::vector<std::byte> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) throw std::runtime_error("base64 text length is not a multiple of 4");
  std::vector<std::byte> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    unsigned v = 0;
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      const bool tail = i + 4 == text.size() && k >= 2 && c == '=';
      const int s = tail ? 0 : sextet(c);
      if (s < 0) throw std::runtime_error("base64 text has an invalid character");
      pad += tail ? 1 : 0;
      v = (v << 6) | static_cast<unsigned>(s);
    }
    out.push_back(static_cast<std::byte>(v >> 16));
    if (pad < 2) out.push_back(static_cast<std::byte>((v >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<std::byte>(v & 0xFF));
  }
  return out;
}

nlohmann::json encode_array(const data::Array& a) {
  nlohmann::json shape = nlohmann::json::array();
  for (int d = 0; d < a.shape().rank(); ++d) shape.push_back(a.shape()[d]);
  return {{"dtype", static_cast<int>(a.dtype())},
          {"shape", std::move(shape)},
          {"b64", base64_encode(bytes_of(a))}};
}

data::Array decode_array(const nlohmann::json& j, const std::string& key) {
  if (!j.is_object() || !j.contains("dtype") || !j.contains("shape") || !j.contains("b64")) {
    throw std::runtime_error(key + ": expected an array object {\"dtype\", \"shape\", \"b64\"}");
  }
  const auto& dt = j["dtype"];
  if (!is_count(dt) || dt.get<std::uint64_t>() >= static_cast<std::uint64_t>(data::kNumDTypes)) {
    throw std::runtime_error(key + ".dtype: expected a dtype code below " +
                             std::to_string(data::kNumDTypes));
  }
  const auto dtype = static_cast<data::DType>(dt.get<unsigned>());
  const data::Shape shape = shape_of(j["shape"], key + ".shape");
  if (!j["b64"].is_string()) throw std::runtime_error(key + ".b64: expected a base64 string");
  std::vector<std::byte> bytes;
  try {
    bytes = base64_decode(j["b64"].get_ref<const std::string&>());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(key + ".b64: " + e.what());
  }
  const std::size_t want = static_cast<std::size_t>(shape.numel()) * data::size_of(dtype);
  if (bytes.size() != want) {
    throw std::runtime_error(key + ".b64: holds " + std::to_string(bytes.size()) +
                             " bytes, expected " + std::to_string(want) + " for " +
                             std::string(data::name(dtype)) + shape.to_string());
  }
  if (want == 0) return data::zeros(shape, dtype);
  data::MemoryStore m;
  const std::uint64_t at = m.allocate(want, "effect");
  m.write(at, bytes);
  return m.download(at, shape, dtype);
}

nlohmann::json encode_addresses(const std::vector<std::uint64_t>& addrs) {
  std::vector<std::byte> bytes(addrs.size() * 8);
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    for (int b = 0; b < 8; ++b) bytes[i * 8 + b] = static_cast<std::byte>(addrs[i] >> (8 * b));
  }
  return base64_encode(bytes);
}

std::vector<std::uint64_t> decode_addresses(const nlohmann::json& j, const std::string& key) {
  if (!j.is_string()) throw std::runtime_error(key + ": expected base64 64-bit addresses");
  std::vector<std::byte> bytes;
  try {
    bytes = base64_decode(j.get_ref<const std::string&>());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(key + ": " + e.what());
  }
  if (bytes.size() % 8 != 0) throw std::runtime_error(key + ": not a whole number of addresses");
  std::vector<std::uint64_t> out(bytes.size() / 8);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (int b = 0; b < 8; ++b)
      out[i] |= std::to_integer<std::uint64_t>(bytes[i * 8 + b]) << (8 * b);
  }
  return out;
}

std::string_view op_name(std::string_view family, int code) {
  if (code < 0 || code >= family_size(family)) return "?";
  if (family == "binary") return name_at<data::BinOp>(code);
  if (family == "unary") return name_at<data::UnOp>(code);
  if (family == "reduce") return name_at<data::RedOp>(code);
  return name_at<data::AtomicOp>(code);
}

int op_code(std::string_view family, std::string_view name, const std::string& key) {
  std::string known;
  for (int c = 0; c < family_size(family); ++c) {
    if (op_name(family, c) == name) return c;
    known += (c == 0 ? "" : ", ") + std::string(op_name(family, c));
  }
  throw std::runtime_error(key + ": `" + std::string(name) + "` is not a " + std::string(family) +
                           " op; expected one of " + known);
}

}  // namespace kernbench::tl
