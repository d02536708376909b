#pragma once
// The `sim` HAL backend: the host's bus, clock and power line reach an in-process bench.
#include "hal/clock.h"
#include "hal/i2c_initiator.h"
#include "hal/power_line.h"
#include "simulator/bench/bench.h"

namespace kb::hal::sim {

class SimI2cInitiator final : public I2cInitiator {
 public:
  explicit SimI2cInitiator(kb::sim::Bench& bench) : bench_(bench) {}

 private:
  I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  // The bench's bus takes the new rate from its next transaction on, so bit times (and a wake
  // pulse's length) follow it; a rate the bus cannot run at is kUnsupported and changes nothing.
  I2cResult do_set_rate_hz(uint32_t hz) override;
  kb::sim::Bench& bench_;
};

// Sleeping advances the bench's virtual time, so devices finish their work while the host waits.
class SimClock final : public Clock {
 public:
  explicit SimClock(kb::sim::Bench& bench) : bench_(bench) {}
  uint64_t now_ns() const override { return bench_.scheduler().now(); }
  void sleep_ns(uint64_t ns) override { bench_.scheduler().advance_by(ns); }

 private:
  kb::sim::Bench& bench_;
};

// cut() drops every device's volatile state and silences the bus until restore().
class SimPowerLine final : public PowerLine {
 public:
  explicit SimPowerLine(kb::sim::Bench& bench) : bench_(bench) {}
  PowerResult cut() override;
  PowerResult restore() override;

 private:
  kb::sim::Bench& bench_;
};

}  // namespace kb::hal::sim
