#include "cmdlist/replay_feed.hpp"

#include <algorithm>
#include <utility>

namespace kernbench::cmdlist {

sim::Process<> feed_drive(sim::Engine& env, ReplayFeed& feed) {
  for (ReplayFeed::Item& item : feed.items_) {
    if (item.t_queue > env.now()) co_await env.timeout(item.t_queue - env.now());
    feed.enqueue(std::move(item));
  }
}

sim::Process<> feed_wait(sim::Engine& env, ReplayFeed::Item item, ReplayFeed::Backlog& b) {
  (void)env;
  co_await item.pe->put_stamped(std::move(item.cmd), item.t_issue);
  --b.waiting;
}

void ReplayFeed::start() {
  std::stable_sort(items_.begin(), items_.end(),
                   [](const Item& a, const Item& b) { return a.queue_seq < b.queue_seq; });
  feed_drive(*env_, *this).named("replay.feed");
}

void ReplayFeed::enqueue(Item item) {
  const auto kind = static_cast<int>(hw::engine_for(item.cmd->kind));
  Backlog& b = backlogs_[{item.pe->id(), kind}];
  if (b.waiting == 0 && item.pe->try_submit(item.cmd, item.t_issue)) return;
  item.pe->stamp_queue(*item.cmd);  // its place now, in the recorded order
  ++b.waiting;
  feed_wait(*env_, std::move(item), b).named("replay.wait");
}

}  // namespace kernbench::cmdlist
