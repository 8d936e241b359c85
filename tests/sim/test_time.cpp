#include <gtest/gtest.h>

#include "sim/time.hpp"

using namespace kernbench::sim;

TEST(Time, NanosecondsAndMicrosecondsAreExactPicoseconds) {
  EXPECT_EQ(ns(4), 4000u);
  EXPECT_EQ(us(3), 3'000'000u);
  EXPECT_EQ(ps(17), 17u);
}

TEST(Time, AnOverflowingConversionIsAnError) {
  EXPECT_THROW(us(kForever / 1000), TimeError);
}

TEST(Clock, OneGigahertzCyclesAreWholeNanoseconds) {
  Clock c(1'000'000'000);
  EXPECT_TRUE(c.period_is_exact());
  EXPECT_EQ(c.to_ticks(1), 1000u);
  EXPECT_EQ(c.to_ticks(12345), 12'345'000u);
  EXPECT_EQ(c.cycles_in(12'345'999), 12345u);
}

TEST(Clock, AnInexactPeriodIsConvertedFromTheCycleCountAndRoundedUp) {
  Clock c(1'980'000'000);  // period 505.0505... ps
  EXPECT_FALSE(c.period_is_exact());
  EXPECT_EQ(c.to_ticks(1), 506u);
  // 198 cycles are exactly 100 ns: no drift accumulates over many cycles.
  EXPECT_EQ(c.to_ticks(198), 100'000u);
  EXPECT_EQ(c.to_ticks(1'980'000'000), 1'000'000'000'000u);
  EXPECT_EQ(c.to_ticks(199), 100'506u);
}

TEST(Clock, AZeroOrFasterThanOnePicosecondClockIsRejected) {
  EXPECT_THROW(Clock(0), TimeError);
  EXPECT_THROW(Clock(2'000'000'000'000), TimeError);
}
