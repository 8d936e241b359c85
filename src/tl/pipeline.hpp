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
/// - Inside the window commands do not wait for their operands at issue (the
///   loads are asynchronous copies into the TCM, the dots asynchronous MMAs);
///   the engines resolve the dependencies.
/// - S <= 1 is not pipelined: the program stays in order. Windows nest like
///   the loops; the innermost one decides.

#include <cstdint>
#include <vector>

#include "hw/runtime/command.hpp"

namespace kernbench::tl {

class LoopPipeline {
 public:
  explicit LoopPipeline(int stages)
      : slots_(stages > 1 ? static_cast<std::size_t>(stages) : 0) {}

  bool pipelined() const { return !slots_.empty(); }
  int stages() const { return pipelined() ? static_cast<int>(slots_.size()) : 1; }

  /// Starts the next iteration; returns the completions the program must wait
  /// for first (see the contract).
  std::vector<hw::Completion> next_iteration() {
    if (!pipelined()) return {};
    ++iteration_;
    const std::size_t s = slots_.size();
    std::vector<Issued>& reused = slots_[iteration_ % s];  // iteration j - S
    const std::vector<Issued>& ahead = slots_[(iteration_ + 1) % s];  // j - (S - 1)
    std::vector<hw::Completion> due;
    for (const Issued& i : reused) due.push_back(i.done);
    for (const Issued& i : ahead) {
      if (i.load) due.push_back(i.done);
    }
    reused.clear();
    return due;
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
  std::uint64_t iteration_ = 0;
};

}  // namespace kernbench::tl
