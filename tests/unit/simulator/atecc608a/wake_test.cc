// Wake as the wire does it (fact sheet B5.2, B5.7): SDA low for tWLO wakes a sleeping or idle
// chip on the rising edge, whoever the traffic is for; the token 04 11 33 43 is readable tWHI
// later; the watchdog sends it back to sleep; sleep loses SRAM, idle keeps it.
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

const std::vector<uint8_t> kToken = hex("04 11 33 43");

// A bus target that acknowledges everything, standing in for another device.
class Acker : public I2cTarget {
 public:
  bool accept_write() override { return true; }
  size_t on_write(std::span<const uint8_t> data) override { return data.size(); }
  bool accept_read() override { return true; }
  void on_read(std::span<uint8_t> out) override { std::fill(out.begin(), out.end(), uint8_t{0xFF}); }
};

TEST(AteccWake, GeneralCallAt100kHzWakesAfterTwhi) {
  AteccOnBus b(100000);
  const Nanoseconds start = b.scheduler.now();
  ASSERT_EQ(b.bus.write(0x00, {}), BusOutcome::kAddressNack);
  // START falls half a bit in, eight zero bits, then the unanswered acknowledge rises: 85 us low.
  const Nanoseconds edge = start + 90 * kMicrosecond;
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kAwake);
  EXPECT_EQ(b.chip.ready_at(), edge + kWakeHighNs);
  std::vector<uint8_t> token(4);
  // The chip answers (or not) at the address acknowledge: START and address are 10 bit-times.
  const Nanoseconds to_ack = 10 * b.bus.bit_time_ns();
  b.scheduler.advance_to(edge + kWakeHighNs - to_ack - kMicrosecond);
  EXPECT_EQ(b.bus.read(kAddress, token), BusOutcome::kAddressNack) << "not before tWHI";
  b.scheduler.advance_to(edge + kWakeHighNs - to_ack);
  ASSERT_EQ(b.bus.read(kAddress, token), BusOutcome::kAck);
  EXPECT_EQ(token, kToken);
}

TEST(AteccWake, GeneralCallAt400kHzOr1MHzIsTooShort) {
  for (uint32_t rate : {400000u, 1000000u}) {
    AteccOnBus b(rate);
    ASSERT_EQ(b.bus.write(0x00, {}), BusOutcome::kAddressNack);
    EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep) << rate << " Hz";
    b.scheduler.advance_by(2 * kMillisecond);
    std::vector<uint8_t> token(4);
    EXPECT_EQ(b.bus.read(kAddress, token), BusOutcome::kAddressNack) << rate << " Hz";
  }
}

TEST(AteccWake, HostDropsTo100kHzForTheWakeOnA1MHzBus) {
  AteccOnBus b(1000000);
  EXPECT_EQ(b.wake(), kToken);
  EXPECT_EQ(b.bus.rate_hz(), 1000000u);
  EXPECT_EQ(b.transact(hex("07 30 00 00 00 03 5D")), hex("07 00 00 60 02 80 38")) << "commands at 1 MHz";
}

TEST(AteccWake, TrafficToAnotherDeviceOnASlowBusWakesIt) {
  AteccOnBus b(100000);
  Acker other;
  b.bus.attach(0x20, &other);
  // Address byte 0x40 = 0100 0000: after the one bit, six zero bits and the ACK: 70 us low.
  ASSERT_EQ(b.bus.write(0x20, hex("FF")), BusOutcome::kAck);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kAwake);
  b.scheduler.advance_by(kWakeHighNs);
  std::vector<uint8_t> token(4);
  ASSERT_EQ(b.bus.read(kAddress, token), BusOutcome::kAck);
  EXPECT_EQ(token, kToken);
}

TEST(AteccWake, ZeroBytesToAnotherDeviceWakeItEvenAt400kHz) {
  AteccOnBus b(400000);
  Acker other;
  b.bus.attach(0x20, &other);
  ASSERT_EQ(b.bus.write(0x20, hex("FF FF")), BusOutcome::kAck);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep) << "7 bit-times low = 17.5 us";
  // Three zero data bytes, each acknowledged: 6 + 1 + 27 bit-times and half the STOP = 86 us low.
  ASSERT_EQ(b.bus.write(0x20, hex("00 00 00")), BusOutcome::kAck);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kAwake);
}

TEST(AteccWake, WakeOfAnAwakeChipIsIgnored) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  ASSERT_EQ(b.transact(hex("07 30 00 00 00 03 5D")), hex("07 00 00 60 02 80 38"));
  const Nanoseconds watchdog = b.chip.watchdog_at();
  b.bus.set_rate_hz(100000);
  b.bus.write(0x00, {});
  b.bus.set_rate_hz(400000);
  EXPECT_EQ(b.chip.watchdog_at(), watchdog) << "the watchdog is not restarted";
  ASSERT_EQ(b.word(0x00), BusOutcome::kAck);
  std::vector<uint8_t> r(7);
  ASSERT_EQ(b.bus.read(kAddress, r), BusOutcome::kAck);
  EXPECT_EQ(r, hex("07 00 00 60 02 80 38")) << "the output buffer still holds the last response";
}

