// The keybench nRF5340 board image: one provisioning application (apps/, board_app.h) run on the
// chip itself, with the platform's crypto and shadow-key derivation (board_services.h). Images of
// the secure-element flows reach their chip through the TWIM; the nRF key flows need no bus. Exit
// codes have nowhere to go on a board; the console says how it ended and the core idles.
#include <cstdint>
#include <span>

#include "hal/nrf/board/board_app.h"
#include "hal/nrf/board_platform.h"
#include "hal/nrf/board_services.h"
#include "hal/nrf/dwt_clock.h"
#include "hal/nrf/mmio_register_bus.h"
#include "hal/nrf/uarte_console.h"

#ifndef KEYBENCH_BOARD_I2C
#define KEYBENCH_BOARD_I2C 0
#endif

#if KEYBENCH_BOARD_I2C
#include "core/stsafe/frame.h"
#include "hal/nrf/twim_i2c_initiator.h"
#endif

__attribute__((weak)) const kb::hal::nrf::BoardCryptoServices* keybench_board_crypto_services() {
  return nullptr;
}

namespace {
constexpr uint32_t kCoreHz = 64000000;  // application core out of reset

#if KEYBENCH_BOARD_I2C
// EasyDMA's RAM (.bss): the largest STSAFE-A120 command and response frames each fit; ATECC608A
// packets are far smaller.
constexpr size_t kTwimDmaBytes = 1024;
static_assert(kTwimDmaBytes >= kb::core::stsafe::kMaxCommandWireBytes);
static_assert(kTwimDmaBytes >= kb::core::stsafe::kMaxResponseWireBytes);
alignas(4) uint8_t twim_dma[kTwimDmaBytes];

kb::hal::nrf::TwimDmaBuffer twim_dma_buffer() {
  // On the chip a RAM address is what EasyDMA takes.
  return {std::span<uint8_t>(twim_dma), static_cast<uint32_t>(reinterpret_cast<uintptr_t>(twim_dma))};
}
#endif
}  // namespace

// Called by Reset_Handler (startup.cc): C++ does not let code call main().
int keybench_board_main();

int keybench_board_main() {
  kb::hal::nrf::MmioRegisterBus registers;
  kb::hal::nrf::UarteConsole console(registers);
  kb::hal::nrf::DwtClock clock(registers, kCoreHz);
#if KEYBENCH_BOARD_I2C
  kb::hal::nrf::TwimI2cInitiator i2c(registers, clock, twim_dma_buffer());
#else
  kb::hal::nrf::NoI2cInitiator i2c;
#endif
  kb::hal::nrf::FixedSupply supply;

  const kb::hal::nrf::BoardCryptoServices* services = keybench_board_crypto_services();
  if (services == nullptr || services->crypto == nullptr ||
      (keybench_board_app_needs_deriver && services->deriver == nullptr)) {
    console.write("keybench: no platform crypto linked (see docs/board-build.md); halting\n");
    return 1;
  }
  kb::hal::Platform platform{i2c, clock, supply, *services->crypto, console, &registers};
  const kb::core::Status s = keybench_board_app(platform, *services);
  if (!s.ok()) {
    char why[128];
    console.print("keybench: stopped: %s\n", s.describe(why, sizeof why));
    return 1;
  }
  return 0;
}
