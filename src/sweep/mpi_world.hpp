#pragma once
/// \file
/// Sweeps across MPI ranks (OpenMPI): rank 0 hands out points one at a time
/// as ranks ask for work and is the only writer; every other rank runs the
/// points it is given in a worker process kept across points
/// (serial_worker.hpp), as on one machine, and sends back the outcome.
///
/// Every rank expands the same spec to the same point list, so a hand-out
/// is one index. Messages: a worker sends `ready` (empty) once, then a
/// `result` (JSON {index, ok, error, report, host, wall_seconds}) per point;
/// rank 0 answers each with `work` (the index) or `stop`. Rank 0 polls
/// (MPI_Iprobe with a short sleep) so it neither spins on a core the
/// workers need nor misses its progress ticks.
///
/// MPI is initialised only when the process was started by an MPI launcher
/// (launched_by_mpi), so the same binary runs without mpirun. MpiWorld
/// initialises in its constructor and finalises in its destructor; a rank
/// that cannot go on calls abort(), which ends every rank (no hang). A rank
/// dies with the process that launched it (PR_SET_PDEATHSIG), so `kill -9`
/// of mpirun stops the whole sweep at once.

#include <cstddef>
#include <functional>
#include <vector>

#include "sweep/pool.hpp"
#include "sweep/worker.hpp"

namespace kernbench::sweep {

/// True when an MPI launcher started this process (OMPI_COMM_WORLD_SIZE,
/// PMIX_RANK or PMI_RANK in the environment).
bool launched_by_mpi();

class MpiWorld {
 public:
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  /// Rank 0's `ok` for every rank (a broadcast): the others learn whether
  /// rank 0 could set the sweep up.
  bool agree(bool ok_at_root) const;
  /// Ends every rank with `code`.
  [[noreturn]] void abort(int code) const;

  /// Rank 0: hands out `todo` to ranks 1..size-1 until all are done.
  void coordinate(const std::vector<std::size_t>& todo, const OnFinished& on_finished,
                  const std::function<void()>& on_tick) const;
  /// Ranks > 0: runs what rank 0 hands out until told to stop.
  void serve(const std::vector<Point>& points, const RunPoint& run, const Limits& limits) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace kernbench::sweep
