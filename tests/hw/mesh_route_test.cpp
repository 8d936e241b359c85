#include "hw/models/mesh_route.hpp"

#include <gtest/gtest.h>

#include "hw/config/loader.hpp"

namespace kernbench::hw {
namespace {

const FabricConfig& npu_mesh() {  // 4x4, hop 1, router 2
  static const FabricConfig c = load_preset("npu-default").fabric;
  return c;
}

TEST(MeshRoute, XyRoutingGoesAlongXThenY) {
  const Route r = route(npu_mesh(), 0, 15);  // (0,0) -> (3,3)
  EXPECT_EQ(r.hops, 6u);
  const std::vector<Link> expect{{0, 1}, {1, 2}, {2, 3}, {3, 7}, {7, 11}, {11, 15}};
  EXPECT_EQ(r.links, expect);
  const Route back = route(npu_mesh(), 13, 4);  // (1,3) -> (0,1)
  const std::vector<Link> expect_back{{13, 12}, {12, 8}, {8, 4}};
  EXPECT_EQ(back.links, expect_back);
  EXPECT_EQ(hop_count(npu_mesh(), 13, 4), 3u);
  EXPECT_EQ(route(npu_mesh(), 5, 5).hops, 0u);
  EXPECT_EQ(route_latency_cycles(npu_mesh(), 6), 18u);
}

TEST(MeshRoute, CoordinatesAreRowMajor) {
  EXPECT_EQ(node_coord(npu_mesh(), 6), (NodeCoord{2, 1}));
  EXPECT_EQ(node_id(npu_mesh(), {2, 1}), 6u);
  EXPECT_THROW(node_coord(npu_mesh(), 16), std::out_of_range);
  EXPECT_EQ(node_count(npu_mesh(), 99), 16u);
}

TEST(CrossbarRoute, IsOneHopBetweenAnyTwoNodes) {
  const FabricConfig x = load_preset("h200").fabric;
  const Route r = route(x, 3, 100);
  EXPECT_EQ(r.hops, 1u);
  EXPECT_EQ(r.links, (std::vector<Link>{{3, 100}}));
  EXPECT_EQ(hop_count(x, 7, 7), 0u);
  EXPECT_EQ(route_latency_cycles(x, 1), 50u);
  EXPECT_EQ(node_count(x, 132), 132u);
}

}  // namespace
}  // namespace kernbench::hw
