#include "app/run_tcm.hpp"

namespace kernbench::app {

TcmRecorder::TcmRecorder(hw::Chip& chip, bool keep_samples)
    : chip_(&chip), keep_(keep_samples), pes_(chip.pe_count()) {
  for (std::size_t i = 0; i < pes_.size(); ++i) {
    pes_[i].rec = this;
    pes_[i].pe = static_cast<std::int32_t>(i);
    if (keep_) samples_.push_back({pes_[i].pe, 0, 0});
    chip.pe(i).tcm().set_observer(&TcmRecorder::on_change, &pes_[i]);
  }
}

TcmRecorder::~TcmRecorder() {
  for (std::size_t i = 0; i < pes_.size(); ++i) chip_->pe(i).tcm().set_observer(nullptr, nullptr);
}

void TcmRecorder::on_change(void* ctx, std::uint64_t t, std::uint64_t used) {
  auto& s = *static_cast<PeState*>(ctx);
  s.byte_ps += static_cast<double>(s.last_used) * static_cast<double>(t - s.last_t);
  s.last_t = t;
  s.last_used = used;
  if (s.rec->keep_) s.rec->samples_.push_back({s.pe, t, used});
}

void TcmRecorder::finish(std::uint64_t end_ps) {
  if (pes_.empty() || end_ps == 0) return;
  double sum = 0;
  for (PeState& s : pes_) {
    // A change after `end_ps` extends this PE's integral to it; the mean is
    // still taken over [0, end_ps] and clamped to 1.
    const std::uint64_t t = end_ps > s.last_t ? end_ps : s.last_t;
    const double integral =
        s.byte_ps + static_cast<double>(s.last_used) * static_cast<double>(t - s.last_t);
    const auto cap =
        static_cast<double>(chip_->pe(static_cast<std::size_t>(s.pe)).tcm().capacity());
    const double share = cap > 0 ? integral / (cap * static_cast<double>(end_ps)) : 0.0;
    sum += share < 1.0 ? share : 1.0;
  }
  mean_ = sum / static_cast<double>(pes_.size());
}

}  // namespace kernbench::app
