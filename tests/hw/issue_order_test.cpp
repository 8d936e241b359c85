// The chip-wide issue order on its own: sequence numbers and replay turns.

#include <gtest/gtest.h>

#include <stdexcept>

#include "hw/core/issue_order.hpp"

using namespace kernbench;
using namespace kernbench::hw;

TEST(IssueOrder, SequencesCountFromZeroAndTurnsPassInOrder) {
  sim::Engine env;
  IssueOrder order(env);
  EXPECT_EQ(order.next_queue_seq(), 0u);
  EXPECT_EQ(order.next_queue_seq(), 1u);
  EXPECT_EQ(order.next_start_seq(), 0u);
  EXPECT_TRUE(order.has_turn(0));
  EXPECT_FALSE(order.has_turn(1));
  sim::Event<> second = order.wait_turn(1);
  EXPECT_THROW(order.wait_turn(1), std::logic_error);
  EXPECT_FALSE(second.triggered());
  order.pass_turn();
  EXPECT_TRUE(second.triggered());
  EXPECT_TRUE(order.has_turn(1));
}
