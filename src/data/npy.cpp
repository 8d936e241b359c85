#include "data/npy.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>

#include "data/memory_store.hpp"
#include "util/atomic_file.hpp"

namespace kernbench::data {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

struct Descr {
  std::string_view text;
  DType dtype;
};
constexpr Descr kDescrs[] = {
    {"<f4", DType::f32}, {"<f2", DType::f16}, {"|i1", DType::i8},
    {"<i2", DType::i16}, {"<i4", DType::i32}, {"<i8", DType::i64},
    {"|u1", DType::u8},  {"<u4", DType::u32}, {"|b1", DType::boolean},
};

std::optional<DType> dtype_of_descr(std::string descr) {
  if (descr.size() == 3 && (descr[0] == '=' || (descr[0] == '<' && descr[2] == '1'))) {
    descr[0] = descr[2] == '1' ? '|' : '<';
  }
  for (const Descr& d : kDescrs) {
    if (d.text == descr) return d.dtype;
  }
  return std::nullopt;
}

/// The value of `key` in the header dict, up to the next top-level comma.
std::string field(const std::string& header, const std::string& key, const std::string& origin) {
  const std::string quoted = "'" + key + "'";
  const std::size_t k = header.find(quoted);
  if (k == std::string::npos) {
    throw NpyError(origin + ": the .npy header has no '" + key + "' (header: " + header + ")");
  }
  std::size_t p = header.find(':', k + quoted.size());
  if (p == std::string::npos) throw NpyError(origin + ": malformed .npy header: " + header);
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  std::size_t end = p;
  if (p < header.size() && header[p] == '(') {
    end = header.find(')', p);
    if (end == std::string::npos) throw NpyError(origin + ": malformed .npy shape: " + header);
    return header.substr(p, end + 1 - p);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  std::string v = header.substr(p, end - p);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"')) v = v.substr(1, v.size() - 2);
  return v;
}

Shape parse_shape(const std::string& tuple, const std::string& origin) {
  std::vector<std::int64_t> dims;
  std::size_t p = 1;
  while (p < tuple.size()) {
    while (p < tuple.size() && (tuple[p] == ' ' || tuple[p] == ',')) ++p;
    if (p >= tuple.size() || tuple[p] == ')') break;
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(tuple.substr(p), &used);
    } catch (const std::exception&) {
      throw NpyError(origin + ": malformed .npy shape " + tuple);
    }
    if (v < 0) throw NpyError(origin + ": negative dimension in .npy shape " + tuple);
    dims.push_back(v);
    p += used;
  }
  if (dims.size() > static_cast<std::size_t>(Shape::kMaxRank)) {
    throw NpyError(origin + ": .npy shape " + tuple + " has rank " + std::to_string(dims.size()) +
                   "; at most " + std::to_string(Shape::kMaxRank) + " is supported");
  }
  return Shape(std::span<const std::int64_t>(dims));
}

std::uint32_t little_u32(const std::vector<std::byte>& c, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::to_integer<std::uint32_t>(c[at + i]) << (8 * i);
  return v;
}

std::string descr_of(DType t) {
  for (const Descr& d : kDescrs) {
    if (d.dtype == t) return std::string(d.text);
  }
  throw NpyError(std::string("dtype ") + std::string(name(t)) +
                 " has no NumPy .npy encoding (expected f32, f16, int8, int16, int32, int64, "
                 "uint8, uint32 or bool)");
}

}  // namespace

