// The ATECC608A at 0x60 on the TWIM, configured with the built-in copy of the CLI's default profile.
#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"
#include "firmware/atecc_configure_and_lock/mbed_crypto_example_profile.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices&) {
  kb::fw::AteccConfigureAndLockOptions o;
  o.profile = kb::fw::mbed_crypto_example_profile();
  o.profile_name = kb::fw::kMbedCryptoExampleProfileName;
  return kb::fw::run_atecc_configure_and_lock(platform, o);
}
