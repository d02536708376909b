// VCD waveforms of the RTL bus and of the transaction-level bus, read back and decoded edge by edge.
#include "simulator/trace/vcd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "simulator/rtl/i2c_timing.h"
#include "simulator/rtl/rtl_bus.h"

namespace kb::sim::trace {
namespace {

class Sink : public I2cTarget {
 public:
  std::vector<uint8_t> written;
  bool accept_write() override { return true; }
  size_t on_write(std::span<const uint8_t> data) override {
    written.assign(data.begin(), data.end());
    return data.size();
  }
  bool accept_read() override { return true; }
  void on_read(std::span<uint8_t> out) override {
    for (auto& b : out) b = 0x3C;
  }
};

const std::vector<std::string> kSignals = {"scl",     "sda",     "byte[7]", "byte[6]", "byte[5]",
                                           "byte[4]", "byte[3]", "byte[2]", "byte[1]", "byte[0]"};

// What a logic analyser's I2C decoder makes of the edges: S, bits as '0'/'1' (9 per byte), P.
struct Decoded {
  std::string symbols;
  std::vector<uint64_t> scl_rises;
  std::vector<uint64_t> scl_falls;
  uint64_t start_at = 0;
  uint64_t stop_at = 0;
};

Decoded decode(const VcdDump& dump) {
  Decoded d;
  bool scl = true;
  bool sda = true;
  bool initial = true;
  uint64_t initial_time = 0;
  for (const VcdChange& c : dump.changes) {
    const bool v = c.value == '1';
    if (initial && c.time == initial_time && d.symbols.empty()) {
      // $dumpvars: the starting levels.
      if (c.signal == "scl") scl = v;
      if (c.signal == "sda") sda = v;
      if (c.signal == "sda") initial = false;
      continue;
    }
    if (c.signal == "scl") {
      if (v && !scl) {
        d.scl_rises.push_back(c.time);
        d.symbols += sda ? '1' : '0';
      }
      if (!v && scl) d.scl_falls.push_back(c.time);
      scl = v;
    } else if (c.signal == "sda") {
      if (scl && sda && !v) {
        d.symbols += 'S';
        d.start_at = c.time;
      }
      if (scl && !sda && v) {
        d.symbols += 'P';
        d.stop_at = c.time;
      }
      sda = v;
    }
  }
  return d;
}

TEST(Vcd, KnownFrameHasTheSpecificationsEdges) {
  if (!rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  Scheduler s;
  I2cBus bus(s, 400000);
  Sink sink;
  bus.attach(0x20, &sink);
  bus.set_bit_level(rtl::make_rtl_bus(s));
  VcdRecorder vcd(bus);
  const uint8_t frame[] = {0xA5};
  ASSERT_EQ(bus.write(0x20, frame), BusOutcome::kAck);
  const VcdDump dump = parse_vcd(vcd.text());
  EXPECT_EQ(dump.timescale, "1ns");
  EXPECT_EQ(dump.signals, kSignals);
  const Decoded d = decode(dump);
  // START, address 0x20 write (0x40), ACK, 0xA5, ACK, the STOP's clock with SDA low, STOP.
  EXPECT_EQ(d.symbols, "S0100000001010010100P");
  const rtl::I2cTiming t = rtl::timing_for_rate(400000);
  EXPECT_EQ(d.start_at, 0u);
  ASSERT_EQ(d.scl_rises.size(), 19u);  // 18 data and acknowledge clocks and the STOP's
  ASSERT_GE(d.scl_falls.size(), 19u);
  // tHD;STA from SDA falling to SCL falling, then one period per clock.
  EXPECT_EQ(d.scl_falls[0] - d.start_at, t.hd_sta);
  EXPECT_EQ(d.scl_rises[0] - d.scl_falls[0], t.low);
  for (size_t i = 1; i < 18; ++i) EXPECT_EQ(d.scl_rises[i] - d.scl_rises[i - 1], t.period) << i;
  // tSU;STO from the STOP's SCL rise to SDA rising.
  EXPECT_EQ(d.stop_at - d.scl_rises[18], t.su_sto);
  EXPECT_EQ(sink.written, std::vector<uint8_t>{0xA5});
}

TEST(Vcd, ReadShowsTheTargetDrivingSdaAndTheInitiatorsNack) {
  if (!rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  Scheduler s;
  I2cBus bus(s, 100000);
  Sink sink;
  bus.attach(0x20, &sink);
  bus.set_bit_level(rtl::make_rtl_bus(s));
  VcdRecorder vcd(bus);
  uint8_t out[2] = {};
  ASSERT_EQ(bus.read(0x20, out), BusOutcome::kAck);
  // Address 0x41 (read), ACK by the target, 0x3C ACK by the initiator, 0x3C NACK, STOP.
  EXPECT_EQ(decode(parse_vcd(vcd.text())).symbols, "S0100000100011110000011110010P");
}

// The values byte[7] .. byte[0] take together, in order; released values ('z') left out.
std::vector<std::string> byte_values(const VcdDump& dump) {
  std::string bits(8, 'z');
  std::vector<std::string> values;
  bool changed = false;
  for (size_t i = 0; i < dump.changes.size(); ++i) {
    const VcdChange& c = dump.changes[i];
    if (c.signal.rfind("byte[", 0) == 0) {
      const int bit = c.signal[5] - '0';
      bits[static_cast<size_t>(7 - bit)] = c.value;
      changed = true;
    }
    const bool last_at_time = i + 1 == dump.changes.size() || dump.changes[i + 1].time != c.time;
    if (last_at_time && changed) {
      if (bits.find('z') == std::string::npos) values.push_back(bits);
      changed = false;
    }
  }
  return values;
}

TEST(Vcd, TransactionLevelBusGetsSynthesizedEdgesAtItsBitTime) {
  Scheduler s;
  I2cBus bus(s, 400000);
  Sink sink;
  bus.attach(0x20, &sink);
  VcdRecorder vcd(bus);
  EXPECT_TRUE(vcd.synthesized());
  const uint8_t frame[] = {0xA5};
  ASSERT_EQ(bus.write(0x20, frame), BusOutcome::kAck);
  const VcdDump dump = parse_vcd(vcd.text());
  EXPECT_EQ(dump.signals, kSignals);
  const Decoded d = decode(dump);
  // The same symbols a logic analyser reads off the RTL bus for this frame.
  EXPECT_EQ(d.symbols, "S0100000001010010100P");
  const uint64_t bit = bus.bit_time_ns();
  ASSERT_EQ(d.scl_rises.size(), 19u);
  for (size_t i = 1; i < d.scl_rises.size(); ++i) EXPECT_EQ(d.scl_rises[i] - d.scl_rises[i - 1], bit) << i;
  // START and STOP fall inside the transaction's own time: 1 + 18 + 1 bit-times.
  EXPECT_EQ(d.start_at, bit / 2);
  EXPECT_LT(d.stop_at, 20 * bit);
  EXPECT_EQ(s.now(), 20 * bit);
  EXPECT_EQ(byte_values(dump), (std::vector<std::string>{"01000000", "10100101"}));
}

TEST(Vcd, SynthesizedWriteReadHasARepeatedStartAndTheReadBytes) {
  Scheduler s;
  I2cBus bus(s, 100000);
  Sink sink;
  bus.attach(0x20, &sink);
  VcdRecorder vcd(bus);
  const uint8_t tx[] = {0x14};
  uint8_t rx[1] = {};
  ASSERT_EQ(bus.write_read(0x20, tx, rx), BusOutcome::kAck);
  const VcdDump dump = parse_vcd(vcd.text());
  // Write 0x40 ACK, 0x14 ACK, repeated START, read 0x41 ACK, 0x3C NACK (the last byte read), STOP.
  EXPECT_EQ(decode(dump).symbols, "S0100000000001010001S0100000100011110010P");
  EXPECT_EQ(byte_values(dump), (std::vector<std::string>{"01000000", "00010100", "01000001", "00111100"}));
}

TEST(Vcd, SynthesizedAddressNackShowsTheReleasedAcknowledge) {
  Scheduler s;
  I2cBus bus(s, 400000);
  VcdRecorder vcd(bus);
  const uint8_t frame[] = {0x01};
  ASSERT_EQ(bus.write(0x33, frame), BusOutcome::kAddressNack);
  EXPECT_EQ(decode(parse_vcd(vcd.text())).symbols,
            "S011001101"
            "0P");
}

TEST(Vcd, ByteSignalsDecodeTheRtlLines) {
  if (!rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator";
  Scheduler s;
  I2cBus bus(s, 400000);
  Sink sink;
  bus.attach(0x20, &sink);
  bus.set_bit_level(rtl::make_rtl_bus(s));
  VcdRecorder vcd(bus);
  EXPECT_FALSE(vcd.synthesized());
  // Two equal bytes in a row stay two values.
  const uint8_t frame[] = {0x14, 0x11, 0x11};
  ASSERT_EQ(bus.write(0x20, frame), BusOutcome::kAck);
  const VcdDump dump = parse_vcd(vcd.text());
  EXPECT_EQ(byte_values(dump), (std::vector<std::string>{"01000000", "00010100", "00010001", "00010001"}));
  // Released after the last byte.
  const auto last = std::find_if(dump.changes.rbegin(), dump.changes.rend(),
                                 [](const VcdChange& c) { return c.signal == "byte[0]"; });
  ASSERT_NE(last, dump.changes.rend());
  EXPECT_EQ(last->value, 'z');
}

TEST(Vcd, ByteValueSpansItsEightDataBits) {
  Scheduler s;
  I2cBus bus(s, 400000);
  Sink sink;
  bus.attach(0x20, &sink);
  VcdRecorder vcd(bus);
  const uint8_t frame[] = {0xFF};
  ASSERT_EQ(bus.write(0x20, frame), BusOutcome::kAck);
  const VcdDump dump = parse_vcd(vcd.text());
  const uint64_t bit = bus.bit_time_ns();
  // byte[7] of 0xFF: set at the SCL fall that begins the data byte (START + 9 bits), released at the
  // fall that begins its acknowledge, 8 bit-times later.
  std::vector<std::pair<uint64_t, char>> msb;
  for (const VcdChange& c : dump.changes) {
    if (c.signal == "byte[7]" && c.time > 0) msb.emplace_back(c.time, c.value);
  }
  // Address 0x40: its MSB 0 from the first SCL fall, released at its acknowledge; then 0xFF's.
  const std::vector<std::pair<uint64_t, char>> expected = {
      {bit, '0'}, {9 * bit, 'z'}, {10 * bit, '1'}, {18 * bit, 'z'}};
  EXPECT_EQ(msb, expected);
}

TEST(Vcd, ReaderNamesTheLineItCannotRead) {
  const std::string text = "$timescale 1ns $end\n$var wire 1 ! scl $end\n$enddefinitions $end\n#0\n1!\n#5\nq!\n";
  try {
    (void)parse_vcd(text);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 7"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_vcd("$var wire 1 ! scl $end\n"), std::runtime_error);
}

}  // namespace
}  // namespace kb::sim::trace
