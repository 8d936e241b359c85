#include "tl/grid_sample.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace kernbench::tl {

namespace {

std::int64_t round_up(std::int64_t n, std::int64_t step) {
  return (n + step - 1) / step * step;
}

}  // namespace

void GridSample::reset(const SampleOptions& opts, const Grid& grid) {
  opts_ = opts;
  grid_ = grid;
  classes_ = 1;
  first_wave_ = 0;
  measured_ = 0;
  chunk_ = 0;
  planned_at_ = 0;
  windows_.clear();
  runs_.clear();
}

void GridSample::plan(std::uint64_t places, std::int64_t dispatched, sim::Tick now) {
  first_wave_ = dispatched;
  planned_at_ = now;
  const std::int64_t total = grid_.size();
  if (opts_.windows == 0 || places == 0) return;
  // A grid of several rows may vary along x (causal attention's row blocks):
  // each window then holds whole rows, so every program_id(0) is measured.
  const std::int64_t align = grid_.x > 1 && grid_.x < total ? grid_.x : 1;
  const auto wave = static_cast<std::int64_t>(places);
  // The head holds the first wave and the ramp of the occupancy; the tail,
  // started on a full chip, drains it as the whole grid's end does. A
  // measured window's first waves (warmup) share the chip and the L2 with
  // the window before it; the rest of it, at least a row, stands for the
  // programs not simulated.
  const std::int64_t warmup = static_cast<std::int64_t>(opts_.warmup_waves) * wave;
  const std::int64_t head = round_up(std::max(dispatched, wave), align);
  const std::int64_t tail = round_up(wave, align);
  const std::int64_t len =
      round_up(std::max(static_cast<std::int64_t>(opts_.waves) * wave, warmup + align), align);
  measured_ = len - round_up(warmup, align);
  chunk_ = round_up(wave, align);
  const std::int64_t k = opts_.windows;
  if ((head + k * len + tail) * std::max<std::int64_t>(opts_.min_saving, 1) > total) return;
  classes_ = align;
  windows_.emplace_back(0, head);
  const std::int64_t span = total - tail - head;  // between the head and the tail
  for (std::int64_t w = 1; w <= k; ++w) {
    const std::int64_t begin = (head + span * w / (k + 1) - len / 2) / align * align;
    windows_.emplace_back(begin, begin + len);
  }
  windows_.emplace_back(total - tail, total);
}

bool GridSample::donor(std::int64_t id) const {
  for (std::size_t w = 1; w + 1 < windows_.size(); ++w) {
    if (id >= windows_[w].second - measured_ && id < windows_[w].second) return true;
  }
  return false;
}

bool GridSample::settled(std::size_t w) const {
  // The last wave handed out is still running: compare the two before it.
  const std::int64_t end = windows_[w].second - chunk_;
  const std::int64_t mid = end - chunk_;
  const std::int64_t begin = mid - chunk_;
  if (begin < windows_[w].first) return true;
  double sum[2] = {0, 0};
  std::int64_t n[2] = {0, 0};
  for (const Run& r : runs_) {
    if (r.id < begin || r.id >= end) continue;
    const int half = r.id < mid ? 0 : 1;
    sum[half] += static_cast<double>(r.freed - r.start);
    ++n[half];
  }
  if (2 * n[0] < chunk_ || 2 * n[1] < chunk_) return true;  // too few finished to tell
  const double a = sum[0] / static_cast<double>(n[0]);
  const double b = sum[1] / static_cast<double>(n[1]);
  return std::abs(b - a) * 100 <= a * opts_.settle_percent;
}

std::int64_t GridSample::next(std::int64_t id) {
  for (std::size_t w = 1; w + 1 < windows_.size(); ++w) {
    if (id != windows_[w].second) continue;
    const bool room =
        id + chunk_ <= windows_[w + 1].first &&
        id + chunk_ - windows_[w].first <= static_cast<std::int64_t>(opts_.max_waves) * chunk_;
    if (room && !settled(w)) windows_[w].second += chunk_;
    break;
  }
  return at_or_after(id);
}

