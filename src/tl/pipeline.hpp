#pragma once
/// @file pipeline.hpp
/// `LoopPipeline`: the issue window of a software-pipelined loop on an
/// in-order (GPU-class) PE, as Triton's pipeliner builds it for `num_stages`.
///
/// Contract:
/// - A loop with S >= 2 stages lets its program issue up to S iterations
///   ahead of their completion: when iteration j starts, the program first
///   waits until every command issued during iteration j - S has completed.
///   Inside the window commands do not wait for their operands at issue (the
///   loads are asynchronous copies into the TCM, the dots asynchronous MMAs);
///   the engines resolve the dependencies.
/// - S <= 1 is not pipelined: the program stays in order.
/// - Windows nest like the loops; the innermost one decides.

#include <cstdint>
#include <vector>

#include "hw/runtime/command.hpp"

namespace kernbench::tl {

class LoopPipeline {
 public:
  explicit LoopPipeline(int stages) : slots_(stages > 1 ? static_cast<std::size_t>(stages) : 0) {}

  bool pipelined() const { return !slots_.empty(); }
  int stages() const { return static_cast<int>(slots_.size()); }

  /// Starts the next iteration; returns the completions the program must wait
  /// for first (those of the iteration `stages` back).
  std::vector<hw::Completion> next_iteration() {
    if (!pipelined()) return {};
    ++iteration_;
    std::vector<hw::Completion>& slot = slots_[iteration_ % slots_.size()];
    std::vector<hw::Completion> due;
    due.swap(slot);
    return due;
  }

  /// Records a command issued during the current iteration.
  void record(const hw::Completion& done) {
    if (pipelined()) slots_[iteration_ % slots_.size()].push_back(done);
  }

 private:
  std::vector<std::vector<hw::Completion>> slots_;  // one per stage, by iteration mod stages
  std::uint64_t iteration_ = 0;
};

}  // namespace kernbench::tl
