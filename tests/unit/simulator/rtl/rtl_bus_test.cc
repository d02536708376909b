// The RTL bus: the Verilated target front end on bit-level SCL and SDA (simulator/rtl).
#include "simulator/rtl/rtl_bus.h"

#include <gtest/gtest.h>

#include <vector>

#include "simulator/bus/i2c_bus.h"
#include "simulator/rtl/i2c_timing.h"
#include "simulator/rtl/rtl_faults.h"

namespace kb::sim {
namespace {

#define SKIP_WITHOUT_RTL() \
  if (!rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator"

class ScriptedTarget : public I2cTarget {
 public:
  bool ack_address = true;
  size_t ack_bytes = SIZE_MAX;
  std::vector<uint8_t> written;
  int writes = 0;
  std::vector<uint8_t> response = {0x11, 0x22, 0x33};

  bool accept_write() override { return ack_address; }
  size_t on_write(std::span<const uint8_t> data) override {
    ++writes;
    size_t n = std::min(ack_bytes, data.size());
    written.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  bool accept_read() override { return ack_address; }
  void on_read(std::span<uint8_t> out) override {
    for (size_t i = 0; i < out.size(); ++i) out[i] = i < response.size() ? response[i] : 0xFF;
  }
};

// Stretches SCL after the address of every transaction.
class Stretcher : public I2cInterceptor {
 public:
  Nanoseconds stretch_ns = 0;
  AddressPhaseFault on_address(const BusFaultPoint&) override { return {false, stretch_ns}; }
  size_t on_write_data(const BusFaultPoint&, std::vector<uint8_t>& data) override { return data.size(); }
  bool on_read_data(const BusFaultPoint&, std::span<uint8_t>) override { return false; }
};

struct RtlBench {
  Scheduler s;
  I2cBus bus{s, 400000};
  ScriptedTarget t;
  RtlBench() {
    bus.attach(0x20, &t);
    bus.set_bit_level(rtl::make_rtl_bus(s));
  }
};

// START and STOP conditions as the lines show them: SDA falling or rising while SCL is high.
struct LineConditions {
  int starts = 0;
  int stops = 0;
  bool scl = true;
  bool sda = true;
  void attach(I2cBitLevel& bus) {
    bus.set_line_observer([this](Nanoseconds, bool new_scl, bool new_sda) {
      if (scl && new_scl && sda && !new_sda) ++starts;
      if (scl && new_scl && !sda && new_sda) ++stops;
      scl = new_scl;
      sda = new_sda;
    });
  }
};

// One transaction of n bytes after the address, START to bus free, at the specification's timing.
Nanoseconds frame_ns(const rtl::I2cTiming& t, size_t bytes) {
  return t.hd_sta + 9 * (bytes + 1) * t.period + t.low + t.su_sto + t.buf;
}

TEST(I2cTiming, SpecificationMinimumsPerMode) {
  const rtl::I2cTiming sm = rtl::timing_for_rate(100000);
  EXPECT_EQ(sm.mode, "standard-mode");
  EXPECT_EQ(sm.hd_sta, 4000u);
  EXPECT_EQ(sm.buf, 4700u);
  EXPECT_GE(sm.low, 4700u);
  EXPECT_GE(sm.high, 4000u);
  EXPECT_EQ(sm.low + sm.high, 10000u);
  const rtl::I2cTiming fm = rtl::timing_for_rate(400000);
  EXPECT_EQ(fm.mode, "fast-mode");
  EXPECT_EQ(fm.su_sto, 600u);
  EXPECT_GE(fm.low, 1300u);
  EXPECT_GE(fm.high, 600u);
  EXPECT_EQ(fm.low + fm.high, 2500u);
  const rtl::I2cTiming fp = rtl::timing_for_rate(1000000);
  EXPECT_EQ(fp.mode, "fast-mode plus");
  EXPECT_EQ(fp.hd_sta, 260u);
  EXPECT_GE(fp.low, 500u);
  EXPECT_GE(fp.high, 260u);
  EXPECT_EQ(fp.low + fp.high, 1000u);
  EXPECT_THROW(rtl::timing_for_rate(3400000), std::invalid_argument);
}

TEST(RtlBus, WriteReachesTheModelWithSpecificationTiming) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  const uint8_t frame[] = {0x14, 0x24, 0x9A, 0x90};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 4));
  EXPECT_EQ(b.t.writes, 1);
  EXPECT_EQ(b.s.now(), frame_ns(rtl::timing_for_rate(400000), 4));
}

TEST(RtlBus, EveryRateRunsAFrame) {
  SKIP_WITHOUT_RTL();
  for (uint32_t rate : {100000u, 400000u, 1000000u}) {
    RtlBench b;
    b.bus.set_rate_hz(rate);
    const uint8_t frame[] = {0x00, 0xFF, 0x55};
    const Nanoseconds before = b.s.now();
    EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck) << rate;
    EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 3)) << rate;
    EXPECT_EQ(b.s.now() - before, frame_ns(rtl::timing_for_rate(rate), 3)) << rate;
  }
}

