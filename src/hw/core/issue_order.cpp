#include "hw/core/issue_order.hpp"

#include <stdexcept>
#include <utility>

namespace kernbench::hw {

sim::Event<> IssueOrder::wait_turn(std::uint64_t turn) {
  auto [it, fresh] = turn_waiters_.try_emplace(turn, engine_->event());
  if (!fresh) throw std::logic_error("IssueOrder::wait_turn: two commands wait for one turn");
  return it->second;
}

void IssueOrder::pass_turn() {
  ++next_turn_;
  const auto it = turn_waiters_.find(next_turn_);
  if (it == turn_waiters_.end()) return;
  sim::Event<> e = std::move(it->second);
  turn_waiters_.erase(it);
  e.succeed();
}

}  // namespace kernbench::hw
