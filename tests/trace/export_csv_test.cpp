#include "trace/export_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sample_log.hpp"

namespace kernbench::trace {
namespace {

// Splits one RFC 4180 record (no embedded line breaks in this test data).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

TEST(CsvExport, WritesTheHeaderThenOneRowPerRecord) {
  OpLog log;
  testing::build_sample_log(log);
  std::ostringstream out;
  write_csv(log, out);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), log.size() + 1);
  EXPECT_EQ(lines[0], kCsvHeader);
  const std::size_t columns = split_csv(lines[0]).size();
  EXPECT_EQ(columns, 22u);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(split_csv(lines[i]).size(), columns) << lines[i];
    EXPECT_EQ(std::stoull(split_csv(lines[i])[0]), log[i - 1].id);
  }
}

TEST(CsvExport, RowFieldsMatchTheRecord) {
  OpLog log;
  const auto ids = testing::build_sample_log(log);
  std::ostringstream out;
  write_csv(log, out);
  const auto lines = lines_of(out.str());
  const std::size_t pos = log.position_of(ids.dot);
  const auto f = split_csv(lines[pos + 1]);
  EXPECT_EQ(f[0], std::to_string(ids.dot));
  EXPECT_EQ(f[1], "0");
  EXPECT_EQ(f[2], "gemm");
  EXPECT_EQ(f[3], "0");
  EXPECT_EQ(f[4], "Gemm");
  EXPECT_EQ(f[5], "dot");
  EXPECT_EQ(f[6], "0");
  EXPECT_EQ(f[7], "1100");
  EXPECT_EQ(f[8], "6000001");
  EXPECT_EQ(f[9], "9500000");
  EXPECT_EQ(f[13], std::to_string(2 * 64 * 64 * 64));
  EXPECT_EQ(f[14], "0");
  EXPECT_EQ(f[15], "64x64");
  EXPECT_EQ(f[16], "1");
  EXPECT_EQ(f[19], "64x64");
  EXPECT_EQ(f[20], "2");
  EXPECT_EQ(f[21], std::to_string(ids.load_a) + ";" + std::to_string(ids.load_b));
}

TEST(CsvExport, QuotesNamesWithCommasAndQuotes) {
  OpLog log;
  const auto ids = testing::build_sample_log(log);
  std::ostringstream out;
  write_csv(log, out);
  const auto lines = lines_of(out.str());
  const std::string& row = lines[log.position_of(ids.store) + 1];
  EXPECT_NE(row.find("\"store \"\"c\"\",\tfinal\""), std::string::npos) << row;
  const auto f = split_csv(row);
  EXPECT_EQ(f[5], "store \"c\",\tfinal");
  EXPECT_EQ(f[14], "1");
  EXPECT_EQ(f[17], "");  // absent second operand
  EXPECT_EQ(f[18], "");
}

}  // namespace
}  // namespace kernbench::trace
