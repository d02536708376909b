#pragma once
#include "hal/clock.h"
#include "hal/console.h"
#include "hal/crypto.h"
#include "hal/i2c_initiator.h"
#include "hal/power_line.h"
#include "hal/register_bus.h"

namespace kb::hal {

// Everything an application may touch. A backend (sim, linux, remote, nrf) fills it in;
// registers is null where there is no memory-mapped target.
struct Platform {
  I2cInitiator& i2c;
  Clock& clock;
  PowerLine& power;
  Crypto& crypto;
  Console& console;
  RegisterBus* registers = nullptr;
};

}  // namespace kb::hal
