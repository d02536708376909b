// The keybench nRF5340 board image: one provisioning application run on the chip itself, with
// the platform's crypto and shadow-key derivation (board_services.h). Exit codes have nowhere to
// go on a board; the console says how it ended and the core idles.
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "firmware/provisioning_image/provisioning_image.h"
#include "hal/nrf/board_platform.h"
#include "hal/nrf/board_services.h"
#include "hal/nrf/dwt_clock.h"
#include "hal/nrf/mmio_register_bus.h"
#include "hal/nrf/uarte_console.h"

#ifndef KEYBENCH_BOARD_APP_PROVISIONING_IMAGE
#define KEYBENCH_BOARD_APP_PROVISIONING_IMAGE 0
#endif

__attribute__((weak)) const kb::hal::nrf::BoardCryptoServices* keybench_board_crypto_services() {
  return nullptr;
}

namespace {
constexpr uint32_t kCoreHz = 64000000;  // application core out of reset
}

// Called by Reset_Handler (startup.cc): C++ does not let code call main().
int keybench_board_main();

int keybench_board_main() {
  kb::hal::nrf::MmioRegisterBus registers;
  kb::hal::nrf::UarteConsole console(registers);
  kb::hal::nrf::DwtClock clock(registers, kCoreHz);
  kb::hal::nrf::NoI2cInitiator i2c;
  kb::hal::nrf::FixedSupply supply;

  const kb::hal::nrf::BoardCryptoServices* services = keybench_board_crypto_services();
  if (services == nullptr || services->crypto == nullptr || services->deriver == nullptr) {
    console.write("keybench: no platform crypto linked (see docs/board-build.md); halting\n");
    return 1;
  }
  kb::hal::Platform platform{i2c, clock, supply, *services->crypto, console, &registers};
  kb::fw::NrfTargetOptions target;
  target.deriver = services->deriver;

  kb::core::Status s;
  if constexpr (KEYBENCH_BOARD_APP_PROVISIONING_IMAGE != 0) {
    kb::fw::ProvisioningImageOptions o;
    o.target = target;
    s = kb::fw::run_provisioning_image(platform, o);
  } else {
    kb::fw::IdentityKeyGenerationOptions o;
    o.target = target;
    s = kb::fw::run_identity_key_generation(platform, o);
  }
  if (!s.ok()) {
    char why[128];
    console.print("keybench: stopped: %s\n", s.describe(why, sizeof why));
    return 1;
  }
  return 0;
}
