#include "sweep/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace kernbench::sweep {
namespace {

TEST(Progress, CountsPointsFailuresAndThoseFinishedBefore) {
  std::ostringstream out;
  Progress p(out, false, "demo", 10, 4);
  p.finished(true);
  p.finished(false);
  const std::string line = p.line();
  EXPECT_TRUE(line.starts_with("sweep demo: 6/10 points (1 failed), ")) << line;
  EXPECT_NE(line.find(" points/s, "), std::string::npos) << line;
}

TEST(Progress, SaysDoneWhenNothingIsLeft) {
  std::ostringstream out;
  Progress p(out, true, "", 1, 0);
  p.finished(true);
  p.close();
  EXPECT_NE(out.str().find("sweep: 1/1 points (0 failed), "), std::string::npos);
  EXPECT_TRUE(out.str().ends_with("done\n")) << out.str();
}

}  // namespace
}  // namespace kernbench::sweep
