#pragma once
// Faults only the RTL bus can express (fault-plan actions "sda_glitch", "sda_hold_low",
// "scl_glitch", "stretch_timeout", "missing_stop" and "arbitration_loss").
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

// A spike on SCL in the middle of the SCL-low time before bit `at_bit` (counted like SdaGlitch),
// after the initiator has set SDA for that bit. Past the spike filter the target clocks an extra bit.
struct SclGlitch {
  uint64_t at_bit = 0;
  Nanoseconds width_ns = 0;
};

// The addressed target holds SCL low for stretch_ns in the SCL-low time before bit `at_bit` (through
// its busy input, so the front end itself stretches).
struct SclStretch {
  uint64_t at_bit = 0;
  Nanoseconds stretch_ns = 0;
};

// A second initiator drives SDA low through the first bit from `at_bit` on where ours sends 1 (an
// address or write-data bit, or the NACK after a read's last byte). Having won, it ends its own
// transfer with a STOP; what it sent is not modelled.
struct ArbitrationLoss {
  uint64_t at_bit = 0;
};

struct RtlFaultState;

// Arms a fault on an RTL bus; throws BusLevelError when bus is not one.

// Arms a fault on an RTL bus; throws BusLevelError when bus is not one.
void inject_sda_glitch(I2cBitLevel& bus, const SdaGlitch& glitch);
void hold_sda_low(I2cBitLevel& bus, const SdaHold& hold);
// A target pulls SDA low right after the current transaction's STOP, for hold_ns.
void hold_sda_low_after_stop(I2cBitLevel& bus, const SdaHoldAfterStop& hold);
void inject_scl_glitch(I2cBitLevel& bus, const SclGlitch& glitch);
void stretch_scl_at_bit(I2cBitLevel& bus, const SclStretch& stretch);
// The current transaction ends without its STOP; the next one begins with a repeated START.
void skip_next_stop(I2cBitLevel& bus);
void lose_arbitration(I2cBitLevel& bus, const ArbitrationLoss& loss);

}  // namespace kb::sim::rtl
