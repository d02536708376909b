#pragma once
// The board's RegisterBus: a 32-bit volatile load or store at the address itself. Only meaningful
// on the chip (secure mode for the KMU, UICR and NVMC).
#include <cstdint>

#include "hal/register_bus.h"

namespace kb::hal::nrf {

class MmioRegisterBus final : public RegisterBus {
 public:
  uint32_t read32(uint32_t address) override { return *reinterpret_cast<volatile const uint32_t*>(address); }
  void write32(uint32_t address, uint32_t value) override { *reinterpret_cast<volatile uint32_t*>(address) = value; }
};

}  // namespace kb::hal::nrf
