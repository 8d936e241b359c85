#include "hw/models/mesh_route.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace kernbench::hw {

std::uint64_t node_count(const FabricConfig& f, std::uint64_t ports) {
  return f.topology == Topology::mesh ? f.mesh.x * f.mesh.y : ports;
}

NodeCoord node_coord(const FabricConfig& f, std::uint64_t node) {
  if (node >= f.mesh.x * f.mesh.y)
    throw std::out_of_range(
        fmt::format("node {} is outside the {}x{} mesh", node, f.mesh.x, f.mesh.y));
  return {node % f.mesh.x, node / f.mesh.x};
}

std::uint64_t node_id(const FabricConfig& f, NodeCoord c) {
  if (c.x >= f.mesh.x || c.y >= f.mesh.y)
    throw std::out_of_range(
        fmt::format("node ({}, {}) is outside the {}x{} mesh", c.x, c.y, f.mesh.x, f.mesh.y));
  return c.y * f.mesh.x + c.x;
}

std::uint64_t hop_count(const FabricConfig& f, std::uint64_t src, std::uint64_t dst) {
  if (f.topology == Topology::crossbar) return src == dst ? 0 : 1;
  const NodeCoord a = node_coord(f, src);
  const NodeCoord b = node_coord(f, dst);
  const auto dist = [](std::uint64_t u, std::uint64_t v) { return u > v ? u - v : v - u; };
  return dist(a.x, b.x) + dist(a.y, b.y);
}

Route route(const FabricConfig& f, std::uint64_t src, std::uint64_t dst) {
  Route r;
  if (src == dst) return r;
  if (f.topology == Topology::crossbar) {
    r.hops = 1;
    r.links.push_back({src, dst});
    return r;
  }
  NodeCoord cur = node_coord(f, src);
  const NodeCoord end = node_coord(f, dst);
  r.links.reserve(hop_count(f, src, dst));
  auto step = [&](NodeCoord next) {
    r.links.push_back({node_id(f, cur), node_id(f, next)});
    cur = next;
  };
  while (cur.x != end.x) step({cur.x < end.x ? cur.x + 1 : cur.x - 1, cur.y});
  while (cur.y != end.y) step({cur.x, cur.y < end.y ? cur.y + 1 : cur.y - 1});
  r.hops = r.links.size();
  return r;
}

std::uint64_t route_latency_cycles(const FabricConfig& f, std::uint64_t hops) {
  return hops * (f.router_latency + f.hop_latency);
}

}  // namespace kernbench::hw