std::int64_t GridSample::at_or_after(std::int64_t id) const {
  if (windows_.empty()) return id;
  for (const auto& [first, end] : windows_) {
    if (id < end) return std::max(id, first);
  }
  return grid_.size();
}

void GridSample::record(std::int64_t id, sim::Tick start, sim::Tick freed) {
  if (opts_.windows != 0) runs_.push_back({id, start, freed});
}

std::size_t GridSample::nearest_window(std::int64_t id) const {
  // The measured window (neither the head nor the tail) nearest to `id`.
  std::size_t best = 1;
  std::int64_t best_distance = -1;
  for (std::size_t w = 1; w + 1 < windows_.size(); ++w) {
    const std::int64_t first = windows_[w].second - measured_;
    const std::int64_t last = windows_[w].second - 1;
    const std::int64_t distance = id < first ? first - id : id > last ? id - last : 0;
    if (best_distance < 0 || distance < best_distance) best = w, best_distance = distance;
  }
  return best;
}

GridSample::Pools GridSample::donor_pools(const std::vector<Run>& runs) const {
  Pools pools(windows_.size(),
              std::vector<std::vector<sim::Tick>>(static_cast<std::size_t>(classes_)));
  for (const Run& r : runs) {
    if (!donor(r.id)) continue;
    const std::size_t w = nearest_window(r.id);
    pools[w][static_cast<std::size_t>(class_of(r.id))].push_back(r.freed - r.start);
  }
  return pools;
}

sim::Tick GridSample::donor_duration(std::int64_t id, const Pools& pools) const {
  // The window nearest in the grid; its programs of the same program_id(0),
  // taken in turn so that a long gap gets the window's spread of times, not
  // one program's.
  const auto& by_class = pools[nearest_window(id)];
  const auto& same = by_class[static_cast<std::size_t>(class_of(id))];
  if (!same.empty()) {
    return same[static_cast<std::size_t>(id / classes_) % same.size()];
  }
  std::size_t n = 0;  // a measured window holds at least one donor (plan)
  for (const auto& c : by_class) n += c.size();
  auto k = static_cast<std::size_t>(id) % n;  // a class the window missed: any of its programs
  for (const auto& c : by_class) {
    if (k < c.size()) return c[k];
    k -= c.size();
  }
  return 0;
}

sim::Tick GridSample::estimate_last_free(std::uint64_t places, DispatchPace pace) const {
  std::vector<Run> runs = runs_;
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.id < b.id; });
  std::priority_queue<sim::Tick, std::vector<sim::Tick>, std::greater<>> free_at;
  for (const Run& r : runs) {
    if (r.id < first_wave_) free_at.push(r.freed);  // the first wave keeps its simulated times
  }
  // The first wave may have held more places than the occupancy learnt
  // later allows: those that free up first are not taken again.
  while (free_at.size() > std::max<std::uint64_t>(places, 1)) free_at.pop();
  while (free_at.size() < places) free_at.push(planned_at_);
  const Pools pools = donor_pools(runs);
  sim::Tick dispatcher_free = planned_at_;
  auto own = std::lower_bound(runs.begin(), runs.end(), first_wave_,
                              [](const Run& r, std::int64_t id) { return r.id < id; });
  for (std::int64_t id = first_wave_; id < grid_.size(); ++id) {
    sim::Tick d = 0;
    if (own != runs.end() && own->id == id) {
      d = own->freed - own->start;
      ++own;
    } else {
      d = donor_duration(id, pools);
    }
    const sim::Tick slot = std::max(free_at.top(), dispatcher_free);
    free_at.pop();
    dispatcher_free = slot + pace.interval;
    free_at.push(slot + pace.latency + d);
  }
  sim::Tick last = 0;
  for (; !free_at.empty(); free_at.pop()) last = free_at.top();
  return last;
}

}  // namespace kernbench::tl
