#include "firmware/identity_key_generation/identity_key_generation.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = true;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices& services) {
  kb::fw::IdentityKeyGenerationOptions o;
  o.target.deriver = services.deriver;
  return kb::fw::run_identity_key_generation(platform, o);
}
