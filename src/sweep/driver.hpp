#pragma once
/// \file
/// One `kernbench sweep`: plan the points in the results file, skip those
/// already finished (--resume), run the rest on local worker processes or,
/// under an MPI launcher with more than one rank, across the ranks, and
/// record each outcome as it arrives (one writer: this process, or rank 0).
///
/// A results file that already holds points is only continued with
/// `resume`; otherwise the sweep refuses (StoreError), so an earlier sweep
/// is never mixed up with a new one by accident. A shard i/n runs the points
/// whose id, read as a 64-bit number, is i modulo n (0 <= i < n): shards of
/// one spec are disjoint and together complete, whatever order the spec
/// lists its values in; `sweep merge` joins their files.

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sweep/spec.hpp"
#include "sweep/worker.hpp"

namespace kernbench::sweep {

struct Shard {
  std::uint64_t index = 0;  ///< 0-based
  std::uint64_t count = 1;
};

/// Parses "i/n" (0 <= i < n); throws std::invalid_argument saying what
/// was expected.
Shard parse_shard(const std::string& text);

/// True when the point belongs to the shard.
bool in_shard(const Point& point, const Shard& shard);

struct SweepOptions {
  std::string out = "results.db";
  int jobs = 1;
  bool resume = false;
  std::optional<Shard> shard;
  std::ostream* progress = nullptr;  ///< stderr, or null for none
  bool terminal = false;             ///< progress goes to a terminal
  /// Called on rank 0 when it cannot go on after the workers started:
  /// prints the error; every rank is then aborted.
  std::function<void(std::exception_ptr)> on_fatal;
};

struct SweepSummary {
  bool writer = true;             ///< false on MPI ranks other than 0 (nothing to report)
  std::int64_t points = 0;        ///< in this spec (and shard)
  std::int64_t skipped = 0;       ///< finished before this run
  std::int64_t done = 0;          ///< finished by this run, ok
  std::int64_t failed = 0;        ///< finished by this run, failed
  std::int64_t failed_total = 0;  ///< failed among all the points of the spec
  double seconds = 0;
  int workers = 0;  ///< processes that ran points
  std::string out;
};

SweepSummary run_sweep(const SweepSpec& spec, const std::vector<Point>& all_points,
                       const RunPoint& run, const SweepOptions& options);

}  // namespace kernbench::sweep
