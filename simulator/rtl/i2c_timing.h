#pragma once
// I2C timing from the I2C-bus specification (NXP UM10204 rev. 7, table 10, minimum values), the
// parts the bit-level initiator drives: START hold, STOP setup, repeated-START setup, bus free
// time between STOP and START, and the low and high periods of SCL.
#include <cstdint>
#include <string_view>

#include "simulator/time/scheduler.h"

namespace kb::sim::rtl {

struct I2cTiming {
  std::string_view mode;  // "standard-mode", "fast-mode", "fast-mode plus"
  Nanoseconds period;     // one SCL cycle at the bus rate
  Nanoseconds hd_sta;     // tHD;STA: SDA low to SCL low at a (repeated) START
  Nanoseconds su_sta;     // tSU;STA: SCL high to SDA low at a repeated START
  Nanoseconds su_sto;     // tSU;STO: SCL high to SDA high at a STOP
  Nanoseconds buf;        // tBUF: bus free between a STOP and the next START
  Nanoseconds low;        // SCL low part of one cycle (>= tLOW)
  Nanoseconds high;       // SCL high part of one cycle (>= tHIGH)
  Nanoseconds hd_dat;     // where in the low part the initiator changes SDA
};

// The mode is the slowest one that allows the rate (<= 100 kHz standard, <= 400 kHz fast,
// <= 1 MHz fast plus); the spare part of the period beyond tLOW + tHIGH is shared between them in
// proportion. Throws std::invalid_argument above 1 MHz (high-speed mode is not modelled).
I2cTiming timing_for_rate(uint32_t rate_hz);

}  // namespace kb::sim::rtl
