#pragma once
// Waits on a register condition without spinning forever: a board can hang on a peripheral that
// never answers, and a simulated one advances its virtual time only while the host sleeps.
#include <cstdint>

#include "hal/clock.h"

namespace kb::core::nrf {

template <typename Done>
bool poll_until(hal::Clock& clock, uint32_t budget_us, uint32_t step_us, Done done) {
  for (uint32_t waited = 0;; waited += step_us) {
    if (done()) return true;
    if (waited >= budget_us) return false;
    clock.sleep_us(step_us);
  }
}

}  // namespace kb::core::nrf
