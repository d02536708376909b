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

// Records every transaction's wire view, whoever it was addressed to.
class WireRecorder : public I2cWireListener {
 public:
  struct Seen {
    Nanoseconds start_ns, bit_ns;
    uint8_t address_byte;
    bool address_acked;
    std::vector<uint8_t> data;
    size_t acked;
    bool stop;
    std::vector<SdaLowRun> runs;
  };
  std::vector<Seen> seen;
  void on_wire(const WireTransaction& t) override {
    seen.push_back({t.start_ns,
                    t.bit_ns,
                    t.address_byte,
                    t.address_acked,
                    {t.data.begin(), t.data.end()},
                    t.acked,
                    t.stop,
                    sda_low_runs(t)});
  }
};

TEST(I2cBusWire, EveryListenerSeesEveryTransaction) {
  Scheduler s;
  I2cBus bus(s, 100000);
  ScriptedTarget t;
  t.ack_bytes = 1;
  bus.attach(0x20, &t);
  WireRecorder a, b;
  bus.add_wire_listener(&a);
  bus.add_wire_listener(&b);
  bus.add_wire_listener(&a);  // once only
  EXPECT_EQ(bus.write(0x00, {}), BusOutcome::kAddressNack);
  const uint8_t two[] = {0x11, 0x22};
  EXPECT_EQ(bus.write(0x20, two), BusOutcome::kDataNack);
  std::vector<uint8_t> rx(2);
  EXPECT_EQ(bus.write_read(0x20, std::vector<uint8_t>{0x33}, rx), BusOutcome::kAck);
  ASSERT_EQ(a.seen.size(), 4u);
  ASSERT_EQ(b.seen.size(), 4u);
  EXPECT_EQ(a.seen[0].address_byte, 0x00);
  EXPECT_FALSE(a.seen[0].address_acked);
  EXPECT_TRUE(a.seen[0].data.empty());
  EXPECT_EQ(a.seen[1].address_byte, 0x40);
  EXPECT_EQ(a.seen[1].data, std::vector<uint8_t>({0x11, 0x22})) << "the NACKed byte was clocked too";
  EXPECT_EQ(a.seen[1].acked, 1u);
  EXPECT_FALSE(a.seen[2].stop) << "write phase of a write-then-read";
  EXPECT_EQ(a.seen[3].address_byte, 0x41);
  EXPECT_EQ(a.seen[3].acked, 1u) << "the initiator NACKs the last byte it reads";
  bus.remove_wire_listener(&a);
  bus.write(0x00, {});
  EXPECT_EQ(a.seen.size(), 4u);
  EXPECT_EQ(b.seen.size(), 5u);
}

TEST(I2cBusWire, SdaLowRunOfTheGeneralCallAddress) {
  for (uint32_t rate : {100000u, 400000u, 1000000u}) {
    Scheduler s;
    I2cBus bus(s, rate);
    WireRecorder r;
    bus.add_wire_listener(&r);
    bus.write(0x00, {});
    ASSERT_EQ(r.seen.size(), 1u);
    // START falls half a bit in; eight zero bits; the NACK releases SDA; the STOP's low half.
    const Nanoseconds bit = bus.bit_time_ns();
    ASSERT_EQ(r.seen[0].runs.size(), 2u);
    EXPECT_EQ(r.seen[0].runs[0].from_ns, bit / 2);
    EXPECT_EQ(r.seen[0].runs[0].to_ns, 9 * bit);
    EXPECT_EQ(r.seen[0].runs[1].from_ns, 10 * bit);
    EXPECT_EQ(r.seen[0].runs[1].to_ns, 10 * bit + bit / 2);
  }
}

TEST(I2cBusWire, SdaLowRunsFollowDataAndAcknowledges) {
  // 0x40 (address 0x20, write) ACKed, then 0xFF ACKed, STOP.
  const uint8_t ff[] = {0xFF};
  WireTransaction t{1000, 10, 0x40, true, ff, 1, true};
  const std::vector<SdaLowRun> runs = sda_low_runs(t);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].from_ns, 1005u);  // START
  EXPECT_EQ(runs[0].to_ns, 1020u);    // the address's first bit is 0, the second 1
  // Bit 1 of the address ends at 1030; six zero bits (incl. R/W) and the ACK: 1030..1100.
  EXPECT_EQ(runs[1].from_ns, 1030u);
  EXPECT_EQ(runs[1].to_ns, 1100u);
  // The data's ACK and the STOP's low half: 1180..1195.
  EXPECT_EQ(runs[2].from_ns, 1180u);
  EXPECT_EQ(runs[2].to_ns, 1195u);
}

TEST(I2cBus, RateChangeAppliesToTheNextTransaction) {
  Scheduler s;
  I2cBus bus(s, 1000000);
  bus.write(0x00, {});
  EXPECT_EQ(s.now(), 11u * 1000u);
  bus.set_rate_hz(100000);
  EXPECT_EQ(bus.rate_hz(), 100000u);
  EXPECT_EQ(bus.bit_time_ns(), 10000u);
  bus.write(0x00, {});
  EXPECT_EQ(s.now(), 11u * 1000u + 11u * 10000u);
  EXPECT_THROW(bus.set_rate_hz(0), std::invalid_argument);
  EXPECT_EQ(bus.rate_hz(), 100000u) << "a refused rate changes nothing";
}

}  // namespace
}  // namespace kb::sim
