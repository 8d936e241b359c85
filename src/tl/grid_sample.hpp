#pragma once
/// @file grid_sample.hpp
/// `GridSample`: simulate a few windows of a large grid and estimate the
/// whole launch's end from them (timing-only runs; docs/adr/0090).
///
/// A grid of P programs on a chip that holds R at once runs in about P / R
/// waves. Once the first program has finished (the occupancy is known),
/// `plan` chooses windows of contiguous program ids:
/// - the head, from id 0: the first wave and the ramp of the occupancy;
/// - `windows` measured windows, evenly spaced between head and tail, of
///   `waves` x R programs each, of which the first `warmup_waves` x R only
///   refill the chip and the L2 after the jump from the window before; a
///   window grows by a wave (up to `max_waves`) while the mean durations of
///   its last two finished waves differ by more than `settle_percent`;
/// - the tail, the last wave of the grid.
/// On a grid of more than one row every window holds whole rows of its x
/// axis, so that every value of program_id(0) is simulated. The dispatcher
/// hands out the windows' ids in order (`next`), going from the end of one
/// window straight to the start of the next, so the chip stays full until
/// the tail drains it, as the end of the whole grid does.
///
/// The end of the launch is then estimated (`estimate_last_free`) by
/// replaying the block scheduler over the whole grid: a list schedule over R
/// places with the runner's dispatch interval and latency, starting from
/// the first wave's simulated times. A simulated program takes its own
/// duration (its start to its place freeing up). Any other program takes a
/// duration from the nearest measured window: one of that window's measured
/// programs with the same program_id(0), taken in turn by row.
///
/// Sampling is used only where it simulates at most 1/`min_saving` of the
/// grid; otherwise every program runs and the result is exact.
///
/// Units: times are ps (sim::Tick); ids are linear program ids (x fastest).

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/time.hpp"
#include "tl/program.hpp"

namespace kernbench::tl {

/// How a timing-only launch samples its grid.
struct SampleOptions {
  std::uint32_t windows = 0;  ///< measured windows besides head and tail; 0: every program
  std::uint32_t waves = 3;    ///< a measured window's length, in programs the chip holds at once
  std::uint32_t warmup_waves = 2;  ///< of which the first are not measured (they follow a jump)
  std::uint32_t min_saving = 4;    ///< sample only if it simulates <= 1/min_saving of the grid
  /// A measured window grows by a wave, up to this many, while the mean
  /// duration of its last settled wave differs from the wave before by more
  /// than `settle_percent` (queues and locks take longer to settle than two
  /// waves after a jump).
  std::uint32_t max_waves = 10;
  std::uint32_t settle_percent = 2;

  /// What `--sample` means (where it halves the programs simulated or
  /// better): two measured windows of three waves or more (one measured
  /// after two or more of warm-up, until the durations settle), with the
  /// head and the tail: eight waves simulated or more. The error this gives
  /// is measured in docs/fidelity.md ("Sampled grids").
  static SampleOptions standard() { return {2, 3, 2, 2, 10, 2}; }
};

/// The block scheduler's pace: one start per `interval`, each after `latency`.
struct DispatchPace {
  sim::Tick interval = 0;
  sim::Tick latency = 0;
};

class GridSample {
 public:
  /// Forgets any previous launch; sampling stays off until `plan`.
  void reset(const SampleOptions& opts, const Grid& grid);
  /// The first program has finished at `now`: `places` programs fit the chip
  /// at once and ids below `dispatched` are out (the first wave). Chooses the
  /// windows, or none when sampling would not save enough.
  void plan(std::uint64_t places, std::int64_t dispatched, sim::Tick now);
  /// Whether windows are in force (some programs will not be simulated).
  bool sampling() const { return !windows_.empty(); }
  /// The first id at or after `id` that is to be simulated (`id` itself
  /// unless sampling); the grid's size when none is left.
  std::int64_t at_or_after(std::int64_t id) const;
  /// The id the dispatcher hands out next, `id` being the one after the
  /// last handed out: at_or_after(id), after growing the measured window
  /// that ends at `id` if its durations have not settled yet.
  std::int64_t next(std::int64_t id);
  /// A simulated program: it started at `start` and freed its place at `freed`.
  void record(std::int64_t id, sim::Tick start, sim::Tick freed);
  /// Programs simulated so far.
  std::uint64_t simulated() const { return runs_.size(); }
  /// The windows, as [first id, end id) pairs.
  const std::vector<std::pair<std::int64_t, std::int64_t>>& windows() const { return windows_; }
  /// When the last program of the whole grid frees its place, on a chip of
  /// `places` places (the launch's final occupancy) at `pace`.
  sim::Tick estimate_last_free(std::uint64_t places, DispatchPace pace) const;

 private:
  struct Run {
    std::int64_t id;
    sim::Tick start;
    sim::Tick freed;
  };
  /// Donor durations by window (measured ones) and program_id(0) class.
  using Pools = std::vector<std::vector<std::vector<sim::Tick>>>;
  Pools donor_pools(const std::vector<Run>& runs) const;
  /// Whether measured window `w` ends in settled durations (or cannot tell).
  bool settled(std::size_t w) const;
  /// The measured window whose donors stand for `id`.
  std::size_t nearest_window(std::int64_t id) const;
  /// The duration a program not simulated is given.
  sim::Tick donor_duration(std::int64_t id, const Pools& pools) const;
  std::int64_t class_of(std::int64_t id) const { return id % classes_; }
  /// Whether a simulated program's duration stands for others: it is in the
  /// last `measured_` programs of a measured window.
  bool donor(std::int64_t id) const;

  SampleOptions opts_;
  Grid grid_;
  std::int64_t classes_ = 1;  // program_id(0) classes: grid.x on a grid of several rows
  std::int64_t first_wave_ = 0;
  std::int64_t measured_ = 0;  // programs at the end of a measured window that are donors
  std::int64_t chunk_ = 0;     // a wave, in whole rows: the step a measured window grows by
  sim::Tick planned_at_ = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> windows_;
  std::vector<Run> runs_;
};

}  // namespace kernbench::tl
