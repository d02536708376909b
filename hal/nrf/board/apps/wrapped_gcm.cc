// The STSAFE-A120 at the reference examples' address 0x20 on the TWIM; the chip's ciphertext and tag
// are checked with the platform's AES-GCM.
#include "firmware/wrapped_gcm/wrapped_gcm.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices&) {
  return kb::fw::run_wrapped_gcm(platform, kb::fw::WrappedGcmOptions{});
}
