// The I2C transport (fact sheet B5.3-B5.6): word addresses, packets, status groups, NACKs while
// asleep, idle, busy or holding a partial command, and the re-readable output buffer.
#include <gtest/gtest.h>

#include "simulator/atecc608a/timing.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::hex;
using test_support::kAddress;
using test_support::packet;
using test_support::status;

const std::vector<uint8_t> kInfo = hex("07 30 00 00 00 03 5D");
const std::vector<uint8_t> kRevision = hex("07 00 00 60 02 80 38");

TEST(AteccTransport, InfoRevisionAfterWake) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), hex("04 11 33 43"));
  EXPECT_EQ(b.transact(kInfo), kRevision);
}

TEST(AteccTransport, AsleepChipNacksItsAddress) {
  AteccOnBus b;
  std::vector<uint8_t> r(4);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.send(kInfo), BusOutcome::kAddressNack);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep);
}

TEST(AteccTransport, BusyForTheTableTimeThenReadable) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  // Lock without CRC on an unlocked chip: 35 ms at M0.
  ASSERT_EQ(b.send(hex("07 17 80 00 00 39 8D")), BusOutcome::kAck);
  const Nanoseconds sent = b.scheduler.now() - b.bus.bit_time_ns();  // before the STOP
  std::vector<uint8_t> r(1);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.send(kInfo), BusOutcome::kAddressNack) << "a busy chip takes no new packet";
  b.scheduler.advance_to(sent + 35 * kMillisecond - 50 * kMicrosecond);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  b.scheduler.advance_to(sent + 35 * kMillisecond + 50 * kMicrosecond);
  std::vector<uint8_t> g(4);
  ASSERT_EQ(b.bus.read(kAddress, g), BusOutcome::kAck);
  EXPECT_EQ(g, status(0x00));
}

TEST(AteccTransport, ExecutionTimeFollowsTheChipModeDivider) {
  EXPECT_EQ(execution_time_ms(0x40, 0x00), 115u);
  EXPECT_EQ(execution_time_ms(0x40, 0x28), 215u);
  EXPECT_EQ(execution_time_ms(0x40, 0x68), 653u);
  EXPECT_EQ(execution_time_ms(0x45, 0x68), 1085u);
  EXPECT_EQ(execution_time_ms(0x15, 0x28), 35u);
  EXPECT_EQ(execution_time_ms(0x80, 0x28), 160u);
  EXPECT_EQ(execution_time_ms(0x30, 0x04), 5u) << "the watchdog bit is not part of the divider";
  EXPECT_FALSE(execution_time_ms(0x01, 0x00)) << "Pause is not a 608 command";
  EXPECT_FALSE(execution_time_ms(0x11, 0x00)) << "nor is HMAC";
}

TEST(AteccTransport, BusyTimeOnTheWireFollowsChipMode) {
  for (const auto& [chip_mode, ms] : {std::pair<uint8_t, Nanoseconds>{0x00, 115}, {0x28, 215}, {0x68, 653}}) {
    AteccOnBus b;
    ASSERT_EQ(b.wake().size(), 4u);
    // Bytes 16-19: I2C address C0, reserved, CountMatch, ChipMode.
    ASSERT_EQ(b.transact(packet(0x12, 0x00, 0x0004, {0xC0, 0x00, 0x00, chip_mode})), status(0x00));
    // GenKey answers only after its table time, even when it then refuses (config unlocked).
    ASSERT_EQ(b.send(packet(0x40, 0x04, 0)), BusOutcome::kAck);
    const Nanoseconds sent = b.scheduler.now() - b.bus.bit_time_ns();
    const Nanoseconds to_ack = 10 * b.bus.bit_time_ns();
    std::vector<uint8_t> r(4);
    b.scheduler.advance_to(sent + ms * kMillisecond - to_ack - kMicrosecond);
    EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack) << "ChipMode " << int{chip_mode};
    b.scheduler.advance_to(sent + ms * kMillisecond);
    ASSERT_EQ(b.bus.read(kAddress, r), BusOutcome::kAck) << "ChipMode " << int{chip_mode};
    EXPECT_EQ(r, status(0x0F));
  }
}

TEST(AteccTransport, OutputIsReReadableAndWordAddressZeroRewinds) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.transact(kInfo), kRevision);
  std::vector<uint8_t> r(3);
  ASSERT_EQ(b.bus.read(kAddress, r), BusOutcome::kAck);
  EXPECT_EQ(r, hex("FF FF FF")) << "the read pointer is past the end of the group";
  ASSERT_EQ(b.word(0x00), BusOutcome::kAck);
  std::vector<uint8_t> again(7);
  ASSERT_EQ(b.bus.read(kAddress, again), BusOutcome::kAck);
  EXPECT_EQ(again, kRevision);
}

TEST(AteccTransport, PartialPacketNacksReadsUntilComplete) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.bus.write(kAddress, hex("03 07 30 00")), BusOutcome::kAck);
  std::vector<uint8_t> r(1);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  ASSERT_EQ(b.bus.write(kAddress, hex("03 00 00 03 5D")), BusOutcome::kAck);
  EXPECT_EQ(b.receive(), kRevision);
}

TEST(AteccTransport, ResetWordDropsAPartialPacket) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.bus.write(kAddress, hex("03 07 30")), BusOutcome::kAck);
  ASSERT_EQ(b.word(0x00), BusOutcome::kAck);
  EXPECT_EQ(b.transact(kInfo), kRevision);
}

TEST(AteccTransport, BytesBeyondTheCountAreIgnored) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  std::vector<uint8_t> longer = kInfo;
  longer.insert(longer.end(), {0xAA, 0xBB, 0xCC});
  EXPECT_EQ(b.transact(longer), kRevision);
}

TEST(AteccTransport, BadCrcIsACommunicationError) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(b.transact(hex("07 30 00 00 00 03 5E")), hex("04 FF 01 42"));
  EXPECT_EQ(b.chip.commands_executed(), 1u);
}

TEST(AteccTransport, BadCountsAreRefused) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(b.transact(hex("02 30")), status(0xFF)) << "a count that cannot hold a CRC";
  EXPECT_EQ(b.transact(hex("C8 30 00 00 00")), status(0xFF)) << "a count beyond the input buffer";
  EXPECT_EQ(b.transact(test_support::group({0x30, 0x00})), status(0x03)) << "good CRC, too short for the fields";
}

TEST(AteccTransport, UnknownOpcodeIsAParseError) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(b.transact(packet(0x01, 0, 0)), status(0x03)) << "Pause (508 only)";
  EXPECT_EQ(b.transact(packet(0x11, 0, 0)), status(0x03)) << "HMAC (not on the 608)";
  EXPECT_EQ(b.transact(packet(0xFF, 0, 0)), status(0x03));
}

TEST(AteccTransport, ReservedWordAddressIsNotAcknowledged) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(b.word(0x04), BusOutcome::kDataNack);
  EXPECT_EQ(b.word(0xFF), BusOutcome::kDataNack);
  EXPECT_EQ(b.transact(kInfo), kRevision) << "the chip is still awake and working";
}

TEST(AteccTransport, IdleChipNacksItsAddress) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.idle(), BusOutcome::kAck);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kIdle);
  std::vector<uint8_t> r(4);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.send(kInfo), BusOutcome::kAddressNack);
  EXPECT_EQ(b.wake(), hex("04 11 33 43"));
}

}  // namespace
}  // namespace kb::sim::atecc608a
