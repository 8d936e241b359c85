#include "sweep/sqlite.hpp"

#include <fmt/format.h>

#include "sweep/store.hpp"

namespace kernbench::sweep::sql {

Connection::Connection(const std::string& path, bool write) : path_(path) {
  const int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(fmt::format("cannot open results `{}`: {}", path, msg));
  }
  sqlite3_busy_timeout(db_, 10000);
}

Connection::~Connection() {
  sqlite3_close(db_);
}

void Connection::fail(std::string_view what) const {
  throw StoreError(fmt::format("results `{}`: {}: {}", path_, what, sqlite3_errmsg(db_)));
}

void Connection::exec(const std::string& sql) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("exec");
}

Statement::Statement(Connection& c, const std::string& sql) : c_(c) {
  if (sqlite3_prepare_v2(c.get(), sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) c.fail("prepare");
}

Statement::~Statement() {
  sqlite3_finalize(s_);
}

void Statement::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    c_.fail("bind");
}
void Statement::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(s_, i, v) != SQLITE_OK) c_.fail("bind");
}
void Statement::bind(int i, double v) {
  if (sqlite3_bind_double(s_, i, v) != SQLITE_OK) c_.fail("bind");
}
void Statement::bind_null(int i) {
  if (sqlite3_bind_null(s_, i) != SQLITE_OK) c_.fail("bind");
}

bool Statement::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  c_.fail("step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
           : std::string();
}
std::int64_t Statement::integer(int col) const {
  return sqlite3_column_int64(s_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(s_, col);
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(s_, col) == SQLITE_NULL;
}
int Statement::type(int col) const {
  return sqlite3_column_type(s_, col);
}

}  // namespace kernbench::sweep::sql
