#pragma once
// Host-side decorators that put every bus transaction of a flow through a TransactionTap: the I2C
// initiator (STSAFE flows) and the 32-bit register bus (nRF flows, whose "bus" is the CPU's).
#include "hal/i2c_initiator.h"
#include "hal/register_bus.h"
#include "tools/campaign/transaction_tap.h"

namespace kb::tools::campaign {

class TappedI2c final : public hal::I2cInitiator {
 public:
  TappedI2c(hal::I2cInitiator& inner, TransactionTap& tap) : inner_(inner), tap_(tap) {}

 private:
  hal::I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  // Passed straight through: a rate change is no bus transaction, so it is no cut point either.
  hal::I2cResult do_set_rate_hz(uint32_t hz) override { return inner_.set_rate_hz(hz); }
  hal::I2cInitiator& inner_;
  TransactionTap& tap_;
};

class TappedRegisterBus final : public hal::RegisterBus {
 public:
  TappedRegisterBus(hal::RegisterBus& inner, TransactionTap& tap) : inner_(inner), tap_(tap) {}
  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;

 private:
  hal::RegisterBus& inner_;
  TransactionTap& tap_;
};

}  // namespace kb::tools::campaign