TEST(RtlBus, RefusesHighSpeedMode) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  EXPECT_THROW(b.bus.set_rate_hz(3400000), std::invalid_argument);
  EXPECT_EQ(b.bus.rate_hz(), 400000u);
}

TEST(RtlBus, AbsentAndBusyTargetsNackTheirAddress) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  const uint8_t frame[] = {0x01, 0x02};
  EXPECT_EQ(b.bus.write(0x21, frame), BusOutcome::kAddressNack);
  b.t.ack_address = false;
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAddressNack);
  EXPECT_EQ(b.t.writes, 0);
  b.t.ack_address = true;
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, ReadCarriesTheModelsBytes) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  uint8_t out[5] = {};
  EXPECT_EQ(b.bus.read(0x20, out), BusOutcome::kAck);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 5), (std::vector<uint8_t>{0x11, 0x22, 0x33, 0xFF, 0xFF}));
  // The bus is free again: a write goes through.
  const uint8_t frame[] = {0xA5};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>{0xA5});
}

TEST(RtlBus, WriteRepeatedStartRead) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  std::vector<BusTransaction> seen;
  b.bus.set_observer([&](const BusTransaction& tr) { seen.push_back(tr); });
  const uint8_t tx[] = {0x06};
  uint8_t rx[2] = {};
  EXPECT_EQ(b.bus.write_read(0x20, tx, rx), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>{0x06});
  EXPECT_EQ(rx[0], 0x11);
  EXPECT_EQ(rx[1], 0x22);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0].is_read);
  EXPECT_TRUE(seen[1].is_read);
  // Repeated START: SCL low, SCL high, tSU;STA, SDA low, tHD;STA.
  const rtl::I2cTiming t = rtl::timing_for_rate(400000);
  EXPECT_EQ(seen[1].start_ns, t.hd_sta + 18 * t.period);
  EXPECT_EQ(b.s.now(), 2 * t.hd_sta + 18 * t.period + t.low + t.su_sta + 27 * t.period + t.low + t.su_sto + t.buf);
}

TEST(RtlBus, ModelTakingFewerBytesIsADataNack) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  b.t.ack_bytes = 2;
  std::vector<BusTransaction> seen;
  b.bus.set_observer([&](const BusTransaction& tr) { seen.push_back(tr); });
  const uint8_t frame[] = {1, 2, 3, 4};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kDataNack);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data.size(), 2u);
}

TEST(RtlBus, ClockStretchWithinTheTimeoutDelaysTheTransfer) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  Stretcher st;
  st.stretch_ns = 100 * kMicrosecond;
  b.bus.set_interceptor(&st);
  const uint8_t frame[] = {7, 8};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
  const Nanoseconds plain = frame_ns(rtl::timing_for_rate(400000), 2);
  // The stretch overlaps the ninth clock's low time; whatever is left of it delays the frame.
  EXPECT_GT(b.s.now(), plain + 100 * kMicrosecond - 2 * kMicrosecond);
  EXPECT_LT(b.s.now(), plain + 100 * kMicrosecond);
}

TEST(RtlBus, ClockStretchPastTheTimeoutFailsAndFreesTheBus) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  Stretcher st;
  st.stretch_ns = 40 * kMillisecond;
  b.bus.set_interceptor(&st);
  const uint8_t frame[] = {7, 8};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kTimeout);
  EXPECT_EQ(b.t.writes, 0);
  EXPECT_GE(b.s.now(), I2cBus::kDefaultStretchTimeoutNs);
  EXPECT_LT(b.s.now(), 40 * kMillisecond);
  st.stretch_ns = 0;
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, SpikeFilterSuppressesA40nsGlitch) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // Bit 12: the fourth bit of the first data byte, in the middle of its SCL-high time.
  rtl::inject_sda_glitch(*b.bus.bit_level(), {12, 40, false});
  const uint8_t frame[] = {0x00, 0x00};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, LongerGlitchIsSeenAsStartAndBreaksTheFrame) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // 200 ns of SDA high in a 0 bit while SCL is high: a STOP then a START to the target.
  rtl::inject_sda_glitch(*b.bus.bit_level(), {12, 200, false});
  const uint8_t frame[] = {0x00, 0x00};
  EXPECT_NE(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.writes, 0);
  // The next transaction finds the target listening again.
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, GlitchPastTheLastBitIsNotCarriedIntoTheNextTransaction) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // Bit 40 of a 27-bit transaction never comes.
  rtl::inject_sda_glitch(*b.bus.bit_level(), {40, 300, false});
  const uint8_t shorter[] = {0x00, 0x00};
  EXPECT_EQ(b.bus.write(0x20, shorter), BusOutcome::kAck);
  const uint8_t longer[] = {0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(b.bus.write(0x20, longer), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(longer, longer + 5));
}

