// The ATECC608A on the RTL bus wakes from the resolved SDA line (fact sheet B5.2): a low level of
// at least tWLO while asleep or idle wakes it on the rising edge, whoever drives the line; a
// shorter one does not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "simulator/atecc608a/timing.h"
#include "simulator/bench/bench.h"
#include "simulator/rtl/i2c_timing.h"
#include "simulator/rtl/rtl_bus.h"
#include "simulator/rtl/rtl_faults.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::hex;
using test_support::kAddress;

#define SKIP_WITHOUT_RTL() \
  if (!rtl::rtl_bus_available()) GTEST_SKIP() << "built without Verilator"

// Another device on the bus that acknowledges everything.
class Acker : public I2cTarget {
 public:
  bool accept_write() override { return true; }
  size_t on_write(std::span<const uint8_t> data) override { return data.size(); }
  bool accept_read() override { return true; }
  void on_read(std::span<uint8_t> out) override { std::fill(out.begin(), out.end(), uint8_t{0xFF}); }
};

// The SDA low runs the wires carried, as a logic analyser would measure them.
struct SdaRuns {
  std::vector<SdaLowRun> runs;
  bool sda = true;
  void attach(I2cBus& bus) {
    bus.bit_level()->set_line_observer([this](Nanoseconds at, bool, bool new_sda) {
      if (sda && !new_sda) runs.push_back({at, at});
      if (!sda && new_sda) runs.back().to_ns = at;
      sda = new_sda;
    });
  }
  SdaLowRun longest() const {
    SdaLowRun best{0, 0};
    for (const SdaLowRun& r : runs) {
      if (r.to_ns - r.from_ns > best.to_ns - best.from_ns) best = r;
    }
    return best;
  }
};

struct AteccOnRtl {
  explicit AteccOnRtl(uint32_t rate_hz) : b(rate_hz) {
    // As a bench does it: the chip reads SDA off the lines, not off the transactions' wire views.
    b.bus.set_bit_level(rtl::make_rtl_bus(b.scheduler));
    b.bus.remove_wire_listener(&b.chip);
    rtl::add_sda_watcher(*b.bus.bit_level(), &b.chip);
    lines.attach(b.bus);
  }
  AteccOnBus b;
  SdaRuns lines;
};

TEST(AteccRtlWake, GeneralCallAt100kHzWakesOnTheRisingEdgeOfSda) {
  SKIP_WITHOUT_RTL();
  AteccOnRtl r(100000);
  ASSERT_EQ(r.b.bus.write(0x00, hex("00")), BusOutcome::kAddressNack);
  // START, eight zero bits, and the released acknowledge: SDA rises in the ninth bit's low time.
  const SdaLowRun pulse = r.lines.longest();
  const rtl::I2cTiming t = rtl::timing_for_rate(100000);
  EXPECT_EQ(pulse.to_ns - pulse.from_ns, t.hd_sta + 8 * t.period + t.hd_dat);
  ASSERT_EQ(r.b.chip.power(), Atecc608a::Power::kAwake);
  EXPECT_EQ(r.b.chip.ready_at(), pulse.to_ns + kWakeHighNs);
  EXPECT_EQ(r.b.chip.watchdog_at(), pulse.to_ns + kWatchdogNs);
  std::vector<uint8_t> token(4);
  r.b.scheduler.advance_to(pulse.to_ns + kWakeHighNs - 100 * kMicrosecond);
  EXPECT_EQ(r.b.bus.read(kAddress, token), BusOutcome::kAddressNack) << "not before tWHI";
  r.b.scheduler.advance_to(pulse.to_ns + kWakeHighNs);
  ASSERT_EQ(r.b.bus.read(kAddress, token), BusOutcome::kAck);
  EXPECT_EQ(token, hex("04 11 33 43"));
}

TEST(AteccRtlWake, PulsesShorterThanTwloDoNotWake) {
  SKIP_WITHOUT_RTL();
  // The general call's low run grows with the bit period: it crosses tWLO between 130 and 140 kHz.
  Nanoseconds closest_short = 0;
  Nanoseconds closest_long = kWakeHighNs;
  for (uint32_t rate = 120000; rate <= 160000; rate += 2000) {
    SCOPED_TRACE(rate);
    AteccOnRtl r(rate);
    ASSERT_EQ(r.b.bus.write(0x00, hex("00")), BusOutcome::kAddressNack);
    const SdaLowRun pulse = r.lines.longest();
    const Nanoseconds low = pulse.to_ns - pulse.from_ns;
    if (low >= kWakeLowNs) {
      closest_long = std::min(closest_long, low);
      EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kAwake) << low << " ns low";
      EXPECT_EQ(r.b.chip.ready_at(), pulse.to_ns + kWakeHighNs);
    } else {
      closest_short = std::max(closest_short, low);
      EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kSleep) << low << " ns low";
      r.b.scheduler.advance_by(2 * kMillisecond);
      std::vector<uint8_t> token(4);
      EXPECT_EQ(r.b.bus.read(kAddress, token), BusOutcome::kAddressNack) << low << " ns low";
    }
  }
  // Both sides of the threshold were tried, each within a bit period of it.
  EXPECT_GT(closest_short, kWakeLowNs - 2 * kMicrosecond);
  EXPECT_LT(closest_long, kWakeLowNs + 2 * kMicrosecond);
}

