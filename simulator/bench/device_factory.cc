#include "simulator/atecc608a/atecc608a.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::sim {

std::unique_ptr<Device> make_device(const JsonView& type, Scheduler& scheduler) {
  switch (type.as_choice({"stsafe-a120", "nrf5340", "atecc608a", "mcu-flash"})) {
    case 0: return std::make_unique<stsafe_a120::Stsafe>(scheduler);
    case 1: return std::make_unique<nrf::Nrf5340>(scheduler);
    case 2: return std::make_unique<atecc608a::Atecc608a>(scheduler);
    case 3: (void)scheduler; return std::make_unique<mcu::McuFlash>();
  }
  type.fail("unknown device type");
}

}  // namespace kb::sim
