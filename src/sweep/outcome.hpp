#pragma once
/// \file
/// What running one point produced, as the single writer records it.

#include <string>

namespace kernbench::sweep {

struct Outcome {
  bool ok = false;          ///< ran to the end and (data mode) verified
  std::string error;        ///< why not, in one line; empty when ok
  std::string report_json;  ///< the run report (kernbench.run/1); may be set when !ok
  std::string host;         ///< the machine the point ran on
  int worker = 0;           ///< local worker slot (0-based) or MPI rank
  double wall_seconds = 0;  ///< host time from hand-out to result [s]
};

}  // namespace kernbench::sweep