TEST(RtlBus, SdaHeldLowIsRecoveredWithNineClocksAndStop) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  const rtl::I2cTiming t = rtl::timing_for_rate(400000);
  // A target lets go of SDA after about three clock pulses.
  rtl::hold_sda_low(*b.bus.bit_level(), {b.s.now() + 3 * t.period, false});
  const uint8_t frame[] = {0x42};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>{0x42});
  // Recovery pulses, a STOP and the bus-free time came before the frame.
  EXPECT_GT(b.s.now(), frame_ns(t, 1) + 3 * t.period);
}

TEST(RtlBus, SdaStuckLowPastRecoveryIsABusError) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  rtl::hold_sda_low(*b.bus.bit_level(), {b.s.now() + kMillisecond, false});
  const uint8_t frame[] = {0x42};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kBusError);
  EXPECT_EQ(b.t.writes, 0);
}

TEST(RtlBus, TargetStuckInsideAByteIsFreedByTheRecoveryClocks) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // Lets go of SDA after four SCL pulses, wherever they come from.
  rtl::hold_sda_low_after_stop(*b.bus.bit_level(), {0, 4});
  const uint8_t first[] = {0x01};
  EXPECT_EQ(b.bus.write(0x20, first), BusOutcome::kAck);
  b.s.advance_by(10 * kMillisecond);  // however long the host waits, SDA stays low
  const uint8_t second[] = {0x02};
  EXPECT_EQ(b.bus.write(0x20, second), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>{0x02});
  EXPECT_EQ(b.t.writes, 2);
}

TEST(RtlBus, TargetThatNineClocksDoNotFreeIsABusError) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  rtl::hold_sda_low_after_stop(*b.bus.bit_level(), {0, 10});
  const uint8_t first[] = {0x01};
  EXPECT_EQ(b.bus.write(0x20, first), BusOutcome::kAck);
  const uint8_t second[] = {0x02};
  EXPECT_EQ(b.bus.write(0x20, second), BusOutcome::kBusError);
  EXPECT_EQ(b.t.writes, 1);
  // The tenth pulse (the failed recovery gave nine) frees it: the next START recovers.
  EXPECT_EQ(b.bus.write(0x20, second), BusOutcome::kAck);
  EXPECT_EQ(b.t.writes, 2);
}

TEST(RtlBus, SclSpikeInsideTheFilterChangesNothing) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // In the low time before bit 12, the fourth bit of the first data byte.
  rtl::inject_scl_glitch(*b.bus.bit_level(), {12, 40});
  const uint8_t frame[] = {0xA5, 0x5A};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
  EXPECT_EQ(b.s.now(), frame_ns(rtl::timing_for_rate(400000), 2));
}

TEST(RtlBus, WiderSclSpikeClocksAnExtraBitAndTheWriteIsNacked) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // The target counts nine bits in the first data byte: it acknowledges during the initiator's
  // eighth (a 0, so nothing collides) and is shifting the next byte at the initiator's ninth.
  rtl::inject_scl_glitch(*b.bus.bit_level(), {12, 200});
  const uint8_t frame[] = {0x00, 0x00};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kDataNack);
  EXPECT_EQ(b.t.writes, 0);
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, EarlyAcknowledgeOnASentOneIsReadBackAsLostArbitration) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // As above, but the initiator's eighth bit is a 1: the target's early acknowledge pulls it low.
  rtl::inject_scl_glitch(*b.bus.bit_level(), {12, 200});
  const uint8_t frame[] = {0x01, 0x00};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kArbitrationLost);
  EXPECT_EQ(b.t.writes, 0);
  // The target still holds SDA for its acknowledge; the next START's recovery clocks free it.
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
  EXPECT_EQ(b.t.writes, 1);
}

