#pragma once
// The RTL bus: the Verilated I2C target front end (simulator/rtl/i2c_target.sv), one instance per
// device, on SCL and SDA driven by a bit-level initiator. Both lines are open drain and resolved
// in C++ as a wired AND (Verilator has no real tristate). Each front end hands whole bytes to an
// adapter that talks to the device model through its ordinary I2cTarget interface, so the models
// run unchanged.
//
// The front ends sample at 50 MHz. Cycles in which nothing can change (lines stable for longer
// than the synchronizer and the spike filter take, no handshake pending) are skipped, which is
// exact for this design: it has no free-running counters.
#include <memory>

#include "simulator/bus/i2c_bit_level.h"
#include "simulator/bus/sda_watcher.h"

namespace kb::sim::rtl {

// Whether this build has the RTL bus (Verilator was found at configure time).
bool rtl_bus_available();

inline constexpr Nanoseconds kSampleClockNs = 20;  // the front end's sampling clock: 50 MHz
inline constexpr Nanoseconds kSpikeFilterNs = 50;  // spike suppression (UM10204 tSP)

// Throws BusLevelError when the build has no RTL bus.
std::unique_ptr<I2cBitLevel> make_rtl_bus(Scheduler& scheduler);

// From now on the watcher sees every change of the resolved SDA line of this RTL bus (it is not
// owned); throws BusLevelError when bus is not one.
void add_sda_watcher(I2cBitLevel& bus, SdaWatcher* watcher);

}  // namespace kb::sim::rtl
