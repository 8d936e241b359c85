#pragma once
/// \file
/// One-line messages for command-line parse errors.
///
/// CLI11's own messages are written for its users in general ("The following
/// argument was not expected: shw"); kernbench rewrites the common ones so
/// they name the command, list what was expected and suggest the nearest
/// name: "unknown command `shw` for `kernbench hw`; expected one of show,
/// describe, cost (did you mean `show`?)". Other errors keep CLI11's text.

#include <string>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace kernbench::app {

/// The message for `e`, raised while parsing with `root` (call after parse
/// failed; it inspects which subcommands were parsed).
std::string parse_error_message(const CLI::App& root, const CLI::ParseError& e);

}  // namespace kernbench::app
