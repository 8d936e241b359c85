// GridSample: which programs a sampled launch simulates, and how the whole
// grid's end is estimated from them (src/tl/grid_sample.hpp). The runner's
// block scheduler is emulated here by a list schedule over `places` places,
// with no dispatch cost, so the exact end of the whole grid is known.
#include "tl/grid_sample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "gpu_test_util.hpp"
#include "tl/runner.hpp"

namespace kernbench::tl {
namespace {

using Duration = std::function<sim::Tick(std::int64_t id)>;

/// Dispatches the ids `sample` hands out (every id when it does not sample)
/// to `places` places in order, each taking `duration(id)`; plans at the
/// first program's end, as the runner does. Returns the last place's free time.
sim::Tick emulate(GridSample& sample, const Grid& grid, std::uint64_t places,
                  const Duration& duration) {
  std::priority_queue<sim::Tick, std::vector<sim::Tick>, std::greater<>> free_at;
  for (std::uint64_t i = 0; i < places; ++i) free_at.push(0);
  sim::Tick last = 0;
  bool planned = false;
  for (std::int64_t id = 0; id < grid.size(); id = sample.next(id + 1)) {
    const sim::Tick start = free_at.top();
    if (!planned && start > 0) {  // the first program has ended
      sample.plan(places, id, start);
      planned = true;
      id = sample.at_or_after(id);
      if (id >= grid.size()) break;
    }
    free_at.pop();
    const sim::Tick freed = start + duration(id);
    sample.record(id, start, freed);
    free_at.push(freed);
    last = std::max(last, freed);
  }
  return last;
}

/// The whole grid's end when every program runs.
sim::Tick exact_end(const Grid& grid, std::uint64_t places, const Duration& duration) {
  GridSample all;
  all.reset(SampleOptions{}, grid);
  return emulate(all, grid, places, duration);
}

TEST(GridSample, AGridOfFewWavesIsNotSampled) {
  // 1000 programs on 100 places: head, two windows of 3 waves and tail are
  // 800 programs, more than a quarter of the grid.
  GridSample s;
  s.reset(SampleOptions::standard(), Grid{1000});
  s.plan(100, 100, sim::ns(1));
  EXPECT_FALSE(s.sampling());
  EXPECT_EQ(s.at_or_after(500), 500);
}

TEST(GridSample, WindowsAreTheHeadTwoMeasuredWindowsAndTheTailInWholeRows) {
  // 64 x 1000 programs, 100 places: every window holds whole rows of 64.
  GridSample s;
  s.reset(SampleOptions::standard(), Grid{64, 1000});
  s.plan(100, 100, sim::ns(1));
  ASSERT_TRUE(s.sampling());
  const auto& w = s.windows();
  ASSERT_EQ(w.size(), 4U);
  EXPECT_EQ(w[0], (std::pair<std::int64_t, std::int64_t>{0, 128}));  // the first wave, in rows
  EXPECT_EQ(w[3], (std::pair<std::int64_t, std::int64_t>{63872, 64000}));  // the last wave
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(w[i].first % 64, 0);
    EXPECT_EQ(w[i].second - w[i].first, 320);  // 3 waves of 100, in rows of 64
    EXPECT_GT(w[i].first, w[i - 1].second);
  }
  // Evenly spaced: the measured windows sit near a third and two thirds.
  EXPECT_NEAR(static_cast<double>(w[1].first), 64000.0 / 3, 400);
  EXPECT_NEAR(static_cast<double>(w[2].first), 2 * 64000.0 / 3, 400);
  // The dispatcher goes from one window's end to the next one's start.
  EXPECT_EQ(s.at_or_after(128), w[1].first);
  EXPECT_EQ(s.at_or_after(w[1].second), w[2].first);
  EXPECT_EQ(s.at_or_after(w[2].second), w[3].first);
  EXPECT_EQ(s.at_or_after(64000), 64000);
}

TEST(GridSample, ProgramsOfOneDurationGiveTheWholeGridsEndExactly) {
  const Grid grid{100000};
  const Duration d = [](std::int64_t) { return sim::ns(100); };
  GridSample s;
  s.reset(SampleOptions::standard(), grid);
  emulate(s, grid, 10, d);
  ASSERT_TRUE(s.sampling());
  EXPECT_LT(s.simulated(), 100U);  // 8 waves of 10, in all
  EXPECT_EQ(s.estimate_last_free(10, DispatchPace{}), exact_end(grid, 10, d));
  EXPECT_EQ(exact_end(grid, 10, d), sim::ns(100) * 10000);
}

TEST(GridSample, ProgramsThatVaryAlongXTakeTheirOwnColumnsDurations) {
  // Causal attention's shape: program_id(0) decides the work, 1 to 16 units.
  const Grid grid{16, 4000};
  const Duration d = [](std::int64_t id) {
    return sim::ns(100) * static_cast<sim::Tick>(id % 16 + 1);
  };
  GridSample s;
  s.reset(SampleOptions::standard(), grid);
  emulate(s, grid, 24, d);
  ASSERT_TRUE(s.sampling());
  EXPECT_LT(s.simulated(), 400U);
  const auto exact = static_cast<double>(exact_end(grid, 24, d));
  EXPECT_NEAR(static_cast<double>(s.estimate_last_free(24, DispatchPace{})), exact, exact * 0.005);
}

TEST(GridSample, AWorkloadThatChangesAlongTheGridIsFollowedWindowByWindow) {
  // The second half of the grid is twice as slow. The window near a third
  // measures the fast half, the one near two thirds the slow half, and the
  // programs between take the nearer window's durations: the change falls
  // in the middle of that gap, where it really is.
  const Grid grid{60000};
  const Duration d = [](std::int64_t id) { return id < 30000 ? sim::ns(100) : sim::ns(200); };
  GridSample s;
  s.reset(SampleOptions::standard(), grid);
  emulate(s, grid, 20, d);
  ASSERT_TRUE(s.sampling());
  const auto exact = static_cast<double>(exact_end(grid, 20, d));
  EXPECT_EQ(exact, 450e6);  // 1500 waves of 100 ns, 1500 of 200 ns
  EXPECT_NEAR(static_cast<double>(s.estimate_last_free(20, DispatchPace{})), exact, exact * 0.01);
}

TEST(GridSample, AMeasuredWindowGrowsUntilItsDurationsSettle) {
  // Programs slow down after a break in the ids (lock queues, or the L2,
  // refilling after a jump) and settle over about six waves: 2x right after
  // it, within 2% only after six waves. The exact run has one such ramp, at
  // the start; each measured window starts with one.
  const Grid grid{200000};
  const std::uint64_t places = 20;
  std::int64_t last = -1, since = 0;
  const Duration d = [&](std::int64_t id) {
    since = id == last + 1 ? since + 1 : 0;
    last = id;
    const double ramp = std::exp(-static_cast<double>(since) / (1.5 * places));
    return static_cast<sim::Tick>(100000.0 * (1.0 + ramp));
  };
  const auto estimate = [&](std::uint32_t max_waves) {
    SampleOptions o = SampleOptions::standard();
    o.max_waves = max_waves;
    GridSample s;
    s.reset(o, grid);
    last = -1;
    emulate(s, grid, places, d);
    return std::pair{static_cast<double>(s.estimate_last_free(places, DispatchPace{})),
                     s.simulated()};
  };
  last = -1;
  const auto exact = static_cast<double>(exact_end(grid, places, d));
  const auto [fixed, fixed_n] = estimate(3);  // three waves, no growth
  const auto [grown, grown_n] = estimate(10);
  EXPECT_GT(grown_n, fixed_n);              // the windows grew
  EXPECT_LT(grown_n, 30 * places);          // head, tail, two windows of at most 10 waves
  EXPECT_GT(fixed, exact * 1.01);           // measured before settling: too slow
  EXPECT_NEAR(grown, exact, exact * 0.01);  // measured once settled
  EXPECT_LT(grown - exact, (fixed - exact) / 3);
}

/// `grid` programs of one 4 KiB load and store each on 4 PEs of the test GPU.
LaunchResult run_copy(std::int64_t grid, Mode mode, bool sample) {
  RunOptions o{mode};
  if (sample) o.sample = SampleOptions::standard();
  Runner r(gpu_test::gpu({"pe.count=4"}), o);
  const Ptr x = r.allocate(data::Shape{grid * 1024}, data::DType::f32, "x");
  const Ptr y = r.allocate(data::Shape{grid * 1024}, data::DType::f32, "y");
  return r.launch("copy", Grid{grid}, [&](Program& tl) {
    auto offs = tl.program_id(0) * 1024 + tl.arange(0, 1024);
    tl.store(y + offs, tl.load(x + offs));
  });
}

TEST(GridSample, ASampledTimingRunSimulatesFewerProgramsAndEstimatesTheSameEnd) {
  const LaunchResult exact = run_copy(20000, Mode::timing, false);
  const LaunchResult sampled = run_copy(20000, Mode::timing, true);
  EXPECT_FALSE(exact.sampled());
  EXPECT_EQ(exact.simulated_programs, 20000U);
  ASSERT_TRUE(sampled.sampled());
  EXPECT_EQ(sampled.programs, 20000U);
  EXPECT_LT(sampled.simulated_programs * 4, sampled.programs);
  EXPECT_LT(sampled.commands * 4, exact.commands);
  EXPECT_LE(sampled.simulated_end, sampled.end);
  const auto e = static_cast<double>(exact.duration());
  EXPECT_NEAR(static_cast<double>(sampled.duration()), e, e * 0.02);
}

TEST(GridSample, DataModeSimulatesEveryProgram) {
  // Values need every program: the sample options are ignored.
  const LaunchResult r = run_copy(2000, Mode::data, true);
  EXPECT_FALSE(r.sampled());
  EXPECT_EQ(r.simulated_programs, 2000U);
}

}  // namespace
}  // namespace kernbench::tl