NpyArray parse_npy(const std::vector<std::byte>& c, const std::string& origin) {
  if (c.size() < 10 || std::memcmp(c.data(), kMagic.data(), kMagic.size()) != 0) {
    throw NpyError(origin + ": not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = std::to_integer<int>(c[6]);
  if (major < 1 || major > 3) {
    throw NpyError(origin + ": .npy format version " + std::to_string(major) +
                   " is not supported (expected 1, 2 or 3)");
  }
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  if (c.size() < 8 + len_bytes) throw NpyError(origin + ": truncated .npy header");
  const std::size_t header_len = little_u32(c, 8, len_bytes);
  const std::size_t data_at = 8 + len_bytes + header_len;
  if (c.size() < data_at) throw NpyError(origin + ": truncated .npy header");
  const std::string header(reinterpret_cast<const char*>(c.data()) + 8 + len_bytes, header_len);
  const std::string descr = field(header, "descr", origin);
  const std::optional<DType> dtype = dtype_of_descr(descr);
  if (!dtype) {
    throw NpyError(origin + ": .npy dtype '" + descr +
                   "' is not supported; expected one of <f4, <f2, |i1, <i2, <i4, <i8, |u1, <u4, "
                   "|b1 (little-endian)");
  }
  if (field(header, "fortran_order", origin) != "False") {
    throw NpyError(origin +
                   ": .npy data is in Fortran order; save it in C order "
                   "(numpy.ascontiguousarray)");
  }
  NpyArray a;
  a.dtype = *dtype;
  a.shape = parse_shape(field(header, "shape", origin), origin);
  const std::size_t want = static_cast<std::size_t>(a.shape.numel()) * size_of(a.dtype);
  if (c.size() - data_at != want) {
    throw NpyError(origin + ": .npy data has " + std::to_string(c.size() - data_at) +
                   " bytes, expected " + std::to_string(want) + " for " +
                   std::string(name(a.dtype)) + a.shape.to_string());
  }
  a.bytes.assign(c.begin() + static_cast<std::ptrdiff_t>(data_at), c.end());
  return a;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw NpyError(path + ": cannot open the .npy file");
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> content(raw.size());
  std::memcpy(content.data(), raw.data(), raw.size());
  return parse_npy(content, path);
}

std::vector<std::byte> encode_npy(const NpyArray& a) {
  std::string shape = "(";
  for (int d = 0; d < a.shape.rank(); ++d) {
    if (d != 0) shape += ", ";
    shape += std::to_string(a.shape[d]);
  }
  if (a.shape.rank() == 1) shape += ",";  // Python's one-element tuple
  shape += ")";
  std::string header =
      "{'descr': '" + descr_of(a.dtype) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::vector<std::byte> out;
  for (char ch : kMagic) out.push_back(static_cast<std::byte>(ch));
  out.push_back(std::byte{1});
  out.push_back(std::byte{0});
  out.push_back(static_cast<std::byte>(header.size() & 0xFF));
  out.push_back(static_cast<std::byte>(header.size() >> 8));
  for (char ch : header) out.push_back(static_cast<std::byte>(ch));
  out.insert(out.end(), a.bytes.begin(), a.bytes.end());
  return out;
}

void write_npy(const std::string& path, const NpyArray& a) {
  const std::vector<std::byte> content = encode_npy(a);
  // Whole or not at all, as every output file (ADR 0046).
  try {
    util::AtomicFile out(path);
    out.stream().write(reinterpret_cast<const char*>(content.data()),
                       static_cast<std::streamsize>(content.size()));
    out.commit();
  } catch (const util::OutputFileError& e) {
    throw NpyError(e.what());
  }
}

Array to_array(const NpyArray& a) {
  if (a.shape.numel() == 0) return zeros(a.shape, a.dtype);
  MemoryStore m;
  const std::uint64_t at = m.allocate(a.bytes.size(), "npy");
  m.write(at, a.bytes);
  return m.download(at, a.shape, a.dtype);
}

NpyArray from_array(const Array& a) {
  NpyArray out;
  out.dtype = a.dtype();
  out.shape = a.shape();
  (void)descr_of(a.dtype());
  out.bytes.resize(static_cast<std::size_t>(a.numel()) * size_of(a.dtype()));
  if (out.bytes.empty()) return out;
  MemoryStore m;
  const std::uint64_t at = m.allocate(out.bytes.size(), "npy");
  m.upload(at, a);
  m.read(at, out.bytes);
  return out;
}

}  // namespace kernbench::data
