#pragma once
/// @file line_grid.hpp
/// The lines of one cache access, and a walk over them.
///
/// A grid is `rows` rows of `per_row` consecutive line numbers, row r
/// starting at line `first + r * row_step` (units: cache lines, not bytes):
/// a tile's rows, or one run of lines when rows = 1. A walk visits its lines
/// row by row, in the order the cache looks them up.

#include <cstdint>

namespace kernbench::hw {

struct LineGrid {
  std::uint64_t first = 0;
  std::uint64_t per_row = 0;
  std::uint64_t rows = 0;
  std::uint64_t row_step = 0;

  friend bool operator==(const LineGrid&, const LineGrid&) = default;
};

/// The line numbers of a grid in order: `line` is the current one, next()
/// moves on (past the last line it is meaningless). The grid must outlive
/// the walk.
struct GridWalk {
  explicit GridWalk(const LineGrid& grid) : g(grid), line(grid.first), row_start(grid.first) {}
  void next() {
    if (++col < g.per_row) {
      ++line;
      return;
    }
    col = 0;
    row_start += g.row_step;
    line = row_start;
  }
  const LineGrid& g;
  std::uint64_t line;
  std::uint64_t row_start;
  std::uint64_t col = 0;
};

}  // namespace kernbench::hw
