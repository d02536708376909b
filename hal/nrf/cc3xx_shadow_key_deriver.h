#pragma once
// The shadow-key derivation of NCS's CryptoCell platform library
// (nrf_cc3xx_platform_kmu_shadow_key_derive, fact sheet §2.2): the library pushes the KMU slot(s)
// into the CryptoCell and runs the SP 800-108 CMAC KDF there. Link libnrf_cc312_platform.
#include "core/nrf/shadow_key.h"

namespace kb::hal::nrf {

class Cc3xxShadowKeyDeriver final : public kb::core::nrf::ShadowKeyDeriver {
 public:
  kb::core::Status derive(unsigned slot, unsigned keybits, std::span<const uint8_t> label,
                          std::span<const uint8_t> context, std::span<uint8_t> out) override;
};

}  // namespace kb::hal::nrf
