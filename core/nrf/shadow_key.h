#pragma once
// The CryptoCell shadow-key derivation (nrf_cc3xx_platform_kmu_shadow_key_derive, fact sheet §2.2,
// §3.6): SP 800-108 counter-mode AES-CMAC keyed by KMU slot(s) the CPU cannot read. The chip does
// it; this is the seam. On a board the platform's CryptoCell library implements it; under
// simulation KdfPortDeriver reaches the model's CryptoCell through registers.
#include <cstdint>
#include <span>

#include "core/status.h"

namespace kb::core::nrf {

class ShadowKeyDeriver {
 public:
  virtual ~ShadowKeyDeriver() = default;
  // keybits 128 (one slot) or 256 (slot and slot+1); label 1..64 bytes, context 0..64 bytes.
  virtual Status derive(unsigned slot, unsigned keybits, std::span<const uint8_t> label,
                        std::span<const uint8_t> context, std::span<uint8_t> out) = 0;
};

}  // namespace kb::core::nrf
