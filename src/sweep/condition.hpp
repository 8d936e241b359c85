#pragma once
/// \file
/// A filter condition of a sweep spec: `EXPR OP EXPR` with OP one of
/// `<= < >= > == !=`, EXPR built from numbers, names, `+ - * /` and
/// parentheses (usual precedence, left to right). Names are swept keys
/// (`BLOCK_SIZE_M`, `pe.tcm.size`); their values come from the point, in
/// base units for hardware quantities (bytes, Hz, ps, bytes/s).
///
/// Evaluation is in double precision, which is exact for the integer sizes
/// and shapes such filters compare (below 2^53). A point lacking one of the
/// names (another kernel's parameter) is not filtered by the condition.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kernbench::sweep {

/// A condition that does not parse; the message says where in the text.
class ConditionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Condition {
 public:
  /// The value of a name on a point, or nullopt when the point lacks it.
  using Lookup = std::function<std::optional<double>(std::string_view name)>;

  /// Parses `text`; throws ConditionError.
  static Condition parse(std::string_view text);

  const std::string& text() const { return text_; }
  /// Every name used, in order of first use.
  const std::vector<std::string>& names() const { return names_; }
  /// True when the condition holds, or when `value` lacks a name.
  bool holds(const Lookup& value) const;

  /// One step of the postfix program (public for the parser in the .cpp).
  struct Step {
    char op = 0;  ///< 0: push `number` or the value of `name`; else + - * / or a comparison code
    double number = 0;
    std::string name;
  };

 private:
  std::string text_;
  std::vector<std::string> names_;
  std::vector<Step> program_;  // postfix; ends with the comparison
};

}  // namespace kernbench::sweep
