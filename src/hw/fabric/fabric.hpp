#pragma once
/// @file fabric.hpp
/// The on-chip network between PEs and the HBM channels' controllers.
///
/// Placement: PE p sits at node p. On a mesh, HBM channel c's controller
/// attaches at node floor(c * nodes / channels) (spread over the mesh); on a
/// crossbar every channel has its own port (node pe_count + c). Timing of a transfer of
/// `bytes` from node a to node b entering at t (cut-through):
///   mesh:     every link l of the XY route serves the bytes FIFO at the link
///             bandwidth from t; arrival = max_l(end_l) + route latency
///             (hops * (hop_latency + router_latency) cycles);
///   crossbar: a's egress port and b's ingress port serve the bytes; one hop.
/// Concurrent transfers share links through their FIFO reservations.
/// Transfers within a node cost nothing. Paths are computed on first use and
/// cached: in a dense (src, dst) table up to 2048 nodes, beyond that in a
/// map of the pairs used (memory grows with the traffic, not with nodes²).

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "hw/config/hw_config.hpp"
#include "hw/core/bandwidth_server.hpp"
#include "sim/time.hpp"

namespace kernbench::hw {

class Fabric {
 public:
  Fabric(const FabricConfig& cfg, const sim::Clock& clock, std::uint64_t pe_count,
         std::uint64_t hbm_channels);

  std::uint32_t pe_node(std::uint64_t pe) const { return static_cast<std::uint32_t>(pe); }
  std::uint32_t channel_node(std::uint64_t channel) const { return channel_nodes_[channel]; }
  std::uint64_t nodes() const { return nodes_; }

  /// Reserves the path for `bytes` from `src` to `dst` entering at `t`;
  /// returns the arrival time of the last byte.
  sim::Tick transfer(std::uint32_t src, std::uint32_t dst, std::uint64_t bytes, sim::Tick t);

  /// Crossbar only: reserves just node `n`'s port (inbound: switch -> n,
  /// else n -> switch) for `bytes` from `t`; returns arrival incl. one hop.
  sim::Tick port_transfer(std::uint32_t n, bool inbound, std::uint64_t bytes, sim::Tick t);
  /// Hops between two nodes.
  std::uint64_t hops(std::uint32_t src, std::uint32_t dst) const;
  /// Sum over links of busy time, and bytes carried (for statistics).
  sim::Tick link_busy() const;
  /// Busy time of the busiest link (ps); 0 when no link exists yet.
  sim::Tick busiest_link_busy() const;
  std::uint64_t link_bytes() const;
  std::uint64_t links() const { return servers_.size(); }
  /// Bytes per second of one link.
  std::uint64_t link_bandwidth() const { return cfg_.link_bandwidth.in_bytes_per_second(); }

 private:
  struct Path {
    std::vector<std::uint32_t> servers;
    sim::Tick latency;
  };
  const Path& path(std::uint32_t src, std::uint32_t dst);
  std::uint32_t link_server(std::uint64_t from, std::uint64_t to);

  FabricConfig cfg_;
  sim::Clock clock_;
  std::uint64_t nodes_;
  std::vector<std::uint32_t> channel_nodes_;
  std::vector<BandwidthServer> servers_;
  std::unordered_map<std::uint64_t, std::uint32_t> link_index_;
  std::uint64_t all_nodes_;            // PEs and memory ports
  std::vector<std::int32_t> path_of_;  // (src, dst) -> index in paths_, -1 unknown
  std::unordered_map<std::uint64_t, std::int32_t> sparse_path_of_;  // the same, large fabrics
  static constexpr std::uint64_t kDensePathNodes = 2048;            // dense table <= 16 MiB
  std::vector<Path> paths_;
  std::vector<std::int32_t> in_ports_;   // crossbar: node -> its inbound port server
  std::vector<std::int32_t> out_ports_;  // crossbar: node -> its outbound port server
  static constexpr sim::Tick kUnknownLatency = ~sim::Tick{0};
  sim::Tick port_latency_ = kUnknownLatency;
};

}  // namespace kernbench::hw
