// The STSAFE-A120 at the reference examples' address 0x20 on the TWIM.
#include "firmware/wrapped_ccm/wrapped_ccm.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices&) {
  return kb::fw::run_wrapped_ccm(platform, kb::fw::WrappedCcmOptions{});
}
