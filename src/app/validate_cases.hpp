#pragma once
/// \file
/// Reading a file of measured kernel timings for `kernbench validate`.
///
/// The file is JSON Lines: one object per line, e.g.
///   {"kernel": "matmul", "shape": {"M": 512, "N": 512, "K": 512},
///    "dtype": "f16->f32acc->f16", "config": {"BM": 128, ..., "num_warps": 8},
///    "grid": [16], "bytes": 1572864, "flops": 268435456,
///    "ms_median_p20_p80": [0.0091, 0.0088, 0.0093]}
/// Times are milliseconds in the file and seconds here; bytes and flops are
/// the producer's counts (HBM bytes, FLOP) and feed the roofline.
///
/// Contract:
/// - Blank lines are skipped. Records whose kernel starts with '_' (the
///   producer's `_ceilings`, `_error`, `_done` notes) are not cases: they are
///   listed in `skipped` and never run.
/// - Structural errors stop the whole file: a line that is not a JSON object,
///   a missing or ill-typed required key (kernel: non-empty string; shape and
///   config: objects (config may be absent); dtype: string; bytes, flops:
///   finite numbers >= 0; ms_median_p20_p80 (or the producer's raw `ms`): an
///   array of three finite numbers > 0, or one such number; grid: an array of
///   1 to 3 integers >= 1, optional). They throw MeasurementFileError, whose
///   message names the file, the line and the key and says what was
///   expected: "train.jsonl:3: key `shape`: is the number 4; expected an object".
/// - Whether a case can be mapped onto a built-in kernel (kernel name, shape
///   and config keys, dtypes) is not checked here (validate_map.hpp): one
///   unmappable case must not stop the others.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kernbench::app {

/// Where a record came from: "train.jsonl:7" (line 1-based).
struct SourceLine {
  std::string file;
  std::size_t line = 0;
  std::string str() const;
};

/// An error in a measurement file; the message starts with "FILE:LINE: ".
class MeasurementFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "FILE:LINE: key `KEY`: WHAT" (without a key part when `key` is empty).
std::string at_key(const SourceLine& where, std::string_view key, std::string_view what);

/// One measured case.
struct Measurement {
  SourceLine where;
  std::string kernel;              ///< as in the file ("matmul", "layernorm_fwd", ...)
  nlohmann::ordered_json shape;    ///< object
  nlohmann::ordered_json config;   ///< object (empty when absent)
  std::string dtype;               ///< as in the file ("f16->f32acc->f16", "f16 (f32 math)")
  std::vector<std::int64_t> grid;  ///< the launch grid measured; empty when absent
  double bytes = 0;                ///< HBM bytes counted by the producer
  double flops = 0;                ///< FLOP counted by the producer
  double median_s = 0;             ///< measured median time [s]
  double p20_s = 0;                ///< 20th percentile [s] (= median when only one time is given)
  double p80_s = 0;                ///< 80th percentile [s]
  /// Top-level keys this reader does not interpret (the mapping decides).
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

struct MeasurementFile {
  std::string file;
  std::vector<Measurement> cases;    ///< in file order
  std::vector<std::string> skipped;  ///< "FILE:LINE: `_ceilings` record"
};

/// Parses the text of a measurement file; `file` names it in messages.
MeasurementFile parse_measurements(std::string_view text, const std::string& file);

/// The largest measurement file read (util::read_regular_file).
inline constexpr std::uint64_t kMaxMeasurementFileBytes = 256ull << 20;

/// Reads and parses `path`; a missing or unreadable file, and anything but
/// a regular file of at most kMaxMeasurementFileBytes (a directory, a
/// device, a FIFO), is a MeasurementFileError too.
MeasurementFile read_measurements(const std::string& path);

}  // namespace kernbench::app
