// The nRF5340 TWIM driver against a register-level model of the peripheral: the register sequence
// of each transfer shape, bytes through the EasyDMA RAM, the ERRORSRC → I2cResult mapping, the
// stop after an error, the Clock-bounded wait and the recovery of a peripheral that never stops.
#include "hal/nrf/twim_i2c_initiator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "tests/unit/hal/nrf/fake_twim.h"

namespace kb::test {
namespace {

using hal::I2cResult;
using hal::nrf::TwimConfig;
using hal::nrf::TwimFrequency;
using hal::nrf::TwimI2cInitiator;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using W = FakeTwim::Write;

constexpr uint32_t kAllErrors = twim::kErrorOverrun | twim::kErrorAnack | twim::kErrorDnack;

// Index of the first write of `address` with `value` at or after `from`; writes.size() if none.
size_t index_of(const FakeTwim& f, uint32_t address, uint32_t value, size_t from = 0) {
  for (size_t i = from; i < f.writes.size(); ++i) {
    if (f.writes[i].address == address && f.writes[i].value == value) return i;
  }
  return f.writes.size();
}

struct Rig {
  explicit Rig(size_t ram = 1024, TwimConfig config = {}) : twim(ram), i2c(twim, clock, twim.dma(), config) {}
  FakeTwim twim;
  SteppingClock clock;
  TwimI2cInitiator i2c;
};

std::vector<W> clear_events() {
  return {{twim::kEventsStopped, 0}, {twim::kEventsError, 0}, {twim::kEventsLastTx, 0}, {twim::kEventsLastRx, 0}};
}

TEST(TwimI2cInitiator, ConfiguresPinsRateAndThenEnables) {
  FakeTwim twim;
  SteppingClock clock;
  TwimI2cInitiator i2c(twim, clock, twim.dma());
  // P1.03 (SCL) and P1.02 (SDA): input, buffer connected, pull-up, S0D1; PSEL port 1; 400 kHz.
  EXPECT_THAT(twim.writes, ElementsAre(W{0x50842A0C, 0x60C}, W{0x50842A08, 0x60C}, W{twim::kPselScl, 0x23},
                                       W{twim::kPselSda, 0x22}, W{twim::kFrequency, 0x06400000}, W{twim::kEnable, 6}));
  EXPECT_EQ(i2c.max_transfer_bytes(), 1024u);
}

TEST(TwimI2cInitiator, OtherPinsAndRateFromTheConfig) {
  FakeTwim twim;
  SteppingClock clock;
  TwimConfig config;
  config.scl = {0, 27};
  config.sda = {0, 26};
  config.frequency = TwimFrequency::k100kHz;
  TwimI2cInitiator i2c(twim, clock, twim.dma(), config);
  EXPECT_THAT(twim.writes, ElementsAre(W{0x50842500 + 0x200 + 4 * 27, 0x60C}, W{0x50842500 + 0x200 + 4 * 26, 0x60C},
                                       W{twim::kPselScl, 27}, W{twim::kPselSda, 26}, W{twim::kFrequency, 0x01980000},
                                       W{twim::kEnable, 6}));
}

TEST(TwimI2cInitiator, WriteGoesOutOfRamWithTheStopShortcut) {
  Rig r;
  const size_t mark = r.twim.writes.size();
  const std::array<uint8_t, 4> frame = {0x14, 0x00, 0x5A, 0xC3};
  ASSERT_EQ(r.i2c.write(0x20, frame), I2cResult::kOk);

  ASSERT_EQ(r.twim.transactions.size(), 1u);
  EXPECT_EQ(r.twim.transactions[0].address, 0x20);
  EXPECT_THAT(r.twim.transactions[0].written, ElementsAreArray(frame));
  EXPECT_EQ(r.twim.transactions[0].read, 0u);

  std::vector<W> expected = clear_events();
  for (const W& w : std::vector<W>{{twim::kErrorSrc, kAllErrors},
                                   {twim::kAddress, 0x20},
                                   {twim::kTxdPtr, twim::kRamAddress},
                                   {twim::kTxdMaxcnt, 4},
                                   {twim::kShorts, twim::kShortLastTxStop},
                                   {twim::kTasksStartTx, 1},
                                   {twim::kShorts, 0}}) {
    expected.push_back(w);
  }
  for (const W& w : clear_events()) expected.push_back(w);
  EXPECT_THAT(r.twim.writes_from(mark), ElementsAreArray(expected));
  // The frame (a host key, on a provisioning run) does not stay behind in the DMA buffer.
  EXPECT_TRUE(std::all_of(r.twim.ram().begin(), r.twim.ram().begin() + 4, [](uint8_t b) { return b == 0; }));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, ReadLandsInTheCallersBuffer) {
  Rig r;
  r.twim.reply = {0x00, 0x03, 0xDE, 0xAD, 0xBE};
  const size_t mark = r.twim.writes.size();
  std::array<uint8_t, 5> rx{};
  ASSERT_EQ(r.i2c.read(0x20, rx), I2cResult::kOk);
  EXPECT_THAT(rx, ElementsAre(0x00, 0x03, 0xDE, 0xAD, 0xBE));

  const auto w = r.twim.writes_from(mark);
  EXPECT_TRUE(r.twim.wrote(twim::kRxdPtr, twim::kRamAddress, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kRxdMaxcnt, 5, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kShorts, twim::kShortLastRxStop, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStartRx, 1, mark));
  EXPECT_FALSE(r.twim.wrote(twim::kTasksStartTx, 1, mark));
  EXPECT_FALSE(r.twim.wrote(twim::kTxdPtr, twim::kRamAddress, mark));
  EXPECT_LT(index_of(r.twim, twim::kShorts, twim::kShortLastRxStop, mark),
            index_of(r.twim, twim::kTasksStartRx, 1, mark));
  EXPECT_TRUE(std::all_of(r.twim.ram().begin(), r.twim.ram().begin() + 5, [](uint8_t b) { return b == 0; }));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, WriteThenReadIsOneTransactionWithARepeatedStart) {
  Rig r;
  r.twim.reply = {0x11, 0x22, 0x33};
  const size_t mark = r.twim.writes.size();
  const std::array<uint8_t, 2> tx = {0x02, 0x40};
  std::array<uint8_t, 3> rx{};
  ASSERT_EQ(r.i2c.write_read(0x20, tx, rx), I2cResult::kOk);
  EXPECT_THAT(rx, ElementsAre(0x11, 0x22, 0x33));
  ASSERT_EQ(r.twim.transactions.size(), 1u);
  EXPECT_TRUE(r.twim.transactions[0].repeated_start);
  EXPECT_THAT(r.twim.transactions[0].written, ElementsAre(0x02, 0x40));
  EXPECT_EQ(r.twim.transactions[0].read, 3u);
  // The read lands after the written bytes, so neither overwrites the other.
  EXPECT_TRUE(r.twim.wrote(twim::kTxdPtr, twim::kRamAddress, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kRxdPtr, twim::kRamAddress + 2, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kShorts, twim::kShortLastTxStartRx | twim::kShortLastRxStop, mark));
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStartTx, 1, mark));
  EXPECT_FALSE(r.twim.wrote(twim::kTasksStartRx, 1, mark));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, AbsentTargetIsAnAddressNackAndThePeripheralIsStopped) {
  Rig r;
  const size_t mark = r.twim.writes.size();
  const std::array<uint8_t, 1> tx = {0x00};
  EXPECT_EQ(r.i2c.write(0x21, tx), I2cResult::kAddressNack);
  // The TWIM does not end a transaction on an error by itself: RESUME, then STOP.
  const size_t start = index_of(r.twim, twim::kTasksStartTx, 1, mark);
  const size_t resume = index_of(r.twim, twim::kTasksResume, 1, mark);
  const size_t stop = index_of(r.twim, twim::kTasksStop, 1, mark);
  ASSERT_LT(stop, r.twim.writes.size());
  EXPECT_LT(start, resume);
  EXPECT_LT(resume, stop);
  // ERRORSRC is cleared by writing its bits back.
  EXPECT_EQ(r.twim.reg(twim::kErrorSrc), 0u);
  EXPECT_TRUE(r.twim.wrote(twim::kErrorSrc, twim::kErrorAnack, stop));
  // And the next transfer runs on a clean peripheral.
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kOk);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, AddressNackOnARead) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kAddressNack;
  std::array<uint8_t, 4> rx = {1, 2, 3, 4};
  EXPECT_EQ(r.i2c.read(0x20, rx), I2cResult::kAddressNack);
  EXPECT_THAT(rx, ElementsAre(1, 2, 3, 4));  // nothing copied out of a failed transfer
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStop, 1));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, DataNackInTheMiddleOfAWrite) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kDataNack;
  r.twim.nack_byte = 1;
  const std::array<uint8_t, 4> tx = {0xA0, 0xA1, 0xA2, 0xA3};
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kDataNack);
  ASSERT_EQ(r.twim.transactions.size(), 1u);
  EXPECT_THAT(r.twim.transactions[0].written, ElementsAre(0xA0, 0xA1));
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStop, 1));
  EXPECT_EQ(r.twim.reg(twim::kErrorSrc), 0u);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, DataNackOnTheLastByteLeavesTheStopToTheShortcut) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kDataNack;
  r.twim.nack_byte = 3;
  const size_t mark = r.twim.writes.size();
  const std::array<uint8_t, 4> tx = {0xA0, 0xA1, 0xA2, 0xA3};
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kDataNack);
  // LASTTX had fired and LASTTX→STOP was set: the peripheral is already stopping.
  EXPECT_FALSE(r.twim.wrote(twim::kTasksStop, 1, mark));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, DataNackBeforeARepeatedStartIsStopped) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kDataNack;
  r.twim.nack_byte = 0;
  const std::array<uint8_t, 1> tx = {0x03};
  std::array<uint8_t, 2> rx{};
  EXPECT_EQ(r.i2c.write_read(0x20, tx, rx), I2cResult::kDataNack);
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStop, 1));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, OverrunIsABusError) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kOverrun;
  r.twim.reply = {9, 9, 9};
  std::array<uint8_t, 3> rx = {7, 7, 7};
  EXPECT_EQ(r.i2c.read(0x20, rx), I2cResult::kBusError);
  EXPECT_THAT(rx, ElementsAre(7, 7, 7));
  EXPECT_EQ(r.twim.reg(twim::kErrorSrc), 0u);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, StoppedShortOfTheCountIsABusError) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kStoppedShort;
  std::array<uint8_t, 3> rx{};
  EXPECT_EQ(r.i2c.read(0x20, rx), I2cResult::kBusError);
  const std::array<uint8_t, 3> tx = {1, 2, 3};
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kBusError);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, TransferThatNeverFinishesTimesOutAndIsStopped) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kHang;
  const size_t mark = r.twim.writes.size();
  const std::array<uint8_t, 2> tx = {1, 2};
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kTimeout);
  EXPECT_TRUE(r.twim.wrote(twim::kTasksStop, 1, mark));
  EXPECT_FALSE(r.twim.wrote(twim::kEnable, 0, mark));  // STOP was enough
  // The wait was bounded by the clock: the 10 ms allowance and the bit time, then the stop.
  const uint64_t waited = r.clock.now_ns();
  EXPECT_GT(waited, 10'000'000u);
  EXPECT_LT(waited, 12'000'000u);

  r.twim.fault = FakeTwim::Fault::kNone;
  EXPECT_EQ(r.i2c.write(0x20, tx), I2cResult::kOk);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, PeripheralDeafToStopIsDisabledAndEnabledAgain) {
  Rig r;
  r.twim.fault = FakeTwim::Fault::kHangIgnoringStop;
  const size_t mark = r.twim.writes.size();
  std::array<uint8_t, 2> rx{};
  EXPECT_EQ(r.i2c.read(0x20, rx), I2cResult::kTimeout);
  const size_t stop = index_of(r.twim, twim::kTasksStop, 1, mark);
  const size_t off = index_of(r.twim, twim::kEnable, 0, stop);
  const size_t on = index_of(r.twim, twim::kEnable, 6, off);
  EXPECT_LT(stop, off);
  EXPECT_LT(off, on);
  ASSERT_LT(on, r.twim.writes.size());

  r.twim.fault = FakeTwim::Fault::kNone;
  r.twim.reply = {5, 6};
  EXPECT_EQ(r.i2c.read(0x20, rx), I2cResult::kOk);
  EXPECT_THAT(rx, ElementsAre(5, 6));
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

TEST(TwimI2cInitiator, SlowTransferWithinTheBudgetIsNotATimeout) {
  TwimConfig config;
  config.stretch_allowance_ns = 1'000'000;
  // One poll reads STOPPED and ERROR and the clock once (1 us of the stepping clock). A one-byte
  // write at 400 kHz has 135 us of bit time budgeted plus the 1 ms allowance: 1.1 ms.
  Rig slow(1024, config);
  slow.twim.latency_reads = 2 * 800;  // 0.8 ms
  const std::array<uint8_t, 1> tx = {0x02};
  EXPECT_EQ(slow.i2c.write(0x20, tx), I2cResult::kOk);

  Rig too_slow(1024, config);
  too_slow.twim.latency_reads = 2 * 1500;  // 1.5 ms
  EXPECT_EQ(too_slow.i2c.write(0x20, tx), I2cResult::kTimeout);
}

TEST(TwimI2cInitiator, BudgetFollowsLengthAndRate) {
  TwimConfig config;
  config.stretch_allowance_ns = 1'000'000;
  // 700 bytes take 63 ms on the wire at 100 kHz, 6.3 ms at 1 MHz; the transfer here takes 40 ms.
  const std::vector<uint8_t> tx(700, 0x5A);
  Rig at_100k(1024, config);
  at_100k.twim.latency_reads = 2 * 40000;
  ASSERT_EQ(at_100k.i2c.set_rate_hz(100000), I2cResult::kOk);
  EXPECT_EQ(at_100k.i2c.write(0x20, tx), I2cResult::kOk);

  Rig at_1m(1024, config);
  at_1m.twim.latency_reads = 2 * 40000;
  ASSERT_EQ(at_1m.i2c.set_rate_hz(1000000), I2cResult::kOk);
  EXPECT_EQ(at_1m.i2c.write(0x20, tx), I2cResult::kTimeout);
}

TEST(TwimI2cInitiator, RatesAreTheFourTheTwimKnows) {
  Rig r;
  const struct {
    uint32_t hz;
    uint32_t value;
  } rates[] = {{100000, 0x01980000}, {250000, 0x04000000}, {400000, 0x06400000}, {1000000, 0x0FF00000}};
  for (const auto& rate : rates) {
    const size_t mark = r.twim.writes.size();
    EXPECT_EQ(r.i2c.set_rate_hz(rate.hz), I2cResult::kOk) << rate.hz;
    EXPECT_THAT(r.twim.writes_from(mark), ElementsAre(W{twim::kFrequency, rate.value})) << rate.hz;
  }
  const size_t mark = r.twim.writes.size();
  EXPECT_EQ(r.i2c.set_rate_hz(300000), I2cResult::kUnsupported);
  EXPECT_EQ(r.i2c.set_rate_hz(3400000), I2cResult::kUnsupported);
  EXPECT_THAT(r.twim.writes_from(mark), IsEmpty());
}

TEST(TwimI2cInitiator, WhatTheDmaBufferCannotCarryIsRefusedBeforeTheBus) {
  Rig r(16);
  const size_t mark = r.twim.writes.size();
  const std::vector<uint8_t> seventeen(17, 1);
  std::vector<uint8_t> nine(9);
  EXPECT_EQ(r.i2c.write(0x20, seventeen), I2cResult::kUnsupported);
  EXPECT_EQ(r.i2c.write_read(0x20, std::span(seventeen).first(8), nine), I2cResult::kUnsupported);
  EXPECT_EQ(r.i2c.write(0x20, {}), I2cResult::kUnsupported);
  EXPECT_EQ(r.i2c.write(0x80, std::span(seventeen).first(1)), I2cResult::kUnsupported);
  EXPECT_THAT(r.twim.writes_from(mark), IsEmpty());
  // Exactly the buffer is fine.
  EXPECT_EQ(r.i2c.write_read(0x20, std::span(seventeen).first(8), std::span(nine).first(8)), I2cResult::kOk);
  EXPECT_THAT(r.twim.violations, IsEmpty());
}

}  // namespace
}  // namespace kb::test
