#pragma once
/// \file
/// The results of a sweep in one SQLite file.
///
/// Table `points`: one row per planned point, keyed by its id (point.hpp),
/// with `seq` (plan order), the canonical description `point` and its
/// `kernel`, `hw`, `mode`, `seed`, a `status` (`pending`, `done` or
/// `failed`), where and how long it ran (`host`, `worker`, `wall_seconds`,
/// `finished_at`, UTC ISO 8601), the `error`, one column per figure
/// (figures.hpp) and the full JSON run `report`. Table `meta`: key/value
/// (`schema` = kernbench.sweep/1).
///
/// Durability: every record() is one transaction (WAL journal), so a kill
/// at any moment leaves each row either pending or complete, never half
/// written. `synchronous=NORMAL`: a committed point survives the death of
/// the process; only a power loss can undo the last commits (ADR 0081).
///
/// One writer: opening for writing takes an exclusive advisory lock (flock)
/// on the file, so a second sweep on the same file fails at once with a
/// clear message; readers (export, plot, sqlite3) are not blocked.
/// Errors: StoreError (a std::runtime_error) naming the file.

#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep/outcome.hpp"
#include "sweep/point.hpp"

namespace kernbench::sweep {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One row of `points`.
struct Row {
  std::string id;
  std::int64_t seq = 0;
  std::string point;  ///< canonical description
  std::string status;
  std::string host;
  std::int64_t worker = 0;
  double wall_seconds = 0;
  std::string error;
  std::string finished_at;
  std::string report;  ///< JSON text, or empty
  /// The figure columns in figures() order (null where absent).
  nlohmann::ordered_json figures = nlohmann::ordered_json::object();
};

struct StatusCounts {
  std::int64_t pending = 0, done = 0, failed = 0;
  std::int64_t total() const { return pending + done + failed; }
};

class ResultStore {
 public:
  enum class Access { read, write };
  /// Opens `path`; `write` creates it when missing and takes the writer
  /// lock; `read` requires an existing results file.
  ResultStore(const std::string& path, Access access);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  const std::string& path() const { return path_; }

  /// Adds the points not present yet as `pending`, in order, in one
  /// transaction. Throws StoreError when a present id has another
  /// description (a hash collision).
  void plan(const std::vector<Point>& points);
  /// Ids whose status is done or failed.
  std::set<std::string> finished() const;
  StatusCounts counts() const;
  /// Records a pending point's outcome (one transaction); a point that is
  /// already finished is left as it is (returns false).
  bool record(const Point& point, const Outcome& outcome);
  /// Every row, by seq.
  std::vector<Row> rows() const;
  /// Copies `row` in: inserted when the id is absent, replacing a pending
  /// row, else left alone. Returns true when it was written.
  bool put(const Row& row);

 private:
  struct Db;
  std::string path_;
  std::unique_ptr<Db> db_;
  int lock_fd_ = -1;
};

}  // namespace kernbench::sweep
