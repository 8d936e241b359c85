#include "sweep/condition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace kernbench::sweep {
namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// Recursive descent over `text`, appending postfix steps.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<Condition::Step> parse_comparison() {
    expr();
    const char cmp = comparison();
    expr();
    skip_space();
    if (pos_ != text_.size()) fail("an operator or the end");
    out_.push_back({cmp, 0, {}});
    return std::move(out_);
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  [[noreturn]] void fail(std::string_view expected) const {
    const std::string found =
        pos_ < text_.size() ? fmt::format("`{}`", text_.substr(pos_)) : "the end";
    throw ConditionError(
        fmt::format("at column {}: found {}; expected {}", pos_ + 1, found, expected));
  }

  char comparison() {
    skip_space();
    static constexpr std::pair<std::string_view, char> ops[] = {
        {"<=", 'l'}, {">=", 'g'}, {"==", '='}, {"!=", '!'}, {"<", '<'}, {">", '>'}};
    for (const auto& [spelling, code] : ops)
      if (text_.substr(pos_).starts_with(spelling)) {
        pos_ += spelling.size();
        return code;
      }
    fail("a comparison (<=, <, >=, >, ==, !=)");
  }

  void expr() {
    term();
    for (;;) {
      if (take('+')) {
        term();
        out_.push_back({'+', 0, {}});
      } else if (take('-')) {
        term();
        out_.push_back({'-', 0, {}});
      } else
        return;
    }
  }
  void term() {
    factor();
    for (;;) {
      if (take('*')) {
        factor();
        out_.push_back({'*', 0, {}});
      } else if (take('/')) {
        factor();
        out_.push_back({'/', 0, {}});
      } else
        return;
    }
  }
  void factor() {
    skip_space();
    if (take('(')) {
      expr();
      if (!take(')')) fail("`)`");
      return;
    }
    if (pos_ < text_.size() && name_start(text_[pos_])) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && name_char(text_[pos_])) ++pos_;
      out_.push_back({0, 0, std::string(text_.substr(start, pos_ - start))});
      return;
    }
    double v = 0;
    const char* first = text_.data() + pos_;
    const auto [ptr, ec] = std::from_chars(first, text_.data() + text_.size(), v);
    if (ec != std::errc{} || ptr == first) fail("a number, a name or `(`");
    pos_ += static_cast<std::size_t>(ptr - first);
    out_.push_back({0, v, {}});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<Condition::Step> out_;
};

double apply(char op, double a, double b) {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case 'l':
      return a <= b;
    case '<':
      return a < b;
    case 'g':
      return a >= b;
    case '>':
      return a > b;
    case '=':
      return a == b;
    default:
      return a != b;
  }
}

}  // namespace

Condition Condition::parse(std::string_view text) {
  Condition c;
  c.text_ = std::string(text);
  c.program_ = Parser(text).parse_comparison();
  for (const Step& s : c.program_)
    if (s.op == 0 && !s.name.empty() &&
        std::find(c.names_.begin(), c.names_.end(), s.name) == c.names_.end())
      c.names_.push_back(s.name);
  return c;
}

bool Condition::holds(const Lookup& value) const {
  std::vector<double> stack;
  for (const Step& s : program_) {
    if (s.op == 0) {
      if (s.name.empty()) {
        stack.push_back(s.number);
        continue;
      }
      const std::optional<double> v = value(s.name);
      if (!v) return true;
      stack.push_back(*v);
      continue;
    }
    const double b = stack.back();
    stack.pop_back();
    stack.back() = apply(s.op, stack.back(), b);
  }
  return stack.back() != 0;
}

}  // namespace kernbench::sweep
