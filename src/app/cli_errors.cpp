#include "app/cli_errors.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cctype>

#include "util/suggest.hpp"

namespace kernbench::app {
namespace {

// The innermost subcommand the parser entered.
const CLI::App* deepest(const CLI::App& root) {
  const CLI::App* cur = &root;
  for (;;) {
    const auto parsed = cur->get_subcommands();
    if (parsed.empty()) return cur;
    cur = parsed.back();
  }
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (const CLI::App* a = app; a != nullptr; a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

std::vector<std::string> subcommand_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (const auto* s : app->get_subcommands({})) out.push_back(s->get_name());
  return out;
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (const auto* o : app->get_options({}))
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
  return out;
}

// CLI11 texts start with a capital; ours continue "kernbench: error: ...".
std::string lower_first(std::string s) {
  if (!s.empty() && std::isupper(static_cast<unsigned char>(s[0])) &&
      !(s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1]))))
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::string parse_error_message(const CLI::App& root, const CLI::ParseError& e) {
  const CLI::App* at = deepest(root);
  const std::string where = command_path(at);
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    const std::vector<std::string> extras = at->remaining();
    const std::string first = extras.empty() ? std::string() : extras.front();
    if (first.starts_with("-")) {
      const std::string name = first.substr(0, first.find('='));
      return fmt::format("unknown option `{}` for `{}`{}; see `{} --help`", name, where,
                         util::did_you_mean_suffix(name, option_names(at)), where);
    }
    const auto subs = subcommand_names(at);
    if (!subs.empty())
      return fmt::format("unknown command `{}` for `{}`; expected one of {}{}", first, where,
                         util::join_names(subs), util::did_you_mean_suffix(first, subs));
    return fmt::format("unexpected argument `{}` for `{}`; see `{} --help`", first, where, where);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const auto subs = subcommand_names(at);
    if (at->get_subcommands().empty() && !subs.empty() &&
        std::string(e.what()).find("subcommand") != std::string::npos) {
      // The parser reports a missing subcommand before an unknown word, so
      // a mistyped command name arrives here as a leftover argument.
      const std::vector<std::string> extras = at->remaining();
      if (!extras.empty() && !extras.front().starts_with("-"))
        return fmt::format("unknown command `{}` for `{}`; expected one of {}{}", extras.front(),
                           where, util::join_names(subs),
                           util::did_you_mean_suffix(extras.front(), subs));
      return fmt::format("`{}` needs a command: one of {}; see `{} --help`", where,
                         util::join_names(subs), where);
    }
  }
  return fmt::format("{}: {}", where, lower_first(e.what()));
}

}  // namespace kernbench::app
