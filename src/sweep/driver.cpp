#include "sweep/driver.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "sweep/mpi_world.hpp"
#include "sweep/pool.hpp"
#include "sweep/progress.hpp"
#include "sweep/store.hpp"

namespace kernbench::sweep {
namespace {

// The writer's side: the store, the plan and what is left to run.
struct Plan {
  std::unique_ptr<ResultStore> store;
  std::vector<std::size_t> todo;
  std::int64_t skipped = 0;
};

Plan open_plan(const std::vector<Point>& points, const SweepOptions& o) {
  const bool existed = std::filesystem::exists(o.out);
  Plan p;
  p.store = std::make_unique<ResultStore>(o.out, ResultStore::Access::write);
  if (existed && !o.resume && p.store->counts().total() > 0)
    throw StoreError(
        fmt::format("results `{}` already hold {} point(s); pass --resume to "
                    "continue that sweep, or choose another --out",
                    o.out, p.store->counts().total()));
  p.store->plan(points);
  const std::set<std::string> finished = p.store->finished();
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (finished.count(points[i].id()))
      ++p.skipped;
    else
      p.todo.push_back(i);
  }
  return p;
}

std::int64_t failed_among(const ResultStore& store, const std::vector<Point>& points) {
  std::set<std::string> ids;
  for (const Point& p : points) ids.insert(p.id());
  std::int64_t n = 0;
  for (const Row& r : store.rows())
    if (r.status == "failed" && ids.count(r.id)) ++n;
  return n;
}

struct Recorder {
  const std::vector<Point>& points;
  ResultStore& store;
  std::optional<Progress> progress;
  SweepSummary& summary;

  void operator()(std::size_t index, const Outcome& o) {
    store.record(points[index], o);
    (o.ok ? summary.done : summary.failed) += 1;
    if (progress) progress->finished(o.ok);
  }
  void tick() {
    if (progress) progress->tick();
  }
};

SweepSummary run_writer(const SweepSpec& spec, const std::vector<Point>& points,
                        const SweepOptions& o, Plan& plan,
                        const std::function<void(Recorder&)>& body) {
  const auto start = std::chrono::steady_clock::now();
  SweepSummary s;
  s.points = static_cast<std::int64_t>(points.size());
  s.skipped = plan.skipped;
  s.out = o.out;
  Recorder rec{points, *plan.store, std::nullopt, s};
  if (o.progress) rec.progress.emplace(*o.progress, o.terminal, spec.name, s.points, s.skipped);
  body(rec);
  if (rec.progress) rec.progress->close();
  s.failed_total = failed_among(*plan.store, points);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

SweepSummary run_mpi(const SweepSpec& spec, const std::vector<Point>& points, const RunPoint& run,
                     const SweepOptions& o, const MpiWorld& world) {
  if (world.rank() != 0) {
    SweepSummary s;
    s.writer = false;
    if (!world.agree(false)) return s;
    try {
      world.serve(points, run, spec.limits);
    } catch (...) {
      // Rank 0 would wait for this rank's result for ever: end every rank.
      if (o.on_fatal) o.on_fatal(std::current_exception());
      world.abort(1);
    }
    return s;
  }
  Plan plan;
  try {
    plan = open_plan(points, o);
  } catch (...) {
    world.agree(false);
    throw;
  }
  world.agree(true);
  SweepSummary s = run_writer(spec, points, o, plan, [&](Recorder& rec) {
    try {
      world.coordinate(
          plan.todo, [&](std::size_t i, const Outcome& out) { rec(i, out); }, [&] { rec.tick(); });
    } catch (...) {
      if (o.on_fatal) o.on_fatal(std::current_exception());
      world.abort(1);
    }
  });
  s.workers = world.size() - 1;
  return s;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  auto number = [](std::string_view t, std::uint64_t& v) {
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return !t.empty() && ec == std::errc{} && ptr == t.data() + t.size();
  };
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), s.index) ||
      !number(std::string_view(text).substr(slash + 1), s.count) || s.count == 0 ||
      s.index >= s.count)
    throw std::invalid_argument(
        fmt::format("--shard: `{}` is not a shard; expected I/N with 0 <= I < N, e.g. 0/4", text));
  return s;
}

bool in_shard(const Point& point, const Shard& shard) {
  return fnv1a64(point.canonical()) % shard.count == shard.index;
}

SweepSummary run_sweep(const SweepSpec& spec, const std::vector<Point>& all_points,
                       const RunPoint& run, const SweepOptions& options) {
  std::vector<Point> points;
  for (const Point& p : all_points)
    if (!options.shard || in_shard(p, *options.shard)) points.push_back(p);
  if (launched_by_mpi()) {
    MpiWorld world;
    if (world.size() > 1) return run_mpi(spec, points, run, options, world);
  }
  Plan plan = open_plan(points, options);
  PoolOptions po;
  po.jobs = std::max(1, options.jobs);
  po.limits = spec.limits;
  SweepSummary s = run_writer(spec, points, options, plan, [&](Recorder& rec) {
    run_local(
        points, plan.todo, run, po, [&](std::size_t i, const Outcome& out) { rec(i, out); },
        [&] { rec.tick(); });
  });
  s.workers = po.jobs;
  return s;
}

}  // namespace kernbench::sweep
