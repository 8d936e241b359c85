#include "app/sweep_plot.hpp"

#include <gtest/gtest.h>

namespace kernbench::app {
namespace {

TEST(ParetoFront, KeepsThePointsNoOtherBeatsInBothCoordinates) {
  const std::vector<std::pair<double, double>> pts{{4, 1}, {1, 5}, {2, 2}, {3, 3}, {2, 4}, {5, 1}};
  EXPECT_EQ(pareto_front(pts), (std::vector<std::size_t>{1, 2, 0}));
  EXPECT_TRUE(pareto_front({}).empty());
}

}  // namespace
}  // namespace kernbench::app
