// The JSON report of `kernbench run` against the schema table of
// docs/report-schema.md, read from the document itself so the two cannot
// drift apart.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"

namespace kernbench::app::test {
namespace {

using Json = nlohmann::json;

struct Row {
  std::string key;   // dotted path
  std::string type;  // "string", "integer", "number|null", ...
};

std::string schema_doc() {
  // This file is tests/app/run_schema_test.cpp; the document is docs/.
  const auto path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
                    "docs" / "report-schema.md";
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Rows `| \`key\` | type | meaning |` between the two markers.
std::vector<Row> table(const std::string& doc, const std::string& name) {
  const std::string begin = "<!-- " + name + "-begin -->", end = "<!-- " + name + "-end -->";
  const auto b = doc.find(begin), e = doc.find(end);
  if (b == std::string::npos || e == std::string::npos) return {};
  std::istringstream lines(doc.substr(b, e - b));
  std::vector<Row> rows;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto k0 = line.find('`') + 1, k1 = line.find('`', k0);
    const auto t0 = line.find('|', k1) + 1, t1 = line.find(" |", t0 + 1);
    std::string type;
    for (const char c : line.substr(t0, t1 - t0))
      if (c != ' ' && c != '\\') type += c;
    rows.push_back({line.substr(k0, k1 - k0), type});
  }
  return rows;
}

const Json* find_path(const Json& j, const std::string& dotted) {
  const Json* at = &j;
  std::istringstream parts(dotted);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (!at->is_object() || !at->contains(part)) return nullptr;
    at = &(*at)[part];
  }
  return at;
}

bool has_type(const Json& v, const std::string& type) {
  std::istringstream alts(type);
  std::string t;
  while (std::getline(alts, t, '|')) {
    if ((t == "string" && v.is_string()) || (t == "integer" && v.is_number_integer()) ||
        (t == "number" && v.is_number()) || (t == "boolean" && v.is_boolean()) ||
        (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
        (t == "null" && v.is_null()))
      return true;
  }
  return false;
}

void check_against(const Json& j, const std::vector<Row>& rows, const std::string& what) {
  ASSERT_FALSE(rows.empty()) << "no schema rows for " << what;
  std::set<std::string> top_level;
  for (const Row& row : rows) {
    const Json* v = find_path(j, row.key);
    ASSERT_NE(v, nullptr) << what << ": missing documented key " << row.key;
    EXPECT_TRUE(has_type(*v, row.type))
        << what << ": " << row.key << " is " << v->dump() << ", documented as " << row.type;
    if (row.key.find('.') == std::string::npos) top_level.insert(row.key);
  }
  // Nothing undocumented at the top level either.
  for (const auto& [key, value] : j.items())
    EXPECT_TRUE(top_level.count(key)) << what << ": undocumented key " << key;
}

TEST(RunJson, MatchesTheDocumentedSchema) {
  const std::string doc = schema_doc();
  const std::vector<Row> report_rows = table(doc, "schema-table");
  const std::vector<Row> check_rows = table(doc, "checks-table");
  // The keys the command must always have.
  for (const char* k : {"kernel", "params", "hw", "mode", "simulated_seconds", "flops", "bytes",
                        "achieved_flops_per_s", "achieved_bytes_per_s", "utilisation", "bound",
                        "verified", "max_rel_error", "commands", "wall_seconds"}) {
    bool documented = false;
    for (const Row& r : report_rows) documented = documented || r.key == k;
    EXPECT_TRUE(documented) << k;
  }

  const CliResult data = run_cli({"run", "vector_add", "--param", "n=4096", "--json"});
  ASSERT_EQ(data.exit_code, 0) << data.err;
  const Json j = Json::parse(data.out);
  check_against(j, report_rows, "data mode");
  ASSERT_EQ(j["checks"].size(), 1u);
  check_against(j["checks"][0], check_rows, "checks[0]");
  EXPECT_EQ(j["schema"], "kernbench.run/1");

  const CliResult timing =
      run_cli({"run", "vector_add", "--param", "n=4096", "--mode", "timing", "--json"});
  ASSERT_EQ(timing.exit_code, 0) << timing.err;
  check_against(Json::parse(timing.out), report_rows, "timing mode");
}

}  // namespace
}  // namespace kernbench::app::test
