#include "cmdlist/replay_feed.hpp"

#include <algorithm>

namespace kernbench::cmdlist {

sim::Process<> feed_drive(sim::Engine& env, ReplayFeed& feed) {
  for (ReplayFeed::Item& item : feed.items_) {
    if (item.t_queue > env.now()) co_await env.timeout(item.t_queue - env.now());
    feed.enqueue(std::move(item));
  }
}

sim::Process<> feed_drain(sim::Engine& env, ReplayFeed& feed, ReplayFeed::Backlog& b) {
  (void)feed;
  while (!b.items.empty()) {
    ReplayFeed::Item item = std::move(b.items.front());
    b.items.pop_front();
    co_await item.pe->submit_issued(std::move(item.cmd), std::max(item.t_issue, env.now()));
  }
  b.running = false;
}

void ReplayFeed::start() {
  std::stable_sort(items_.begin(), items_.end(),
                   [](const Item& a, const Item& b) { return a.queue_seq < b.queue_seq; });
  feed_drive(*env_, *this).named("replay.feed");
}

void ReplayFeed::enqueue(Item item) {
  const auto kind = static_cast<int>(hw::engine_for(item.cmd->kind));
  Backlog& b = backlogs_[{item.pe->id(), kind}];
  if (b.items.empty() && !b.running && item.pe->try_submit(item.cmd, item.t_issue)) return;
  b.items.push_back(std::move(item));
  if (!b.running) {
    b.running = true;
    feed_drain(*env_, *this, b).named("replay.backlog");
  }
}

}  // namespace kernbench::cmdlist
