#pragma once
// What a board's platform supplies to keybench on an nRF5340: its cryptography (on NCS, the
// nrf_security / CryptoCell library behind kb::hal::Crypto) and the CryptoCell shadow-key
// derivation keyed by KMU slots. docs/board-build.md describes the contract.
//
// keybench's board image calls keybench_board_crypto_services() once at start-up. Its default
// definition is weak and returns null: an image linked without a platform says so on the console
// and stops. A platform defines the function in an object file linked directly into the image
// (a weak definition is not replaced from inside a static library).
#include "core/nrf/shadow_key.h"
#include "hal/crypto.h"

namespace kb::hal::nrf {

struct BoardCryptoServices {
  kb::hal::Crypto* crypto = nullptr;
  kb::core::nrf::ShadowKeyDeriver* deriver = nullptr;
};

}  // namespace kb::hal::nrf

// Null when the platform supplies nothing.
const kb::hal::nrf::BoardCryptoServices* keybench_board_crypto_services();
