// The STSAFE-A120 at the reference examples' address 0x20 on the TWIM; the key returned by the chip
// and the CMAC under the derived key are checked with the platform's HKDF and CMAC.
#include "firmware/derive_keys/derive_keys.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices&) {
  return kb::fw::run_derive_keys(platform, kb::fw::DeriveKeysOptions{});
}
