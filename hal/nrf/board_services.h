#pragma once
// What a board's platform supplies to keybench on an nRF5340: its cryptography (on NCS, the
// nrf_security / CryptoCell library behind kb::hal::Crypto), the CryptoCell shadow-key
// derivation keyed by KMU slots, and for device authentication its X.509 and a CA certificate.
// docs/board-build.md describes the contract.
//
// keybench's board image calls keybench_board_crypto_services() once at start-up. Its default
// definition is weak and returns null: an image linked without a platform says so on the console
// and stops. A platform defines the function in an object file linked directly into the image
// (a weak definition is not replaced from inside a static library).
#include <cstdint>
#include <span>

#include "core/nrf/shadow_key.h"
#include "hal/certificates.h"
#include "hal/crypto.h"

namespace kb::hal::nrf {

struct BoardCryptoServices {
  kb::hal::Crypto* crypto = nullptr;
  kb::core::nrf::ShadowKeyDeriver* deriver = nullptr;
  // Device authentication only: the platform's X.509 and the CA certificate (DER) device
  // certificates must chain to. keybench has no X.509 of its own on the board, and a board has no
  // file to read a CA from; null and empty where the platform hands over none.
  kb::hal::CertificateVerifier* certificates = nullptr;
  std::span<const uint8_t> ca_certificate;
};

}  // namespace kb::hal::nrf

// Null when the platform supplies nothing.
const kb::hal::nrf::BoardCryptoServices* keybench_board_crypto_services();
