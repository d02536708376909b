// The RTL bus in a build without Verilator: refused with the reason.
#include "simulator/rtl/rtl_bus.h"
#include "simulator/rtl/rtl_faults.h"

namespace kb::sim::rtl {

bool rtl_bus_available() {
  return false;
}

std::unique_ptr<I2cBitLevel> make_rtl_bus(Scheduler&) {
  throw BusLevelError(
      "the RTL bus is not in this build: it was configured without Verilator 5 or with -DKEYBENCH_RTL=OFF "
      "(install Verilator, e.g. tools/setup-debian.sh, and configure again)");
}

void add_sda_watcher(I2cBitLevel&, SdaWatcher*) {
  throw BusLevelError("only the RTL bus has SDA lines to watch (--bus rtl), which is not in this build");
}

void inject_sda_glitch(I2cBitLevel&, const SdaGlitch&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void hold_sda_low(I2cBitLevel&, const SdaHold&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void hold_sda_low_after_stop(I2cBitLevel&, const SdaHoldAfterStop&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void inject_scl_glitch(I2cBitLevel&, const SclGlitch&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void stretch_scl_at_bit(I2cBitLevel&, const SclStretch&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void skip_next_stop(I2cBitLevel&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

void lose_arbitration(I2cBitLevel&, const ArbitrationLoss&) {
  throw BusLevelError("this fault needs the RTL bus (--bus rtl), which is not in this build");
}

}  // namespace kb::sim::rtl
