#include "sweep/store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "sweep/figures.hpp"
#include "sweep/sqlite.hpp"

namespace kernbench::sweep {

struct ResultStore::Db {
  Db(const std::string& path, bool write) : conn(path, write) {}
  sql::Connection conn;
};

namespace {

// Columns before the figures, in row order; `report` follows the figures.
constexpr const char* kFixedColumns =
    "id, seq, point, kernel, hw, mode, seed, status, host, worker, wall_seconds, error, "
    "finished_at";
constexpr int kFixedCount = 13;

std::string figure_columns(std::string_view prefix = "") {
  std::string out;
  for (const Figure& f : figures()) out += fmt::format(", {}{}", prefix, f.column);
  return out;
}

std::string schema_sql() {
  std::string cols;
  for (const Figure& f : figures()) {
    const char* type = f.type == FigureType::real   ? "REAL"
                       : f.type == FigureType::text ? "TEXT"
                                                    : "INTEGER";
    cols += fmt::format(",\n  {} {}", f.column, type);
  }
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
      "INSERT OR IGNORE INTO meta VALUES ('schema', 'kernbench.sweep/1');\n"
      "CREATE TABLE IF NOT EXISTS points(\n"
      "  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, point TEXT NOT NULL, kernel TEXT NOT NULL,\n"
      "  hw TEXT NOT NULL, mode TEXT NOT NULL, seed INTEGER NOT NULL,\n"
      "  status TEXT NOT NULL DEFAULT 'pending', host TEXT, worker INTEGER, wall_seconds REAL,\n"
      "  error TEXT, finished_at TEXT{},\n  report TEXT);\n",
      cols);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void bind_json(sql::Statement& s, int i, const nlohmann::json& v) {
  if (v.is_null())
    s.bind_null(i);
  else if (v.is_boolean())
    s.bind(i, std::int64_t{v.get<bool>() ? 1 : 0});
  else if (v.is_number_integer())
    s.bind(i, v.get<std::int64_t>());
  else if (v.is_number())
    s.bind(i, v.get<double>());
  else if (v.is_string())
    s.bind(i, v.get<std::string>());
  else
    s.bind(i, v.dump());
}

nlohmann::json read_json(const sql::Statement& s, int col, FigureType t) {
  if (s.is_null(col)) return nullptr;
  switch (t) {
    case FigureType::integer:
      return s.integer(col);
    case FigureType::boolean:
      return s.integer(col) != 0;
    case FigureType::text:
      return s.text(col);
    default:
      return s.real(col);
  }
}

// Binds everything after id..seed: status .. report, starting at index `i`.
void bind_result(sql::Statement& s, int i, const Row& r, const nlohmann::json& report) {
  s.bind(i++, r.status);
  s.bind(i++, r.host);
  s.bind(i++, r.worker);
  s.bind(i++, r.wall_seconds);
  if (r.error.empty())
    s.bind_null(i++);
  else
    s.bind(i++, r.error);
  s.bind(i++, r.finished_at);
  for (const Figure& f : figures()) bind_json(s, i++, figure_value(report, f));
  if (r.report.empty())
    s.bind_null(i);
  else
    s.bind(i, r.report);
}

nlohmann::json parse_report(const std::string& text) {
  if (text.empty()) return nullptr;
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

bool has_schema(sql::Connection& conn) {
  try {
    sql::Statement s(conn, "SELECT value FROM meta WHERE key = 'schema'");
    return s.step() && s.text(0) == "kernbench.sweep/1";
  } catch (const StoreError&) {
    return false;  // not SQLite, or SQLite without our tables
  }
}

int take_writer_lock(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError(fmt::format("cannot open results `{}` for locking", path));
  // Worker processes of a sweep that was just killed may hold the lock for
  // a few milliseconds more (they die with their parent): wait up to 1 s.
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::close(fd);
  throw StoreError(
      fmt::format("results `{}` are being written by another sweep; wait for it "
                  "to finish or choose another --out",
                  path));
}

}  // namespace

ResultStore::ResultStore(const std::string& path, Access access) : path_(path) {
  const bool write = access == Access::write;
  db_ = std::make_unique<Db>(path, write);
  if (!write) {
    if (!has_schema(db_->conn))
      throw StoreError(fmt::format("`{}` is not a kernbench sweep results file", path));
    return;
  }
  lock_fd_ = take_writer_lock(path);
  db_->conn.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  db_->conn.exec(schema_sql());
}

ResultStore::~ResultStore() {
  db_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void ResultStore::plan(const std::vector<Point>& points) {
  db_->conn.exec("BEGIN IMMEDIATE");
  sql::Statement seq(db_->conn, "SELECT COALESCE(MAX(seq), -1) + 1 FROM points");
  seq.step();
  std::int64_t next = seq.integer(0);
  sql::Statement find(db_->conn, "SELECT point FROM points WHERE id = ?");
  sql::Statement ins(db_->conn,
                     "INSERT INTO points(id, seq, point, kernel, hw, mode, seed) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const Point& p : points) {
    const std::string id = p.id(), desc = p.canonical();
    find.reset();
    find.bind(1, id);
    if (find.step()) {
      if (find.text(0) != desc) {
        db_->conn.exec("ROLLBACK");
        throw StoreError(fmt::format("results `{}`: point id {} stands for `{}` and for `{}`",
                                     path_, id, find.text(0), desc));
      }
      continue;
    }
    ins.reset();
    ins.bind(1, id);
    ins.bind(2, next++);
    ins.bind(3, desc);
    ins.bind(4, p.kernel);
    ins.bind(5, p.hw);
    ins.bind(6, p.mode);
    ins.bind(7, static_cast<std::int64_t>(p.seed));
    ins.run();
  }
  db_->conn.exec("COMMIT");
}

std::set<std::string> ResultStore::finished() const {
  std::set<std::string> out;
  sql::Statement s(db_->conn, "SELECT id FROM points WHERE status != 'pending'");
  while (s.step()) out.insert(s.text(0));
  return out;
}

StatusCounts ResultStore::counts() const {
  StatusCounts c;
  sql::Statement s(db_->conn, "SELECT status, COUNT(*) FROM points GROUP BY status");
  while (s.step()) {
    const std::string st = s.text(0);
    (st == "done" ? c.done : st == "failed" ? c.failed : c.pending) += s.integer(1);
  }
  return c;
}

bool ResultStore::record(const Point& point, const Outcome& o) {
  std::string sets;
  for (const Figure& f : figures()) sets += fmt::format(", {} = ?", f.column);
  sql::Statement s(db_->conn,
                   fmt::format("UPDATE points SET status = ?, host = ?, worker = ?, "
                               "wall_seconds = ?, error = ?, finished_at = ?{}, report = ? "
                               "WHERE id = ? AND status = 'pending'",
                               sets));
  Row r;
  r.status = o.ok ? "done" : "failed";
  r.host = o.host;
  r.worker = o.worker;
  r.wall_seconds = o.wall_seconds;
  r.error = o.error;
  r.finished_at = utc_now();
  r.report = o.report_json;
  bind_result(s, 1, r, parse_report(o.report_json));
  s.bind(7 + static_cast<int>(figures().size()) + 1, point.id());
  s.run();
  return sqlite3_changes(db_->conn.get()) > 0;
}

std::vector<Row> ResultStore::rows() const {
  sql::Statement s(db_->conn, fmt::format("SELECT {}{}, report FROM points ORDER BY seq",
                                          kFixedColumns, figure_columns()));
  std::vector<Row> out;
  while (s.step()) {
    Row r;
    r.id = s.text(0);
    r.seq = s.integer(1);
    r.point = s.text(2);
    r.status = s.text(7);
    r.host = s.text(8);
    r.worker = s.integer(9);
    r.wall_seconds = s.real(10);
    r.error = s.text(11);
    r.finished_at = s.text(12);
    int col = kFixedCount;
    for (const Figure& f : figures())
      r.figures[std::string(f.column)] = read_json(s, col++, f.type);
    r.report = s.text(col);
    out.push_back(std::move(r));
  }
  return out;
}

bool ResultStore::put(const Row& row) {
  const Point p = point_from_canonical(row.point);
  std::string placeholders, updates;
  for (const Figure& f : figures()) {
    placeholders += ", ?";
    updates += fmt::format(", {0} = excluded.{0}", f.column);
  }
  sql::Statement s(
      db_->conn,
      fmt::format("INSERT INTO points({}{}, report) VALUES (?, (SELECT COALESCE(MAX(seq), -1) + 1 "
                  "FROM points), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{}, ?) "
                  "ON CONFLICT(id) DO UPDATE SET status = excluded.status, host = excluded.host, "
                  "worker = excluded.worker, wall_seconds = excluded.wall_seconds, "
                  "error = excluded.error, finished_at = excluded.finished_at{}, "
                  "report = excluded.report WHERE points.status = 'pending' "
                  "AND points.point = excluded.point",
                  kFixedColumns, figure_columns(), placeholders, updates));
  s.bind(1, row.id);
  s.bind(2, row.point);
  s.bind(3, p.kernel);
  s.bind(4, p.hw);
  s.bind(5, p.mode);
  s.bind(6, static_cast<std::int64_t>(p.seed));
  bind_result(s, 7, row, parse_report(row.report));
  s.run();
  return sqlite3_changes(db_->conn.get()) > 0;
}

}  // namespace kernbench::sweep
