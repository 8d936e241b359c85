// Only regular files of bounded size are read (util/read_file.hpp).
#include "util/read_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "util/checked.hpp"
#include "util/clip.hpp"

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

std::string error_of(const fs::path& p, std::uint64_t max = 1 << 20) {
  try {
    (void)read_regular_file(p, max, "hardware description");
  } catch (const InputFileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadRegularFile, ReadsARegularFile) {
  const fs::path d = fresh_dir();
  std::ofstream(d / "a.yaml") << "pe:\n  count: 4\n";
  EXPECT_EQ(read_regular_file(d / "a.yaml", 100, "x"), "pe:\n  count: 4\n");
}

TEST(ReadRegularFile, RefusesDevicesWithoutReadingThem) {
  // /dev/zero and /dev/urandom never end; /dev/null would read as empty.
  EXPECT_EQ(error_of("/dev/zero"),
            "cannot read hardware description `/dev/zero`: it is a character device; expected "
            "a regular file");
  EXPECT_EQ(error_of("/dev/urandom"),
            "cannot read hardware description `/dev/urandom`: it is a character device; "
            "expected a regular file");
  EXPECT_EQ(error_of("/dev/null"),
            "cannot read hardware description `/dev/null`: it is a character device; expected "
            "a regular file");
}

TEST(ReadRegularFile, RefusesAFifoWithoutBlocking) {
  const fs::path d = fresh_dir();
  ASSERT_EQ(::mkfifo((d / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(error_of(d / "fifo"), "cannot read hardware description `" + (d / "fifo").string() +
                                      "`: it is a FIFO (named pipe); expected a regular file");
}

TEST(ReadRegularFile, RefusesADirectory) {
  const fs::path d = fresh_dir();
  EXPECT_EQ(error_of(d), "cannot read hardware description `" + d.string() +
                             "`: it is a directory; expected a regular file");
}

TEST(ReadRegularFile, RefusesAFileOverTheLimit) {
  const fs::path d = fresh_dir();
  std::ofstream(d / "big.yaml") << std::string(2048, '#');
  EXPECT_EQ(error_of(d / "big.yaml", 1024),
            "cannot read hardware description `" + (d / "big.yaml").string() +
                "`: it is larger than 1 KiB, the limit for hardware descriptions");
}

TEST(ReadRegularFile, ASymlinkLoopIsACleanMessage) {
  const fs::path d = fresh_dir();
  fs::create_symlink("loop", d / "loop");
  EXPECT_EQ(error_of(d / "loop"),
            "cannot read hardware description `" + (d / "loop").string() +
                "`: too many levels of symbolic links (a symbolic-link loop?)");
  EXPECT_THROW((void)path_exists(d / "loop", "hardware description"), InputFileError);
  EXPECT_FALSE(path_exists(d / "missing", "hardware description"));
}

TEST(Clip, CutsLongInputAndMarksIt) {
  EXPECT_EQ(clip("short"), "short");
  const std::string long_key(100000, 'k');
  const std::string c = clip(long_key);
  EXPECT_EQ(c, std::string(kClipBytes, 'k') + "… (100000 bytes in all)");
  // Never inside a UTF-8 sequence.
  EXPECT_EQ(clip("aé", 2), "a… (3 bytes in all)");
  const std::string m = clip_message(std::string(5000, 'a') + "; expected X", 200);
  EXPECT_LE(m.size(), 260u);
  EXPECT_TRUE(m.ends_with("; expected X"));
}

TEST(Checked, ReportsOverflowInsteadOfWrapping) {
  std::int64_t out = 0;
  EXPECT_TRUE(checked_mul<std::int64_t>(1 << 20, 1 << 20, out));
  EXPECT_FALSE(checked_mul<std::int64_t>(std::int64_t{1} << 62, 4, out));
  std::uint64_t u = 0;
  EXPECT_FALSE(checked_add<std::uint64_t>(~std::uint64_t{0}, 1, u));
  EXPECT_THROW(mul_or_throw<std::int64_t>(std::int64_t{1} << 62, 4, "GROUP_SIZE_M x tiles"),
               OverflowError);
}

}  // namespace
}  // namespace kernbench::util
