#pragma once
// The board's Clock: the Cortex-M33 DWT cycle counter (ARMv8-M architecture registers), extended
// to 64 bits. The 32-bit counter wraps every 2^32 cycles (67 s at 64 MHz), so now_ns() must be
// called at least that often for the extension to hold; sleeping polls it.
#include <cstdint>

#include "hal/clock.h"
#include "hal/register_bus.h"

namespace kb::hal::nrf {

class DwtClock final : public Clock {
 public:
  // Enables the counter (DEMCR.TRCENA, DWT_CTRL.CYCCNTENA). core_hz: the CPU clock, 64 MHz on the
  // nRF5340 application core out of reset.
  DwtClock(RegisterBus& bus, uint32_t core_hz);
  uint64_t now_ns() const override;
  void sleep_ns(uint64_t ns) override;

 private:
  uint64_t cycles() const;
  RegisterBus& bus_;
  uint32_t core_hz_;
  mutable uint32_t last_ = 0;
  mutable uint64_t high_ = 0;
};

}  // namespace kb::hal::nrf
