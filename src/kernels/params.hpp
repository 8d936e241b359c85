#pragma once
/// @file params.hpp
/// Kernel parameters: their declarations (`ParamSpec`) and the values of one
/// run (`ParamValues`), parsed from `--param name=value` strings.
///
/// Contract:
/// - Every parameter is declared once, by its kernel, with its kind, its
///   default (a constant, or derived from the parameters declared before it,
///   e.g. BLOCK_SIZE = next power of two >= N) and a one-line description.
/// - `parse_params` resolves every declared parameter: the user's value if
///   given, else the default, in declaration order. Unknown names, malformed
///   values, values below the minimum or outside the allowed choices, a
///   missing `=`, a name given twice and an integer above its maximum
///   (kMaxIntParam unless narrower) throw `ParamError` whose message names
///   the kernel and the parameter, says what was expected and, for unknown
///   names, suggests the closest one.
/// - Parameters the hardware model has no use for are declared with
///   `used = false`: they are accepted, validated and recorded (reports show
///   them) but change nothing. `num_warps` and `num_stages` are used: they
///   reach the model as tl::LaunchOptions.
/// No global state: specs and values are plain values.

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/dtype.hpp"

namespace kernbench::kernels {

/// A user-caused parameter error (unknown name, malformed value, ...).
class ParamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ParamKind : std::uint8_t { integer, boolean, dtype, string };

/// "int", "bool", "dtype", "string".
std::string_view name(ParamKind k);

/// The largest integer kernel parameter: 2^31 - 1, the range of Triton's
/// 32-bit integer kernel arguments. With every parameter at most this, the
/// product of any two (GROUP_SIZE_M x cdiv(N, BLOCK_SIZE_N), row x stride)
/// fits in 64 bits; tensor sizes are further bounded by data::Shape (2^48
/// elements) and device allocations, and tiles by tl::max_tile_elements.
inline constexpr std::int64_t kMaxIntParam = 2147483647;

using ParamValue = std::variant<std::int64_t, bool, data::DType, std::string>;

/// The value as the user would type it ("1024", "true", "f16", "abc").
std::string to_string(const ParamValue& v);

class ParamValues;

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::integer;
  /// The default: a function of the parameters declared before this one.
  std::function<ParamValue(const ParamValues&)> default_value;
  /// How the default reads in docs and help ("1024", "next_pow2(N)").
  std::string default_text;
  std::string description;
  /// False: accepted and recorded, but the hardware model has no use for it.
  bool used = true;
  /// Integers: the smallest accepted value.
  std::int64_t min = 1;
  /// Integers: the largest accepted value (kMaxIntParam unless narrower).
  std::int64_t max = kMaxIntParam;
  /// dtype / string: the accepted values (empty: any).
  std::vector<std::string> choices;
};

/// An integer parameter with a constant default.
ParamSpec int_param(std::string name, std::int64_t def, std::string description,
                    std::int64_t min = 1);
/// An integer parameter whose default is derived from earlier parameters;
/// `default_text` explains the rule.
ParamSpec derived_int_param(std::string name, std::string default_text,
                            std::function<std::int64_t(const ParamValues&)> def,
                            std::string description, std::int64_t min = 1);
ParamSpec bool_param(std::string name, bool def, std::string description);
/// A dtype parameter restricted to `choices` (canonical dtype names).
ParamSpec dtype_param(std::string name, data::DType def, std::vector<std::string> choices,
                      std::string description);
ParamSpec string_param(std::string name, std::string def, std::vector<std::string> choices,
                       std::string description);
/// A parameter accepted for compatibility with Triton launch options that
/// this hardware model does not use (num_warps, num_stages).
ParamSpec unused_int_param(std::string name, std::int64_t def, std::string description);

/// The resolved parameters of one run, in declaration order.
class ParamValues {
 public:
  struct Entry {
    std::string name;
    ParamValue value;
    bool given = false;  ///< set by the user (else the default)
    bool used = true;    ///< false: recorded only (see ParamSpec::used)
  };

  /// Typed access; throws std::logic_error for an undeclared name or a kind
  /// mismatch (a bug in the kernel, not a user error).
  std::int64_t integer(std::string_view name) const;
  bool boolean(std::string_view name) const;
  data::DType dtype(std::string_view name) const;
  const std::string& string(std::string_view name) const;
  /// True when the user gave the parameter.
  bool given(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

  const std::vector<Entry>& entries() const { return entries_; }
  /// "n=98432 BLOCK_SIZE=1024 num_warps=4" (declaration order).
  std::string to_string() const;

  /// Appends a resolved entry (used by parse_params).
  void add(Entry e) { entries_.push_back(std::move(e)); }

 private:
  const Entry* find(std::string_view name) const;
  const Entry& at(std::string_view name, const char* kind) const;
  std::vector<Entry> entries_;
};

/// Resolves `specs` from `name=value` assignments (see the contract above).
/// `kernel` names the kernel in messages.
ParamValues parse_params(std::string_view kernel, std::span<const ParamSpec> specs,
                         std::span<const std::string> assignments);

}  // namespace kernbench::kernels
