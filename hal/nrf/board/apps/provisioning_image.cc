#include "firmware/provisioning_image/provisioning_image.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = true;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices& services) {
  kb::fw::ProvisioningImageOptions o;
  o.target.deriver = services.deriver;
  return kb::fw::run_provisioning_image(platform, o);
}
