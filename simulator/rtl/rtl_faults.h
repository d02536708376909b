#pragma once
// Faults only the RTL bus can express (fault-plan actions "sda_glitch" and "sda_hold_low").
#include <cstdint>

#include "simulator/bus/i2c_bit_level.h"

namespace kb::sim::rtl {

// A spike on SDA in the middle of one SCL-high time of the current transaction: bit `at_bit`
// counted from 0 at the transaction's first address bit (9 per byte, acknowledge included).
struct SdaGlitch {
  uint64_t at_bit = 0;
  Nanoseconds width_ns = 0;
  bool done = false;
};

// SDA pulled low by a stuck target until virtual time until_ns, or (clocks > 0) until it has
// seen that many SCL pulses.
struct SdaHold {
  Nanoseconds until_ns = 0;
  bool released = false;
  uint64_t clocks = 0;
};

// A hold that begins at the next STOP: for hold_ns, or (clocks > 0) until that many SCL pulses.
struct SdaHoldAfterStop {
  Nanoseconds hold_ns = 0;
  uint64_t clocks = 0;
};

struct RtlFaultState;

// Arms a fault on an RTL bus; throws BusLevelError when bus is not one.
void inject_sda_glitch(I2cBitLevel& bus, const SdaGlitch& glitch);
void hold_sda_low(I2cBitLevel& bus, const SdaHold& hold);
// A target pulls SDA low right after the current transaction's STOP, for hold_ns.
void hold_sda_low_after_stop(I2cBitLevel& bus, const SdaHoldAfterStop& hold);

}  // namespace kb::sim::rtl
