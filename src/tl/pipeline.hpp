#pragma once
/// @file pipeline.hpp
/// `LoopPipeline`: the issue window of a software-pipelined loop on an
/// in-order (GPU-class) PE, as Triton's pipeliner builds it for `num_stages`.
///
/// Contract, for a loop of S >= 2 stages (S buffers of its loaded tiles):
/// - The loads of up to S - 1 iterations are in flight: when iteration j
///   starts, the program first waits until the loads issued during iteration
///   j - (S - 1) have completed (Triton's prologue issues S - 1 iterations of
///   loads; each iteration waits for its own and issues those S - 1 ahead).
/// - A buffer is reused only when its last reader is done: iteration j also
///   waits until every command of iteration j - S has completed (the MMA of
///   that iteration, `wgmma.wait_group`).
/// - Each load site stages into a ring of S buffers: the prefetch for
///   iteration j + S - 1, issued during iteration j, fills the buffer of
///   iteration j - 1 once that iteration's other commands (its MMA, the
///   buffer's readers) have completed, as the pipeliner's loads reuse the
///   slot freed by `wgmma.wait_group` of the previous MMA. A program so holds
///   S buffers per site, not a new one for every iteration in flight.
/// - Inside the window commands do not wait for their operands at issue (the
///   loads are asynchronous copies into the TCM, the dots asynchronous MMAs);
///   the engines resolve the dependencies.
/// - Loads are issued S - 1 iterations early, as the pipeliner does by
///   advancing the loop's pointers: the k-th load of an iteration (its
///   "site") whose access pattern moved by a constant step since the previous
///   iteration is prefetched for the next S - 1 iterations of the loop (while
///   they exist); when the program reaches such a load and its pattern is the
///   prefetched one, the load is served from the staged copy. Other commands
///   of the window (but the asynchronous dots) stay in order.
/// - S <= 1 is not pipelined: the program stays in order. Windows nest like
///   the loops; the innermost one decides.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "hw/core/command.hpp"
#include "hw/tcm/tcm.hpp"

namespace kernbench::tl {

/// A load issued ahead of its iteration: its pattern, completion and the
/// TCM buffer it stages into.
struct Prefetch {
  hw::AccessPattern pattern;
  std::vector<std::uint64_t> addrs;  ///< a gather's addresses (pattern refers to them)
  hw::Completion done;
  hw::TcmBuffer buf;
  std::uint64_t iteration = 0;
};

/// The address step between two iterations' patterns of one site, if they
/// have the same shape and every address moved by the same step.
std::optional<std::int64_t> pattern_step(const hw::AccessPattern& from,
                                         const hw::AccessPattern& to);
/// `p` moved by `step` bytes; a gather's addresses go to `storage`, which
/// the result refers to.
hw::AccessPattern shifted(const hw::AccessPattern& p, std::int64_t step,
                          std::vector<std::uint64_t>& storage);
bool same_pattern(const hw::AccessPattern& a, const hw::AccessPattern& b);

class LoopPipeline {
 public:
  /// `trips`: the loop's iteration count (prefetches stop at its end).
  LoopPipeline(int stages, std::uint64_t trips)
      : slots_(stages > 1 ? static_cast<std::size_t>(stages) : 0), trips_(trips) {}

  bool pipelined() const { return !slots_.empty(); }
  int stages() const { return pipelined() ? static_cast<int>(slots_.size()) : 1; }

  /// Starts the next iteration; sets `due` to the completions the program
  /// must wait for first (see the contract). `due` is the caller's, so that
  /// its storage is reused from one iteration to the next.
  void next_iteration(std::vector<hw::Completion>& due) {
    due.clear();
    if (!pipelined()) return;
    ++iteration_;
    const std::size_t s = slots_.size();
    std::vector<Issued>& reused = slots_[iteration_ % s];             // iteration j - S
    const std::vector<Issued>& ahead = slots_[(iteration_ + 1) % s];  // j - (S - 1)
    for (const Issued& i : reused) due.push_back(i.done);
    for (const Issued& i : ahead) {
      if (i.load) due.push_back(i.done);
    }
    reused.clear();
    site_ = 0;
  }

  /// A load site of the current iteration: where its earlier pattern and its
  /// prefetches are kept. Each call moves to the next site.
  struct Site {
    hw::TcmBuffer recent;              ///< the buffer of the site's latest tile
    std::uint64_t recent_iteration{};  ///< the iteration that tile belongs to
    std::optional<hw::AccessPattern> last;
    std::vector<std::uint64_t> last_addrs;  ///< a gather's addresses (last refers to them)
    std::deque<Prefetch> ahead;             ///< by iteration, oldest first
  };
  Site& next_site() {
    if (site_ == sites_.size()) sites_.emplace_back();
    return sites_[site_++];
  }
  std::uint64_t iteration() const { return iteration_; }
  /// The TCM the loop's staging ring holds once full: S buffers per load
  /// site (0 when not pipelined), as the compiled kernel's shared memory.
  std::uint64_t ring_bytes() const {
    std::uint64_t per_stage = 0;
    for (const Site& s : sites_) per_stage += s.recent.bytes();
    return pipelined() ? per_stage * slots_.size() : 0;
  }
  std::uint64_t trips() const { return trips_; }
  /// A load of the first iteration of a pipelined loop that runs it alone
  /// (one trip: no window, so it is not staged); its bytes count towards
  /// the ring the compiled kernel reserves all the same.
  void note_unstaged_load(std::uint64_t bytes) {
    if (pipelined() && iteration_ == 0) unstaged_bytes_ += bytes;
  }
  /// The TCM the compiled kernel's ring holds for loads that this run did
  /// not stage (S buffers of each load of a one-trip loop), on top of what
  /// the program held.
  std::uint64_t unstaged_ring_bytes() const {
    return pipelined() ? unstaged_bytes_ * slots_.size() : 0;
  }

  /// Calls `f` with the completion of each command other than a load issued
  /// during `iteration` (one of the last S): those read that iteration's
  /// buffers.
  template <class F>
  void for_each_reader_of(std::uint64_t iteration, F&& f) const {
    if (!pipelined() || iteration > iteration_ || iteration_ - iteration >= slots_.size()) return;
    for (const Issued& i : slots_[iteration % slots_.size()]) {
      if (!i.load) f(i.done);
    }
  }
  /// Records a command issued during the current iteration.
  void record(const hw::Completion& done, bool load) {
    if (pipelined()) slots_[iteration_ % slots_.size()].push_back({done, load});
  }

 private:
  struct Issued {
    hw::Completion done;
    bool load;
  };
  std::vector<std::vector<Issued>> slots_;  // by iteration mod S
  std::uint64_t trips_;
  std::uint64_t unstaged_bytes_ = 0;
  std::uint64_t iteration_ = 0;
  std::vector<Site> sites_;
  std::size_t site_ = 0;
};

}  // namespace kernbench::tl
