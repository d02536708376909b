#pragma once
// Shadow-key derivation through the simulator's CryptoCell: push the slot(s) into the AES key
// register with the KMU, then run the derivation on the model's KDF port. The port is not on the
// silicon (docs/fidelity.md); a board passes its platform's deriver instead.
#include "core/nrf/kmu.h"
#include "core/nrf/shadow_key.h"

namespace kb::core::nrf {

inline constexpr uint32_t kKdfPortBase = 0x5FFF0000;

class KdfPortDeriver final : public ShadowKeyDeriver {
 public:
  explicit KdfPortDeriver(Kmu& kmu, uint32_t port_base = kKdfPortBase) : kmu_(kmu), base_(port_base) {}
  // Outputs of 1..64 bytes (the port's buffer).
  Status derive(unsigned slot, unsigned keybits, std::span<const uint8_t> label, std::span<const uint8_t> context,
                std::span<uint8_t> out) override;

 private:
  void load(uint32_t offset, std::span<const uint8_t> bytes);
  Kmu& kmu_;
  uint32_t base_;
};

}  // namespace kb::core::nrf