TEST(AteccRtlWake, FastModeGeneralCallIsTooShort) {
  SKIP_WITHOUT_RTL();
  AteccOnRtl r(400000);
  ASSERT_EQ(r.b.bus.write(0x00, hex("00")), BusOutcome::kAddressNack);
  EXPECT_LT(r.lines.longest().to_ns - r.lines.longest().from_ns, kWakeLowNs);
  EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kSleep);
}

// What the transaction view cannot show: a stuck device holding SDA low after a STOP.
TEST(AteccRtlWake, SdaHeldLowByAnotherDeviceWakesOnlyWhenLongEnough) {
  SKIP_WITHOUT_RTL();
  for (const Nanoseconds hold : {40 * kMicrosecond, 100 * kMicrosecond}) {
    SCOPED_TRACE(hold);
    AteccOnRtl r(400000);
    Acker other;
    r.b.bus.attach(0x20, &other);
    rtl::hold_sda_low_after_stop(*r.b.bus.bit_level(), rtl::SdaHoldAfterStop{hold, 0});
    ASSERT_EQ(r.b.bus.write(0x20, hex("FF")), BusOutcome::kAck);
    EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kSleep) << "the transaction itself is too short";
    r.b.scheduler.advance_by(kMillisecond);
    // The next START finds the line released again.
    ASSERT_EQ(r.b.bus.write(0x20, hex("FF")), BusOutcome::kAck);
    const SdaLowRun held = r.lines.longest();
    EXPECT_EQ(held.to_ns - held.from_ns, hold);
    if (hold >= kWakeLowNs) {
      ASSERT_EQ(r.b.chip.power(), Atecc608a::Power::kAwake);
      EXPECT_EQ(r.b.chip.ready_at(), held.to_ns + kWakeHighNs);
    } else {
      EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kSleep);
    }
  }
}

TEST(AteccRtlWake, IdleAndSleepFollowTheWires) {
  SKIP_WITHOUT_RTL();
  AteccOnRtl r(100000);
  ASSERT_EQ(r.b.wake(), hex("04 11 33 43"));
  // At 100 kHz the idle command's address C0 and its acknowledge hold SDA low for 70 us, but
  // before the idle took effect: the chip stays idle.
  ASSERT_EQ(r.b.idle(), BusOutcome::kAck);
  EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kIdle);
  ASSERT_EQ(r.b.wake(), hex("04 11 33 43"));
  ASSERT_EQ(r.b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kSleep);
  ASSERT_EQ(r.b.wake(), hex("04 11 33 43"));
  EXPECT_EQ(r.b.chip.power(), Atecc608a::Power::kAwake);
}

// A bench wires the chip to the lines of an RTL bus whichever way the bus got there (the fixture's
// level, or a move after the devices were added), and back to the wire view on the transaction level.
TEST(AteccRtlWake, BenchWiresTheChipToTheLinesOfItsBus) {
  SKIP_WITHOUT_RTL();
  // 400 kHz traffic is too short to wake the chip; a device holding SDA for 100 us after it is not.
  const auto held_low_wakes = [](Bench& bench) {
    rtl::hold_sda_low_after_stop(*bench.bus().bit_level(), rtl::SdaHoldAfterStop{100 * kMicrosecond, 0});
    EXPECT_EQ(bench.bus().write(0x20, hex("FF")), BusOutcome::kAddressNack);
    bench.scheduler().advance_by(kMillisecond);
    EXPECT_EQ(bench.bus().write(0x20, hex("FF")), BusOutcome::kAddressNack);
    return bench.first<Atecc608a>()->power() == Atecc608a::Power::kAwake;
  };
  nlohmann::json fixture = {{"bus", {{"rate_hz", 400000}, {"level", "rtl"}}},
                            {"devices", {{{"name", "atecc"}, {"type", "atecc608a"}, {"address", "0x60"}}}}};
  EXPECT_TRUE(held_low_wakes(*Bench::from_json(fixture, "<rtl fixture>")));
  fixture["bus"].erase("level");
  auto moved = Bench::from_json(fixture, "<moved to rtl>");
  moved->set_bus_level(BusLevel::kRtl);
  EXPECT_TRUE(held_low_wakes(*moved));
  auto back = Bench::from_json(fixture, "<moved back>");
  back->set_bus_level(BusLevel::kRtl);
  back->set_bus_level(BusLevel::kTransaction);
  back->bus().set_rate_hz(100000);
  EXPECT_EQ(back->bus().write(0x00, {}), BusOutcome::kAddressNack);
  EXPECT_EQ(back->first<Atecc608a>()->power(), Atecc608a::Power::kAwake) << "the general call's wire view woke it";
}

}  // namespace
}  // namespace kb::sim::atecc608a
