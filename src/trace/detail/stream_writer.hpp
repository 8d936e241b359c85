#pragma once
/// \file
/// Internal to trace/: a buffered text writer used by the exporters.
///
/// Contract
/// - Output is appended to a 64 KiB buffer and handed to the std::ostream in
///   large blocks, so exporters stream: memory use does not grow with the log.
/// - flush() (and every block write) throws std::runtime_error naming the
///   exporter and the byte count when the stream reports failure; call
///   flush() at the end, the destructor does not write.
/// - ps_as_us() prints a picosecond count as exact decimal microseconds
///   (at most 6 fraction digits, trailing zeros dropped): no floating point.

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string_view>

namespace kernbench::trace::detail {

class StreamWriter {
 public:
  StreamWriter(std::ostream& os, std::string_view who) : os_(os), who_(who) {
    if (!os_) throw std::runtime_error(fmt::format("{}: output stream is not writable", who_));
    buf_.reserve(kBlock + 4096);
  }
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;

  void put(char c) {
    buf_.push_back(c);
    maybe_flush();
  }
  void put(std::string_view s) {
    buf_.append(s.data(), s.data() + s.size());
    maybe_flush();
  }
  void uint(std::uint64_t v) {
    const fmt::format_int f(v);
    buf_.append(f.data(), f.data() + f.size());
  }
  void sint(std::int64_t v) {
    const fmt::format_int f(v);
    buf_.append(f.data(), f.data() + f.size());
  }
  template <typename... Args>
  void format(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(fmt::appender(buf_), f, std::forward<Args>(args)...);
    maybe_flush();
  }

  /// Picoseconds as exact decimal microseconds: 1234567 -> "1.234567",
  /// 2000000 -> "2", 500 -> "0.0005".
  void ps_as_us(std::uint64_t ps) {
    uint(ps / 1'000'000);
    std::uint64_t frac = ps % 1'000'000;
    if (frac == 0) return;
    char digits[6];
    for (int i = 5; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    std::size_t len = 6;
    while (digits[len - 1] == '0') --len;
    buf_.push_back('.');
    buf_.append(digits, digits + len);
  }

  /// A JSON string literal, quotes included.
  void json_string(std::string_view s) {
    buf_.push_back('"');
    std::size_t run = 0;  // start of the pending run that needs no escaping
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      buf_.append(s.data() + run, s.data() + i);
      run = i + 1;
      switch (c) {
        case '"':
          buf_.append(std::string_view("\\\""));
          break;
        case '\\':
          buf_.append(std::string_view("\\\\"));
          break;
        case '\n':
          buf_.append(std::string_view("\\n"));
          break;
        case '\r':
          buf_.append(std::string_view("\\r"));
          break;
        case '\t':
          buf_.append(std::string_view("\\t"));
          break;
        case '\b':
          buf_.append(std::string_view("\\b"));
          break;
        case '\f':
          buf_.append(std::string_view("\\f"));
          break;
        default:
          fmt::format_to(fmt::appender(buf_), "\\u{:04x}", static_cast<unsigned>(c));
      }
    }
    buf_.append(s.data() + run, s.data() + s.size());
    buf_.push_back('"');
    maybe_flush();
  }

  /// One CSV field per RFC 4180: quoted only when it holds , " CR or LF.
  void csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      put(s);
      return;
    }
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"') buf_.push_back('"');
      buf_.push_back(c);
    }
    buf_.push_back('"');
    maybe_flush();
  }

  /// Dimensions joined by 'x' ("128x64"); "scalar" for rank 0.
  void dims(std::span<const std::uint32_t> d) {
    if (d.empty()) {
      buf_.append(std::string_view("scalar"));
      return;
    }
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (i != 0) buf_.push_back('x');
      uint(d[i]);
    }
  }

  void flush() {
    if (buf_.size() != 0) {
      os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      written_ += buf_.size();
      buf_.clear();
    }
    if (!os_) {
      throw std::runtime_error(
          fmt::format("{}: writing the output failed after {} bytes", who_, written_));
    }
  }

  [[nodiscard]] std::size_t bytes_written() const noexcept { return written_ + buf_.size(); }

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  void maybe_flush() {
    if (buf_.size() >= kBlock) [[unlikely]]
      flush();
  }

  std::ostream& os_;
  std::string_view who_;
  fmt::memory_buffer buf_;
  std::size_t written_ = 0;
};

}  // namespace kernbench::trace::detail
