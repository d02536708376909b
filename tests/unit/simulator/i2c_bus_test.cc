#include "simulator/bus/i2c_bus.h"

#include <gtest/gtest.h>

#include <vector>

namespace kb::sim {
namespace {

// A scripted target: ACKs or NACKs as told and records what it saw.
class ScriptedTarget : public I2cTarget {
 public:
  bool ack_address = true;
  size_t ack_bytes = SIZE_MAX;
  std::vector<uint8_t> written;
  uint8_t fill = 0xA5;

  bool accept_write() override { return ack_address; }
  size_t on_write(std::span<const uint8_t> data) override {
    size_t n = std::min(ack_bytes, data.size());
    written.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  bool accept_read() override { return ack_address; }
  void on_read(std::span<uint8_t> out) override {
    for (auto& b : out) b = fill;
  }
};

TEST(I2cBus, WriteCostsStartNineBitsPerByteAndStop) {
  Scheduler s;
  I2cBus bus(s, 400000);  // 2.5 us per bit
  ScriptedTarget t;
  bus.attach(0x20, &t);
  const uint8_t frame[] = {0x14, 0x24, 0x9A, 0x90};
  EXPECT_EQ(bus.write(0x20, frame), BusOutcome::kAck);
  // START + address byte + 4 data bytes + STOP = 1 + 9 + 36 + 1 = 47 bit-times.
  EXPECT_EQ(s.now(), 47u * 2500u);
  EXPECT_EQ(t.written, std::vector<uint8_t>(frame, frame + 4));
}

TEST(I2cBus, RateSetsBitTime) {
  Scheduler s;
  EXPECT_EQ(I2cBus(s, 100000).bit_time_ns(), 10000u);
  EXPECT_EQ(I2cBus(s, 1000000).bit_time_ns(), 1000u);
}

TEST(I2cBus, EmptyAddressNacksAndCostsOnlyTheAddressPhase) {
  Scheduler s;
  I2cBus bus(s, 100000);
  uint8_t b[3];
  EXPECT_EQ(bus.read(0x33, b), BusOutcome::kAddressNack);
  EXPECT_EQ(s.now(), 11u * 10000u);
}

TEST(I2cBus, BusyTargetNacksItsAddressAndSeesNoData) {
  Scheduler s;
  I2cBus bus(s, 400000);
  ScriptedTarget t;
  t.ack_address = false;
  bus.attach(0x20, &t);
  const uint8_t frame[] = {0x01, 0xE1, 0xF1};
  EXPECT_EQ(bus.write(0x20, frame), BusOutcome::kAddressNack);
  EXPECT_TRUE(t.written.empty());
}

TEST(I2cBus, DataNackReportsHowFarTheWriteGot) {
  Scheduler s;
  I2cBus bus(s, 400000);
  ScriptedTarget t;
  t.ack_bytes = 2;
  bus.attach(0x20, &t);
  std::vector<BusTransaction> seen;
  bus.set_observer([&](const BusTransaction& tr) { seen.push_back(tr); });
  const uint8_t frame[] = {1, 2, 3, 4};
  EXPECT_EQ(bus.write(0x20, frame), BusOutcome::kDataNack);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data.size(), 2u);
  EXPECT_EQ(seen[0].outcome, BusOutcome::kDataNack);
}

TEST(I2cBus, ReadFillsFromTargetAndObserverCountsTransactions) {
  Scheduler s;
  I2cBus bus(s, 400000);
  ScriptedTarget t;
  bus.attach(0x20, &t);
  uint8_t rx[5] = {};
  const uint8_t tx[] = {0x14, 0x11};
  EXPECT_EQ(bus.write_read(0x20, tx, rx), BusOutcome::kAck);
  for (uint8_t b : rx) EXPECT_EQ(b, 0xA5);
  EXPECT_EQ(bus.transaction_count(), 2u);
}

TEST(I2cBus, RejectsDuplicateAndWideAddresses) {
  Scheduler s;
  I2cBus bus(s, 400000);
  ScriptedTarget a, b;
  bus.attach(0x20, &a);
  EXPECT_THROW(bus.attach(0x20, &b), std::invalid_argument);
  EXPECT_THROW(bus.attach(0x80, &b), std::invalid_argument);
  EXPECT_THROW(I2cBus(s, 0), std::invalid_argument);
}

}  // namespace
}  // namespace kb::sim
