#include "hal/sim/sim_backend.h"

#include <stdexcept>

namespace kb::hal::sim {

namespace {
I2cResult to_hal(kb::sim::BusOutcome o) {
  switch (o) {
    case kb::sim::BusOutcome::kAck: return I2cResult::kOk;
    case kb::sim::BusOutcome::kAddressNack: return I2cResult::kAddressNack;
    case kb::sim::BusOutcome::kDataNack: return I2cResult::kDataNack;
    case kb::sim::BusOutcome::kBusError: return I2cResult::kBusError;
    case kb::sim::BusOutcome::kTimeout: return I2cResult::kTimeout;
    case kb::sim::BusOutcome::kArbitrationLost: return I2cResult::kArbitrationLost;
  }
  return I2cResult::kBusError;
}
}  // namespace

I2cResult SimI2cInitiator::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  auto& bus = bench_.bus();
  if (!bench_.powered()) {
    // Nobody drives the bus while the supply is off: the address phase goes unanswered.
    bench_.scheduler().advance_by(11 * bus.bit_time_ns());
    return I2cResult::kAddressNack;
  }
  if (!tx.empty() && !rx.empty()) return to_hal(bus.write_read(address7, tx, rx));
  if (!rx.empty()) return to_hal(bus.read(address7, rx));
  return to_hal(bus.write(address7, tx));
}

I2cResult SimI2cInitiator::do_set_rate_hz(uint32_t hz) {
  try {
    bench_.bus().set_rate_hz(hz);
  } catch (const std::invalid_argument&) {
    return I2cResult::kUnsupported;
  }
  return I2cResult::kOk;
}

PowerResult SimPowerLine::cut() {
  bench_.power_off();
  return PowerResult::kOk;
}

PowerResult SimPowerLine::restore() {
  bench_.power_on();
  return PowerResult::kOk;
}

}  // namespace kb::hal::sim