TEST(AteccWake, OwnSleepCommandDoesNotWakeTheChip) {
  AteccOnBus b(100000);
  ASSERT_EQ(b.wake(), kToken);
  // At 100 kHz the address byte C0 with its ACK holds SDA low for 80 us, but before the sleep.
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep);
}

TEST(AteccWake, WatchdogSendsTheChipToSleepAfter1300ms) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  const Nanoseconds expiry = b.chip.watchdog_at();
  EXPECT_EQ(expiry, b.chip.ready_at() - kWakeHighNs + kWatchdogNs);
  ASSERT_EQ(b.transact(packet(0x16, 0x03, 0, std::vector<uint8_t>(32, 0x5A))), status(0x00));
  EXPECT_TRUE(b.chip.volatile_state().temp_key.valid);
  b.scheduler.advance_to(expiry - kMicrosecond);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kAwake);
  b.scheduler.advance_to(expiry);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.valid) << "watchdog sleep loses TempKey";
  std::vector<uint8_t> r(4);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
}

TEST(AteccWake, LongWatchdogBitGivesThirteenSeconds) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  // Bytes 16-19: I2C address C0, reserved, CountMatch, ChipMode with bit 2.
  ASSERT_EQ(test_support::write_config_word(b, 16, hex("C0 00 00 04")), 0x00);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  ASSERT_EQ(b.wake(), kToken);
  EXPECT_EQ(b.chip.watchdog_at(), b.chip.ready_at() - kWakeHighNs + kLongWatchdogNs);
  b.scheduler.advance_by(5000 * kMillisecond);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kAwake);
  b.scheduler.advance_by(9000 * kMillisecond);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep);
}

TEST(AteccWake, IdleStopsTheWatchdogAndKeepsSram) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  ASSERT_EQ(test_support::lock_config(b), 0x00);  // so Random draws from the RNG
  const std::vector<uint8_t> tk(32, 0x33);
  ASSERT_EQ(b.transact(packet(0x16, 0x03, 0, tk)), status(0x00));
  ASSERT_EQ(b.payload(0x1B, 0x00, 0).size(), 32u);
  ASSERT_EQ(b.idle(), BusOutcome::kAck);
  b.scheduler.advance_by(5000 * kMillisecond);
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kIdle) << "no watchdog while idle";
  ASSERT_EQ(b.wake(), kToken);
  EXPECT_TRUE(b.chip.volatile_state().temp_key.valid);
  EXPECT_TRUE(std::equal(tk.begin(), tk.end(), b.chip.volatile_state().temp_key.value.begin()));
  // The RNG stays seeded: Random without a seed update writes nothing to the EEPROM.
  const uint64_t writes = b.chip.nvm().program_operations();
  ASSERT_EQ(b.payload(0x1B, 0x01, 0).size(), 32u);
  EXPECT_EQ(b.chip.nvm().program_operations(), writes);
}

TEST(AteccWake, SleepLosesTempKeyBuffersAndTheRngState) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  ASSERT_EQ(test_support::lock_config(b), 0x00);
  ASSERT_EQ(b.transact(packet(0x16, 0x03, 0, std::vector<uint8_t>(32, 0x33))), status(0x00));
  ASSERT_EQ(b.transact(packet(0x16, 0x43, 0, std::vector<uint8_t>(32, 0x44))), status(0x00));
  ASSERT_EQ(b.transact(packet(0x16, 0x83, 0, std::vector<uint8_t>(32, 0x55))), status(0x00));
  ASSERT_EQ(b.payload(0x1B, 0x00, 0).size(), 32u);
  EXPECT_TRUE(b.chip.volatile_state().message_digest_buffer_valid);
  EXPECT_TRUE(b.chip.volatile_state().alternate_key_buffer_valid);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  ASSERT_EQ(b.wake(), kToken);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.valid);
  EXPECT_FALSE(b.chip.volatile_state().message_digest_buffer_valid);
  EXPECT_FALSE(b.chip.volatile_state().alternate_key_buffer_valid);
  // Not seeded since the wake: even Random without a seed update must update the seed first.
  const uint32_t counter = b.chip.eeprom().random_counter();
  ASSERT_EQ(b.payload(0x1B, 0x01, 0).size(), 32u);
  EXPECT_EQ(b.chip.eeprom().random_counter(), counter + 1);
}

TEST(AteccWake, CommandThatWouldOutlastTheWatchdogIsRefused) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  // Leave 20 ms: Info (5 ms) still runs, Lock (35 ms) does not.
  b.scheduler.advance_to(b.chip.watchdog_at() - 20 * kMillisecond);
  EXPECT_EQ(b.transact(hex("07 30 00 00 00 03 5D")), hex("07 00 00 60 02 80 38"));
  EXPECT_EQ(b.transact(hex("07 17 80 00 00 39 8D")), hex("04 EE 31 41"));
  EXPECT_FALSE(b.chip.eeprom().config_locked());
}

TEST(AteccWake, PowerCycleLeavesTheChipAsleep) {
  AteccOnBus b;
  ASSERT_EQ(b.wake(), kToken);
  b.chip.power_cycle();
  EXPECT_EQ(b.chip.power(), Atecc608a::Power::kSleep);
  std::vector<uint8_t> r(4);
  EXPECT_EQ(b.bus.read(kAddress, r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.wake(), kToken);
}

}  // namespace
}  // namespace kb::sim::atecc608a
