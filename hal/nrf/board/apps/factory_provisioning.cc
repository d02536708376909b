// The Mbed Crypto factory provisioning reference on the board: the PSA core (Mbed TLS 2.28,
// cross-built from the same sources as on the host) with the ATECC608A driver, the chip at 0x60 on
// the TWIM, and the key store's internal trusted storage in the last two pages of the application
// core's flash (nrf5340_app.ld keeps the image out of them), programmed through the NVMC.
#include <cstdint>

#include "core/its/flash_its.h"
#include "core/nrf/nvmc.h"
#include "core/nrf/nvmc_flash_region.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "hal/nrf/board/board_app.h"

extern "C" const uint8_t __keybench_its_start__[];
extern "C" const uint8_t __keybench_its_end__[];

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices&) {
  if (platform.registers == nullptr) return kb::core::Code::kUnsupported;
  const auto start = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(__keybench_its_start__));
  const auto size = static_cast<size_t>(__keybench_its_end__ - __keybench_its_start__);
  kb::core::nrf::Nvmc nvmc(*platform.registers, platform.clock);
  kb::core::nrf::NvmcFlashRegion region(nvmc, start, size);
  kb::core::its::FlashIts its(region);
  if (its.mount() != kb::core::its::ItsStatus::kOk) {
    platform.console.write("keybench: the internal trusted storage in flash cannot be read\n");
    return kb::core::Code::kRefused;
  }
  kb::fw::FactoryProvisioningOptions o;
  o.its = &its;
  return kb::fw::run_factory_provisioning(platform, o);
}
