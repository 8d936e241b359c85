#pragma once
/// \file
/// Results out of the database for pandas and spreadsheets.
///
/// CSV (RFC 4180, header row): id, status, kernel, hw, mode, seed, then one
/// column per kernel parameter and per hardware override that occurs in
/// any row (in order of first occurrence; empty where a row lacks it), the
/// figures (figures.hpp), host, worker, wall_seconds, error, finished_at.
/// JSON Lines: one object per row with the same fields, parameters and
/// overrides as `params` and `set` objects, and the full run `report`
/// (null for points without one). Rows in plan order.

#include <ostream>
#include <vector>

#include "sweep/store.hpp"

namespace kernbench::sweep {

void write_csv(const std::vector<Row>& rows, std::ostream& out);
void write_jsonl(const std::vector<Row>& rows, std::ostream& out);

/// Copies the finished rows of `source` into `target` (merge of shards):
/// a row is taken when `target` lacks its id or has it pending. Returns how
/// many rows were taken.
std::size_t merge_results(ResultStore& target, const ResultStore& source);

}  // namespace kernbench::sweep
