#pragma once
// The `sim` RegisterBus: 32-bit reads and writes reach the nRF5340 model on a bench. While the
// bench's supply is off nothing answers: reads are 0 and writes are lost.
#include <memory>

#include "hal/register_bus.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"

namespace kb::hal::sim {

class SimRegisterBus final : public RegisterBus {
 public:
  SimRegisterBus(kb::sim::Bench& bench, kb::sim::nrf::Nrf5340& chip) : bench_(bench), chip_(chip) {}
  // The bus to the bench's first nRF5340, or null when the bench has none.
  static std::unique_ptr<SimRegisterBus> attach(kb::sim::Bench& bench);

  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;

 private:
  kb::sim::Bench& bench_;
  kb::sim::nrf::Nrf5340& chip_;
};

}  // namespace kb::hal::sim
