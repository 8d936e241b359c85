#include "hw/runtime/chip.hpp"

#include <fmt/format.h>

namespace kernbench::hw {

Chip::Chip(sim::Engine& engine, const HwConfig& cfg, trace::OpLog* log, trace::StatSet& stats)
    : engine_(&engine),
      cfg_(cfg),
      clock_(cfg.clock.frequency.in_hz()),
      log_(log),
      stats_(&stats),
      hbm_(cfg.hbm),
      fabric_(cfg.fabric, clock_, cfg.pe.count, cfg.hbm.channels),
      cache_(cfg.cache.enabled ? std::optional<Cache>(std::in_place, cfg.cache) : std::nullopt),
      memory_(cfg_, hbm_, fabric_, cache(), log),
      order_(engine) {
  const PeServices services{engine, cfg_, clock_, order_, memory_, log_, stats};
  pes_.reserve(cfg.pe.count);
  for (std::uint64_t p = 0; p < cfg.pe.count; ++p) {
    pes_.push_back(std::make_unique<Pe>(services, static_cast<int>(p)));
  }
  register_stats();
}

void Chip::register_stats() {
  for (std::size_t c = 0; c < hbm_.channels(); ++c) {
    const BandwidthServer* ch = &hbm_.channel(c);
    stats_->formula(fmt::format("hbm.ch{}.busy", c), trace::StatUnit::ps,
                    "time the HBM channel was transferring",
                    [ch] { return static_cast<double>(ch->busy()); });
    stats_->formula(fmt::format("hbm.ch{}.bytes", c), trace::StatUnit::bytes,
                    "bytes the HBM channel moved",
                    [ch] { return static_cast<double>(ch->bytes()); });
  }
  stats_->formula("fabric.links", trace::StatUnit::none, "fabric links and ports used",
                  [this] { return static_cast<double>(fabric_.links()); });
  stats_->formula("fabric.busy", trace::StatUnit::ps, "busy time summed over the links and ports",
                  [this] { return static_cast<double>(fabric_.link_busy()); });
  stats_->formula("fabric.busiest_link.busy", trace::StatUnit::ps,
                  "busy time of the busiest link or port",
                  [this] { return static_cast<double>(fabric_.busiest_link_busy()); });
}

Chip::~Chip() = default;

trace::NameId Chip::name_id(std::string_view name) {
  return log_ != nullptr ? log_->intern(name) : 0;
}

}  // namespace kernbench::hw