TEST(RtlBus, StretchAtABitWithinTheTimeoutDelaysTheTransfer) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  rtl::stretch_scl_at_bit(*b.bus.bit_level(), {12, 100 * kMicrosecond});
  const uint8_t frame[] = {7, 8};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
  const Nanoseconds plain = frame_ns(rtl::timing_for_rate(400000), 2);
  // The front end lets go once its busy input drops, then SCL rises through the synchronizer.
  EXPECT_GE(b.s.now(), plain + 100 * kMicrosecond);
  EXPECT_LT(b.s.now(), plain + 100 * kMicrosecond + kMicrosecond);
}

TEST(RtlBus, StretchAtABitPastTheTimeoutFailsAndFreesTheBus) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  rtl::stretch_scl_at_bit(*b.bus.bit_level(), {20, 40 * kMillisecond});
  const uint8_t frame[] = {7, 8};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kTimeout);
  EXPECT_EQ(b.t.writes, 0);
  EXPECT_GE(b.s.now(), I2cBus::kDefaultStretchTimeoutNs);
  EXPECT_LT(b.s.now(), 40 * kMillisecond);
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
}

TEST(RtlBus, StretchAimedPastTheLastBitIsNotCarriedIntoTheNextTransaction) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  rtl::stretch_scl_at_bit(*b.bus.bit_level(), {40, 40 * kMillisecond});
  const uint8_t shorter[] = {0x00};
  EXPECT_EQ(b.bus.write(0x20, shorter), BusOutcome::kAck);
  const uint8_t longer[] = {0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(b.bus.write(0x20, longer), BusOutcome::kAck);
}

TEST(RtlBus, MissingStopMakesTheNextStartARepeatedOne) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  LineConditions lines;
  lines.attach(*b.bus.bit_level());
  rtl::skip_next_stop(*b.bus.bit_level());
  const uint8_t first[] = {0x42};
  EXPECT_EQ(b.bus.write(0x20, first), BusOutcome::kAck);
  EXPECT_EQ(lines.starts, 1);
  EXPECT_EQ(lines.stops, 0);
  EXPECT_FALSE(lines.scl) << "the initiator keeps SCL low: the bus is still its own";
  // The model took the write at its last byte, STOP or not.
  EXPECT_EQ(b.t.writes, 1);
  b.s.advance_by(10 * kMillisecond);
  uint8_t out[2] = {};
  EXPECT_EQ(b.bus.read(0x20, out), BusOutcome::kAck);
  EXPECT_EQ(out[0], 0x11);
  EXPECT_EQ(lines.starts, 2);
  EXPECT_EQ(lines.stops, 1);
  EXPECT_TRUE(lines.scl && lines.sda);
}

TEST(RtlBus, ArbitrationLostToASecondInitiatorFreesTheBusForARetry) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  LineConditions lines;
  lines.attach(*b.bus.bit_level());
  std::vector<BusOutcome> outcomes;
  std::vector<size_t> delivered;
  b.bus.set_observer([&](const BusTransaction& tr) {
    outcomes.push_back(tr.outcome);
    delivered.push_back(tr.data.size());
  });
  // The first data byte has no 1; the second's first bit (bit 18) is where the other wins.
  rtl::lose_arbitration(*b.bus.bit_level(), {9});
  const uint8_t frame[] = {0x00, 0x80};
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kArbitrationLost);
  EXPECT_EQ(b.t.writes, 0);
  EXPECT_EQ(lines.stops, 1) << "the winner ends its transfer with a STOP";
  EXPECT_TRUE(lines.scl && lines.sda);
  EXPECT_EQ(b.bus.write(0x20, frame), BusOutcome::kAck);
  EXPECT_EQ(b.t.written, std::vector<uint8_t>(frame, frame + 2));
  EXPECT_EQ(b.t.writes, 1);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0], BusOutcome::kArbitrationLost);
  EXPECT_EQ(delivered[0], 1u) << "one byte went out whole before the loss";
}

TEST(RtlBus, ArbitrationCanBeLostOnTheNackEndingARead) {
  SKIP_WITHOUT_RTL();
  RtlBench b;
  // After the address the only 1 a reading initiator sends is the NACK after the last byte.
  rtl::lose_arbitration(*b.bus.bit_level(), {9});
  uint8_t out[2] = {};
  EXPECT_EQ(b.bus.read(0x20, out), BusOutcome::kArbitrationLost);
  EXPECT_EQ(b.bus.read(0x20, out), BusOutcome::kAck);
  EXPECT_EQ(out[1], 0x22);
}

TEST(RtlBus, TransactionBusHasNoRtlFaults) {
  Scheduler s;
  I2cBus bus(s, 400000);
  EXPECT_EQ(bus.bit_level(), nullptr);
  if (!rtl::rtl_bus_available()) {
    EXPECT_THROW(rtl::make_rtl_bus(s), BusLevelError);
  }
}

}  // namespace
}  // namespace kb::sim
