#pragma once
/// \file
/// A thin RAII layer over the SQLite C API for the result store: a
/// connection and prepared statements with typed binds and reads. Every
/// failure throws StoreError with SQLite's message and the file name.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace kernbench::sweep::sql {

class Connection {
 public:
  /// Opens `path` (read-only, or read-write creating it).
  Connection(const std::string& path, bool write);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without results.
  void exec(const std::string& sql);
  sqlite3* get() const { return db_; }
  [[noreturn]] void fail(std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection& c, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Binds by 1-based index.
  void bind(int i, std::string_view text);
  void bind(int i, std::int64_t v);
  void bind(int i, double v);
  void bind_null(int i);
  /// Steps once: true when a row is available.
  bool step();
  /// Steps to the end (statements without rows).
  void run();
  void reset();

  std::string text(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  bool is_null(int col) const;
  int type(int col) const;

 private:
  Connection& c_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace kernbench::sweep::sql
