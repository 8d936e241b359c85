#include "hw/fabric/fabric.hpp"

#include <algorithm>

#include "hw/models/mesh_route.hpp"

namespace kernbench::hw {

Fabric::Fabric(const FabricConfig& cfg, const sim::Clock& clock, std::uint64_t pe_count,
               std::uint64_t hbm_channels)
    : cfg_(cfg), clock_(clock), nodes_(node_count(cfg, pe_count)) {
  const bool crossbar = cfg.topology == Topology::crossbar;
  all_nodes_ = crossbar ? pe_count + hbm_channels : nodes_;
  channel_nodes_.reserve(hbm_channels);
  for (std::uint64_t c = 0; c < hbm_channels; ++c) {
    channel_nodes_.push_back(
        static_cast<std::uint32_t>(crossbar ? pe_count + c : c * nodes_ / hbm_channels));
  }
  // A dense (src, dst) table while it is small; beyond that (65,536 PEs on a
  // crossbar would need 17 GB, a 1024 x 1024 mesh 4 TB) a map holds only the
  // pairs that actually exchange data.
  if (all_nodes_ <= kDensePathNodes) path_of_.assign(all_nodes_ * all_nodes_, -1);
}

std::uint32_t Fabric::link_server(std::uint64_t from, std::uint64_t to) {
  const std::uint64_t key = from * (all_nodes_ + 1) + to;
  auto [it, inserted] = link_index_.try_emplace(key, static_cast<std::uint32_t>(servers_.size()));
  if (inserted) servers_.emplace_back(cfg_.link_bandwidth.in_bytes_per_second());
  return it->second;
}

const Fabric::Path& Fabric::path(std::uint32_t src, std::uint32_t dst) {
  const std::uint64_t key = std::uint64_t{src} * all_nodes_ + dst;
  std::int32_t& slot =
      path_of_.empty() ? sparse_path_of_.try_emplace(key, -1).first->second : path_of_[key];
  if (slot >= 0) return paths_[static_cast<std::size_t>(slot)];
  Path p;
  if (cfg_.topology == Topology::crossbar) {
    // Egress port of src (from src to a virtual switch node), ingress of dst.
    const std::uint64_t sw = all_nodes_;
    p.servers.push_back(link_server(src, sw));
    p.servers.push_back(link_server(sw, dst));
    p.latency = clock_.to_ticks(route_latency_cycles(cfg_, 1));
  } else {
    const Route r = route(cfg_, src, dst);
    for (const Link& l : r.links) p.servers.push_back(link_server(l.from, l.to));
    p.latency = clock_.to_ticks(route_latency_cycles(cfg_, r.hops));
  }
  slot = static_cast<std::int32_t>(paths_.size());
  paths_.push_back(std::move(p));
  return paths_.back();
}

sim::Tick Fabric::transfer(std::uint32_t src, std::uint32_t dst, std::uint64_t bytes, sim::Tick t) {
  if (src == dst || bytes == 0) return t;
  const Path& p = path(src, dst);
  sim::Tick arrive = t;
  for (std::uint32_t s : p.servers) arrive = std::max(arrive, servers_[s].reserve(t, bytes));
  return arrive + p.latency;
}

sim::Tick Fabric::port_transfer(std::uint32_t n, bool inbound, std::uint64_t bytes, sim::Tick t) {
  if (bytes == 0) return t;
  // The port's server is looked up once per node and direction.
  std::vector<std::int32_t>& ports = inbound ? in_ports_ : out_ports_;
  if (ports.size() <= n) ports.resize(std::size_t{n} + 1, -1);
  if (ports[n] < 0) {
    const std::uint64_t sw = all_nodes_;
    ports[n] = static_cast<std::int32_t>(inbound ? link_server(sw, n) : link_server(n, sw));
  }
  if (port_latency_ == kUnknownLatency)
    port_latency_ = clock_.to_ticks(route_latency_cycles(cfg_, 1));
  return servers_[static_cast<std::size_t>(ports[n])].reserve(t, bytes) + port_latency_;
}

std::uint64_t Fabric::hops(std::uint32_t src, std::uint32_t dst) const {
  if (src == dst) return 0;
  return cfg_.topology == Topology::crossbar ? 1 : hop_count(cfg_, src, dst);
}

sim::Tick Fabric::link_busy() const {
  sim::Tick b = 0;
  for (const auto& s : servers_) b += s.busy();
  return b;
}

sim::Tick Fabric::busiest_link_busy() const {
  sim::Tick b = 0;
  for (const auto& s : servers_) b = std::max(b, s.busy());
  return b;
}

std::uint64_t Fabric::link_bytes() const {
  std::uint64_t b = 0;
  for (const auto& s : servers_) b += s.bytes();
  return b;
}

}  // namespace kernbench::hw
