#pragma once
/// \file
/// Routes on the PE fabric (pure functions). Nodes are numbered row-major:
/// id = y * mesh.x + x. Mesh: dimension-ordered XY routing (all X hops, then
/// all Y hops), deadlock-free and deterministic; hops = |dx| + |dy|.
/// Crossbar: one hop between any two distinct nodes. A route of h hops
/// costs h * (router_latency + hop_latency) cycles of latency.

#include <cstdint>
#include <vector>

#include "hw/config/hw_config.hpp"

namespace kernbench::hw {

struct NodeCoord {
  std::uint64_t x;
  std::uint64_t y;
  bool operator==(const NodeCoord&) const = default;
};

/// A directed link between two nodes (one direction of a physical link).
struct Link {
  std::uint64_t from;
  std::uint64_t to;
  bool operator==(const Link&) const = default;
};

struct Route {
  std::uint64_t hops = 0;
  std::vector<Link> links;  ///< in traversal order
};

/// Number of fabric nodes: x * y for a mesh; for a crossbar, `ports`.
std::uint64_t node_count(const FabricConfig& fabric, std::uint64_t ports);

/// Throws std::out_of_range for a node outside the mesh.
NodeCoord node_coord(const FabricConfig& fabric, std::uint64_t node);
std::uint64_t node_id(const FabricConfig& fabric, NodeCoord c);

/// Hops from src to dst (0 when equal).
std::uint64_t hop_count(const FabricConfig& fabric, std::uint64_t src, std::uint64_t dst);

/// The links a packet from src to dst crosses.
Route route(const FabricConfig& fabric, std::uint64_t src, std::uint64_t dst);

/// Latency in cycles of a route of `hops` hops.
std::uint64_t route_latency_cycles(const FabricConfig& fabric, std::uint64_t hops);

}  // namespace kernbench::hw
