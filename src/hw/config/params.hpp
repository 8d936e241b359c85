#pragma once
/// \file
/// The parameter table: every hardware parameter declared once, with its
/// dotted path, type, default, unit, allowed range and description.
///
/// The table drives parsing and range validation (set_param), the defaults
/// (default_hw_config), `kernbench hw describe` (describe_text/json) and
/// docs/configuration.md (configuration_markdown; a test keeps the file in
/// sync). A parameter's C++ type follows from the HwConfig field it binds to,
/// so the type is never written twice either.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

/// A configuration the user got wrong: the message names the file, line and
/// column (when known), the YAML path, the value and what was expected.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A value that does not fit a parameter; the message says what was expected
/// but not where (the loader prefixes the location).
class ParamValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ParamType {
  integer,
  boolean,
  enumeration,
  real,
  frequency,
  duration,
  byte_size,
  bandwidth
};
std::string_view to_string(ParamType t);

/// Where a parameter lives inside an HwConfig.
using FieldRef = std::variant<std::uint64_t*, bool*, double*, Frequency*, Duration*, ByteSize*,
                              Bandwidth*, Dataflow*, Topology*>;

/// One declared parameter.
struct ParamDecl {
  std::string_view path;          ///< dotted YAML path, e.g. "pe.tcm.size"
  FieldRef (*field)(HwConfig&);   ///< the bound HwConfig member
  std::string_view default_text;  ///< the default, parsed like user input
  std::string_view unit;          ///< display unit for int/double ("cycles"); "" otherwise
  std::string_view min_text;      ///< inclusive lower bound ("" = none)
  std::string_view max_text;      ///< inclusive upper bound ("" = none)
  std::span<const std::string_view> choices;  ///< enum spellings, in enum order
  std::string_view description;               ///< one line

  ParamType type() const;
  /// "an integer (cycles) in [1, 4096]", "a byte size in [1 KiB, 1 GiB]", ...
  std::string expectation() const;
};

/// All parameters, in documentation order.
std::span<const ParamDecl> param_table();

/// The parameter at `path`, or nullptr.
const ParamDecl* find_param(std::string_view path);

/// Up to one suggestion for an unknown path ("pe.tcm.sise" -> "pe.tcm.size"):
/// util::closest_name over the table's paths.
std::string suggest_param(std::string_view unknown_path);

/// HwConfig filled with every default from the table.
HwConfig default_hw_config();

/// Parses `text` as the parameter's type, checks the range and stores it.
/// Throws ParamValueError saying what was expected.
void set_param(HwConfig& cfg, const ParamDecl& param, std::string_view text);

/// The canonical text of a parameter's current value ("1 MiB", "ws", "true").
std::string get_param(const HwConfig& cfg, const ParamDecl& param);

/// (path, canonical value) for every parameter, in table order.
std::vector<std::pair<std::string, std::string>> flatten(const HwConfig& cfg);

/// A fixed-width table of all parameters for `kernbench hw describe`.
std::string describe_text();
/// The same as a JSON array of objects {path, type, default, unit, min, max,
/// choices, description}.
std::string describe_json();
/// The full text of docs/configuration.md.
std::string configuration_markdown();

}  // namespace kernbench::hw
