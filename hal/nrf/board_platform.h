#pragma once
// The parts of a hal::Platform an nRF5340 board has no use for in the key flows: no I2C bus is
// wired to a secure element, and the supply cannot be switched.
#include "hal/i2c_initiator.h"
#include "hal/power_line.h"

namespace kb::hal::nrf {

class NoI2cInitiator final : public I2cInitiator {
 private:
  I2cResult do_transfer(uint8_t, std::span<const uint8_t>, std::span<uint8_t>) override {
    return I2cResult::kAddressNack;
  }
};

class FixedSupply final : public PowerLine {
 public:
  PowerResult cut() override { return PowerResult::kUnsupported; }
  PowerResult restore() override { return PowerResult::kUnsupported; }
};

}  // namespace kb::hal::nrf
