// VCD waveforms of the RTL bus, read back and decoded edge by edge.
#include "simulator/trace/vcd.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(dump.signals, (std::vector<std::string>{"scl", "sda"}));
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

TEST(Vcd, TransactionLevelBusHasNoWaveform) {
  Scheduler s;
  I2cBus bus(s, 400000);
  EXPECT_THROW(VcdRecorder{bus}, BusLevelError);
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
