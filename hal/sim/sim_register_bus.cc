#include "hal/sim/sim_register_bus.h"

namespace kb::hal::sim {

std::unique_ptr<SimRegisterBus> SimRegisterBus::attach(kb::sim::Bench& bench) {
  auto* chip = bench.first<kb::sim::nrf::Nrf5340>();
  if (chip == nullptr) return nullptr;
  return std::make_unique<SimRegisterBus>(bench, *chip);
}

uint32_t SimRegisterBus::read32(uint32_t address) {
  if (!bench_.powered()) return 0;
  return chip_.read32(address);
}

void SimRegisterBus::write32(uint32_t address, uint32_t value) {
  if (!bench_.powered()) return;
  chip_.write32(address, value);
}

}  // namespace kb::hal::sim
