// Output files appear whole or not at all (util/atomic_file.hpp).
#include "util/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kernbench::util {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path d = fs::path(::testing::TempDir()) / "kernbench_util_tests" / info->name();
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, CommitReplacesTheTargetWhole) {
  const fs::path d = fresh_dir();
  spit(d / "out.json", "old");
  {
    AtomicFile f(d / "out.json");
    f.stream() << "new content";
    // Until commit the old file is what a reader sees.
    EXPECT_EQ(slurp(d / "out.json"), "old");
    EXPECT_TRUE(fs::exists(f.temp_path()));
    f.commit();
  }
  EXPECT_EQ(slurp(d / "out.json"), "new content");
  EXPECT_EQ(entries(d), 1u);  // no temporary file left
}

TEST(AtomicFile, WithoutCommitTheOldFileStaysAndTheTemporaryGoes) {
  const fs::path d = fresh_dir();
  spit(d / "out.json", "good earlier output");
  {
    AtomicFile f(d / "out.json");
    f.stream() << std::string(1 << 20, 'x');  // several buffer flushes
  }                                           // a failing run unwinds here
  EXPECT_EQ(slurp(d / "out.json"), "good earlier output");
  EXPECT_EQ(entries(d), 1u);
}

TEST(AtomicFile, ANewFileAppearsOnlyOnCommit) {
  const fs::path d = fresh_dir();
  { AtomicFile f(d / "new.jsonl"); }
  EXPECT_FALSE(fs::exists(d / "new.jsonl"));
  EXPECT_EQ(entries(d), 0u);
}

TEST(AtomicFile, CancellationStopsWritingAndRefusesTheRename) {
  const fs::path d = fresh_dir();
  spit(d / "out.json", "old");
  std::atomic<int> stop{0};
  AtomicFile f(d / "out.json", &stop);
  f.stream() << "partial";
  stop = 2;  // SIGINT arrived
  f.stream() << std::string(1 << 20, 'x');
  EXPECT_THROW(f.commit(), Cancelled);
  EXPECT_EQ(slurp(d / "out.json"), "old");
}

TEST(AtomicFile, ALinkKeepsPointingAtTheReplacedFile) {
  const fs::path d = fresh_dir();
  spit(d / "real.json", "old");
  fs::create_symlink("real.json", d / "link.json");
  AtomicFile f(d / "link.json");
  f.stream() << "new";
  f.commit();
  EXPECT_TRUE(fs::is_symlink(d / "link.json"));
  EXPECT_EQ(slurp(d / "real.json"), "new");
}

TEST(AtomicFile, KeepsTheModeOfAReplacedFile) {
  const fs::path d = fresh_dir();
  spit(d / "out.json", "old");
  fs::permissions(d / "out.json",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  AtomicFile f(d / "out.json");
  f.stream() << "new";
  f.commit();
  EXPECT_EQ(fs::status(d / "out.json").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST(AtomicFile, ADeviceIsWrittenInPlaceNeverReplaced) {
  AtomicFile f("/dev/null");
  EXPECT_TRUE(f.temp_path().empty());
  f.stream() << "discarded";
  f.commit();
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(AtomicFile, RefusesADirectoryAnEmptyNameAndAMissingDirectory) {
  const fs::path d = fresh_dir();
  EXPECT_THROW(AtomicFile f(d), OutputFileError);
  EXPECT_THROW(AtomicFile f(""), OutputFileError);
  try {
    AtomicFile f(d / "no" / "such" / "out.json");
    FAIL() << "no error";
  } catch (const OutputFileError& e) {
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
}

TEST(ResolveLinks, TwoNamesOfOneFileResolveAlike) {
  const fs::path d = fresh_dir();
  fs::create_symlink("target.json", d / "dangling.json");
  EXPECT_EQ(resolve_links(d / "dangling.json"), resolve_links(d / "target.json"));
  EXPECT_EQ(resolve_links(d / "." / "x"), resolve_links(d / "sub" / ".." / "x"));
}

}  // namespace
}  // namespace kernbench::util
