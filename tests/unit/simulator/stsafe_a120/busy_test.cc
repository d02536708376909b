// The chip NACKs its address while it executes a command (fact sheet 1.1, 8.13) for the time of
// the section 5 table, counted in virtual time from the end of the write.
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/timing.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::frame;
using test_support::hex;
using test_support::StsafeOnBus;

constexpr Nanoseconds kMargin = 100 * kMicrosecond;

struct BusyCase {
  const char* name;
  std::vector<uint8_t> wire;
  Nanoseconds execution;
};

class StsafeBusy : public ::testing::TestWithParam<BusyCase> {};

TEST_P(StsafeBusy, NacksDuringExecutionThenServesTheResponseEveryRead) {
  const BusyCase& c = GetParam();
  StsafeOnBus b;
  ASSERT_EQ(b.write(c.wire), BusOutcome::kAck);
  // The STOP bit follows the last data byte; the chip counts from the end of the data.
  const Nanoseconds written = b.scheduler.now() - b.bus.bit_time_ns();
  std::vector<uint8_t> r(5);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.write(c.wire), BusOutcome::kAddressNack) << "a busy chip takes no new command";
  b.scheduler.advance_to(written + c.execution - kMargin);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack);
  EXPECT_TRUE(b.chip.busy());
  b.scheduler.advance_to(written + c.execution + kMargin);
  EXPECT_FALSE(b.chip.busy());
  ASSERT_EQ(b.read(r), BusOutcome::kAck);
  std::vector<uint8_t> again(5);
  ASSERT_EQ(b.read(again), BusOutcome::kAck);
  EXPECT_EQ(again, r) << "the same response is served from byte 0 on every read";
  EXPECT_EQ(b.chip.commands_executed(), 1u);
}

// Fact sheet section 5: echo 2 ms, generate random 4 ms, query 5 ms, put attribute 500 ms,
// extended commands 500 ms.
INSTANTIATE_TEST_SUITE_P(Table, StsafeBusy,
                         ::testing::Values(BusyCase{"echo", hex("00 00 01 02 03 94 80"), 2 * kMillisecond},
                                           BusyCase{"random", hex("02 00 20 52 76"), 4 * kMillisecond},
                                           BusyCase{"query", hex("14 11 FC BE"), 5 * kMillisecond},
                                           BusyCase{"put", hex("10 4A 07 FF 08 03"), 500 * kMillisecond},
                                           BusyCase{"write_host_key", frame("1F 07 00 00 00 00" + std::string(64, '5')),
                                                    500 * kMillisecond},
                                           BusyCase{"bad_crc_query", hex("14 11 00 00"), 5 * kMillisecond}),
                         [](const ::testing::TestParamInfo<BusyCase>& p) { return std::string(p.param.name); });

TEST(StsafeTiming, TableValues) {
  EXPECT_EQ(standard_command_time_ms(0x00), 2u);
  EXPECT_EQ(standard_command_time_ms(0x14), 5u);
  EXPECT_EQ(standard_command_time_ms(0x18), 83u);
  EXPECT_EQ(standard_command_time_ms(0x1C), 6u);
  EXPECT_EQ(standard_command_time_ms(0x1D), 500u);  // not in the table: library default
  EXPECT_EQ(extended_command_time_ms(0x07), 500u);
  EXPECT_EQ(busy_time_for_header(0xE9), 23 * kMillisecond);  // protected generate MAC
  EXPECT_EQ(busy_time_for_header(0xFF), 500 * kMillisecond);
}

TEST(StsafeBusy, NewWriteDiscardsTheOldResponse) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("00 00 01 02 03 94 80")), hex("00 00 06 00 01 02 03 94 80"));
  ASSERT_EQ(b.write(hex("01 E1 F1")), BusOutcome::kAck);
  EXPECT_FALSE(b.chip.has_response());
  EXPECT_EQ(b.read_response(), hex("00 00 02 F0 78"));
}

TEST(StsafeBusy, PowerCycleDropsTheCommandInProgressAndTheResponse) {
  StsafeOnBus b;
  ASSERT_EQ(b.write(hex("10 4A 07 FF 08 03")), BusOutcome::kAck);
  b.chip.power_cycle();
  EXPECT_FALSE(b.chip.busy());
  b.scheduler.advance_by(1000 * kMillisecond);
  std::vector<uint8_t> r(5);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack) << "no response survives a power cycle";
  EXPECT_EQ(b.chip.state().host_key_control, HostKeyControl{}) << "the abandoned put never ran";
  EXPECT_EQ(b.chip.commands_executed(), 0u);

  EXPECT_EQ(b.transact(hex("01 E1 F1")), hex("00 00 02 F0 78"));
  b.chip.power_cycle();
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
