#include "hw/config/units.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kernbench::hw {
namespace {

std::string error_of(auto fn) {
  try {
    fn();
  } catch (const UnitError& e) {
    return e.what();
  }
  return "no error";
}

TEST(FrequencyParse, ReadsDecimalsExactly) {
  EXPECT_EQ(Frequency::parse("1 GHz").in_hz(), 1'000'000'000u);
  EXPECT_EQ(Frequency::parse("1.98 GHz").in_hz(), 1'980'000'000u);
  EXPECT_EQ(Frequency::parse("1.98GHz").in_hz(), 1'980'000'000u);
  EXPECT_EQ(Frequency::parse("800 MHz").in_hz(), 800'000'000u);
  EXPECT_EQ(Frequency::parse("1545 MHz").in_hz(), 1'545'000'000u);
  EXPECT_EQ(Frequency::parse(" 0.000000001 GHz ").in_hz(), 1u);
}

TEST(FrequencyParse, RejectsFractionalHertz) {
  EXPECT_EQ(error_of([] { Frequency::parse("1.5 Hz"); }),
            "`1.5 Hz` is not a whole number of hertz");
  EXPECT_EQ(error_of([] { Frequency::parse("0.0000000001 GHz"); }),
            "`0.0000000001 GHz` is not a whole number of hertz");
}

TEST(FrequencyParse, RejectsABareNumberNamingTheUnits) {
  EXPECT_EQ(error_of([] { Frequency::parse("1000"); }),
            "`1000` has no unit: expected a frequency with one of the units Hz, kHz, MHz, GHz "
            "(e.g. `1.5 GHz`)");
  EXPECT_EQ(error_of([] { Frequency::parse("1 mhz"); }),
            "`1 mhz` has an unknown unit `mhz`: expected a frequency with one of the units Hz, "
            "kHz, MHz, GHz (e.g. `1.5 GHz`)");
  EXPECT_EQ(error_of([] { Frequency::parse("-1 GHz"); }),
            "`-1 GHz` is negative: a frequency must be >= 0");
}

TEST(FrequencyCycles, ConvertsExactlyWhenThePeriodIsFractional) {
  const auto f = Frequency::parse("1545 MHz");  // period 647.249... ps
  EXPECT_FALSE(f.has_integer_period());
  EXPECT_EQ(f.cycles_to_ps(1), 648u);           // ceil(647.249)
  EXPECT_EQ(f.cycles_to_ps(1545), 1'000'000u);  // exactly 1 us, no drift
  EXPECT_EQ(f.cycles_to_ps(1'545'000'000), 1'000'000'000'000u);
  EXPECT_EQ(f.ps_to_cycles(1'000'000), 1545u);
  EXPECT_TRUE(Frequency::parse("1 GHz").has_integer_period());
  EXPECT_EQ(Frequency::parse("1 GHz").cycles_to_ps(7), 7000u);
}

TEST(DurationParse, ReadsAllUnits) {
  EXPECT_EQ(Duration::parse("4 ns").in_ps(), 4000u);
  EXPECT_EQ(Duration::parse("1.5 us").in_ps(), 1'500'000u);
  EXPECT_EQ(Duration::parse("1.5 \xC2\xB5s").in_ps(), 1'500'000u);
  EXPECT_EQ(Duration::parse("500 ps").in_ps(), 500u);
  EXPECT_EQ(Duration::parse("2 ms").in_ps(), 2'000'000'000u);
  EXPECT_EQ(Duration::parse("1 s").in_ps(), 1'000'000'000'000u);
  EXPECT_EQ(Duration::parse("0.001 ns").in_ps(), 1u);
}

TEST(DurationParse, RejectsFractionalPicoseconds) {
  EXPECT_EQ(error_of([] { Duration::parse("0.5 ps"); }),
            "`0.5 ps` is not a whole number of picoseconds");
  EXPECT_EQ(error_of([] { Duration::parse("1.0001 ns"); }),
            "`1.0001 ns` is not a whole number of picoseconds");
}

TEST(ByteSizeParse, DistinguishesDecimalAndBinaryPrefixes) {
  EXPECT_EQ(ByteSize::parse("256 KiB").in_bytes(), 262'144u);
  EXPECT_EQ(ByteSize::parse("1 MiB").in_bytes(), 1'048'576u);
  EXPECT_EQ(ByteSize::parse("2MiB").in_bytes(), 2'097'152u);
  EXPECT_EQ(ByteSize::parse("64 B").in_bytes(), 64u);
  EXPECT_EQ(ByteSize::parse("1 GB").in_bytes(), 1'000'000'000u);
  EXPECT_EQ(ByteSize::parse("1 GiB").in_bytes(), 1'073'741'824u);
  EXPECT_EQ(ByteSize::parse("1.5 KiB").in_bytes(), 1536u);
  EXPECT_EQ(error_of([] { ByteSize::parse("1.5 B"); }), "`1.5 B` is not a whole number of bytes");
  EXPECT_EQ(error_of([] { ByteSize::parse("20000000 TB"); }),
            "`20000000 TB` is too large (more than 2^64-1 bytes)");
}

TEST(BandwidthParse, ReadsRates) {
  EXPECT_EQ(Bandwidth::parse("1.2 TB/s").in_bytes_per_second(), 1'200'000'000'000u);
  EXPECT_EQ(Bandwidth::parse("819 GB/s").in_bytes_per_second(), 819'000'000'000u);
  EXPECT_EQ(Bandwidth::parse("64 GiB/s").in_bytes_per_second(), 68'719'476'736u);
  EXPECT_EQ(Bandwidth::parse("4.23 TB/s").in_bytes_per_second(), 4'230'000'000'000u);
  EXPECT_EQ(error_of([] { Bandwidth::parse("4 TB"); }),
            "`4 TB` has an unknown unit `TB`: expected a bandwidth with one of the units B/s, "
            "KB/s, MB/s, GB/s, TB/s (powers of 1000), KiB/s, MiB/s, GiB/s, TiB/s (powers of 1024) "
            "(e.g. `819 GB/s`)");
}

TEST(UnitsPrint, PrintsCanonicallyAndRoundTrips) {
  EXPECT_EQ(Frequency::hz(1'980'000'000).to_string(), "1.98 GHz");
  EXPECT_EQ(Frequency::hz(1'545'000'000).to_string(), "1.545 GHz");
  EXPECT_EQ(Frequency::hz(0).to_string(), "0 Hz");
  EXPECT_EQ(Duration::ps(4000).to_string(), "4 ns");
  EXPECT_EQ(Duration::ps(1'500'000).to_string(), "1.5 us");
  EXPECT_EQ(Duration::ps(999).to_string(), "999 ps");
  EXPECT_EQ(ByteSize::bytes(233'472).to_string(), "228 KiB");
  EXPECT_EQ(ByteSize::bytes(62'914'560).to_string(), "60 MiB");
  EXPECT_EQ(ByteSize::bytes(1'000'000'000).to_string(), "1 GB");
  EXPECT_EQ(ByteSize::bytes(1536).to_string(), "1.536 KB");
  EXPECT_EQ(ByteSize::bytes(48).to_string(), "48 B");
  EXPECT_EQ(Bandwidth::bytes_per_second(4'230'000'000'000).to_string(), "4.23 TB/s");
  EXPECT_EQ(Bandwidth::bytes_per_second(68'719'476'736).to_string(), "64 GiB/s");
  for (const char* s : {"1.98 GHz", "1.545 GHz", "7 kHz"})
    EXPECT_EQ(Frequency::parse(Frequency::parse(s).to_string()), Frequency::parse(s));
  for (std::uint64_t b : {1ULL, 1536ULL, 233'472ULL, 123'456'789ULL, (1ULL << 40) + 1})
    EXPECT_EQ(ByteSize::parse(ByteSize::bytes(b).to_string()).in_bytes(), b);
  for (std::uint64_t ps : {1ULL, 647ULL, 1'234'567ULL, 3'000'000ULL})
    EXPECT_EQ(Duration::parse(Duration::ps(ps).to_string()).in_ps(), ps);
}

}  // namespace
}  // namespace kernbench::hw
