#include "sweep/point.hpp"

#include <gtest/gtest.h>

#include "sweep/expand.hpp"
#include "sweep/spec.hpp"

namespace kernbench::sweep {
namespace {

Point sample() {
  return Point{"matmul",
               {{"K", "128"}, {"M", "256"}},
               "npu-default",
               "npu-default",
               {{"pe.tcm.size", "1 MiB"}},
               "timing",
               3};
}

TEST(PointId, IsTheHashOfTheCanonicalDescriptionAndNeverChanges) {
  const Point p = sample();
  EXPECT_EQ(p.canonical(),
            R"({"kernel":"matmul","params":{"K":"128","M":"256"},"hw":"npu-default",)"
            R"("set":{"pe.tcm.size":"1 MiB"},"mode":"timing","seed":3})");
  // A fixed value: results files written by earlier builds stay valid.
  EXPECT_EQ(p.id(), "4f46059df1bd8a5e");
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(PointId, DoesNotDependOnTheOrderOrSpellingInTheSpec) {
  const auto a =
      expand(load_spec_text("kernels: [{kernel: matmul, params: {M: 256, K: 128}}]\n"
                            "hw: {set: {pe.tcm.size: 1MiB}}\nseeds: 3\n",
                            "a.yaml"));
  const auto b =
      expand(load_spec_text("seeds: [3]\nhw: {set: {pe.tcm.size: 1024 KiB}}\n"
                            "kernels: [{kernel: matmul, params: {K: [128], M: [256]}}]\n",
                            "b.yaml"));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].id(), sample().id());
  EXPECT_EQ(b[0].id(), sample().id());
}

TEST(PointId, DiffersWhenAnythingThatChangesTheRunDiffers) {
  Point p = sample();
  const std::string id = p.id();
  p.seed = 4;
  EXPECT_NE(p.id(), id);
  p = sample();
  p.mode = "data";
  EXPECT_NE(p.id(), id);
  p = sample();
  p.hw_path = "/elsewhere/npu.yaml";  // where it is loaded from is not part of the point
  EXPECT_EQ(p.id(), id);
}

TEST(PointId, RoundTripsThroughTheCanonicalText) {
  const Point p = point_from_canonical(sample().canonical());
  EXPECT_EQ(p.canonical(), sample().canonical());
  EXPECT_THROW(point_from_canonical("{\"kernel\": 1}"), std::runtime_error);
}

}  // namespace
}  // namespace kernbench::sweep
