#pragma once
/// \file
/// StatSet: the statistics registry of one simulation (in the style of gem5
/// and SST statistics).
///
/// Contract
/// - Components register their stats where they are produced, at
///   construction: a dotted name ("pe3.gemm.busy"), a unit and a one-line
///   description. Registration returns a handle (Counter& / Accumulator&)
///   whose address is stable for the StatSet's lifetime, also across moves of
///   the StatSet; updating it on the hot path is one add (no lookup, no
///   branch on "enabled").
/// - Kinds: Counter (uint64 total), Accumulator (count / sum / min / max of
///   uint64 samples, mean derived) and formula (a double computed only at
///   report time from other stats, e.g. utilisation = busy / elapsed).
/// - Names are unique. Registering a name twice, or a malformed name, throws
///   std::runtime_error naming the stat. Dumps list stats in registration
///   order.
/// - No global registry: whoever runs the simulation owns its StatSet; two
///   StatSets never interact. Not thread-safe.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kernbench::trace {

/// Unit of a statistic, printed next to its value.
enum class StatUnit : std::uint8_t {
  none,              ///< dimensionless
  ps,                ///< picoseconds
  bytes,             ///< bytes
  commands,          ///< hardware commands
  transactions,      ///< memory / fabric transactions
  flop,              ///< floating-point operations
  events,            ///< simulation events
  ratio,             ///< fraction, 0..1
  percent,           ///< 0..100
  bytes_per_second,  ///< bytes per second of simulated time
  flop_per_second,   ///< flop per second of simulated time
};

/// "-", "ps", "bytes", "commands", "transactions", "flop", "events", "ratio",
/// "%", "B/s", "flop/s".
std::string_view to_string(StatUnit unit) noexcept;

enum class StatKind : std::uint8_t { counter, accumulator, formula };
std::string_view to_string(StatKind kind) noexcept;

/// A running uint64 total. Hot path: add() is a single add.
class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { value_ += n; }
  Counter& operator+=(std::uint64_t n) noexcept {
    value_ += n;
    return *this;
  }
  Counter& operator++() noexcept {
    ++value_;
    return *this;
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return value_; }
  void reset() noexcept { value_ = 0; }

 private:
  std::uint64_t value_ = 0;
};

/// count / sum / min / max of uint64 samples (latencies in ps, sizes in
/// bytes, ...). The mean is derived when reported.
class Accumulator {
 public:
  void sample(std::uint64_t v) noexcept {
    sum_ += v;
    ++count_;
    min_ = v < min_ ? v : min_;
    max_ = v > max_ ? v : max_;
  }
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] std::uint64_t sum() const noexcept { return sum_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  /// Smallest sample; 0 when empty (check empty()).
  [[nodiscard]] std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
  /// Largest sample; 0 when empty.
  [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
  /// sum / count; NaN when empty.
  [[nodiscard]] double mean() const noexcept {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_)
                  : std::numeric_limits<double>::quiet_NaN();
  }
  void reset() noexcept { *this = Accumulator{}; }

 private:
  std::uint64_t sum_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
};

/// Registration data of one stat.
struct StatInfo {
  std::string name;
  StatUnit unit = StatUnit::none;
  std::string description;
  StatKind kind = StatKind::counter;
};

class StatSet {
 public:
  using Formula = std::function<double()>;

  StatSet() = default;
  StatSet(const StatSet&) = delete;
  StatSet& operator=(const StatSet&) = delete;
  StatSet(StatSet&&) = default;
  StatSet& operator=(StatSet&&) = default;

  /// Registers a counter. Name: dot-separated segments of [A-Za-z0-9_-]
  /// (e.g. "pe3.dma0.bytes_read"). Throws std::runtime_error on a duplicate or
  /// malformed name.
  Counter& counter(std::string_view name, StatUnit unit, std::string_view description);
  /// Registers an accumulator (same naming rules).
  Accumulator& accumulator(std::string_view name, StatUnit unit, std::string_view description);
  /// Registers a derived value evaluated at report time. `fn` typically
  /// captures Counter / Accumulator handles of this set. Throws
  /// std::logic_error for an empty function.
  void formula(std::string_view name, StatUnit unit, std::string_view description, Formula fn);

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool contains(std::string_view name) const;
  /// Registration data, in registration order.
  [[nodiscard]] std::vector<StatInfo> list() const;

  /// Counter value, accumulator mean or formula result of `name`. Throws
  /// std::runtime_error for an unknown name (suggesting the closest one).
  [[nodiscard]] double value(std::string_view name) const;
  /// The counter registered as `name` (std::runtime_error if unknown or not
  /// a counter).
  [[nodiscard]] const Counter& get_counter(std::string_view name) const;
  /// The accumulator registered as `name` (std::runtime_error if unknown or
  /// not an accumulator).
  [[nodiscard]] const Accumulator& get_accumulator(std::string_view name) const;

  /// Zeroes every counter and accumulator (e.g. after a warm-up phase).
  void reset() noexcept;

  /// Text table, one row per value: "name  value  unit  description";
  /// accumulators expand to name::count, ::sum, ::min, ::max, ::mean rows.
  void dump_text(std::ostream& os) const;
  /// {"<name>": {"kind", "unit", "description", "value"} or, for
  /// accumulators, {"kind", "unit", "description", "count", "sum", "min",
  /// "max", "mean"}} in registration order; undefined values (empty
  /// accumulator min/max/mean, NaN/inf formulas) are null.
  [[nodiscard]] nlohmann::ordered_json to_json() const;
  /// to_json() written with `indent` spaces (-1: one line).
  void dump_json(std::ostream& os, int indent = 2) const;

 private:
  struct Entry {
    StatInfo info;
    std::size_t slot;  // index into the storage of its kind
  };
  std::size_t add_entry(std::string_view name, StatUnit unit, std::string_view description,
                        StatKind kind, std::size_t slot);
  const Entry& find(std::string_view name) const;
  double evaluate(const Entry& e) const;

  // deques: element addresses never change, so handles stay valid.
  std::deque<Counter> counters_;
  std::deque<Accumulator> accumulators_;
  std::vector<Formula> formulas_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace kernbench::trace
