#pragma once
// The platform half of the identity key (nrf_cc3xx_platform_identity_key_*, fact sheet §4.2): a
// 32-byte secp256r1 private key stored in two consecutive KMU slots (6 and 7), CPU-readable but
// only as ciphertext under a key derived from the MKEK. The real cipher sits in a closed library;
// this one is the sheet's recommended stand-in (docs/fidelity.md): KEK = shadow-key derivation of
// the MKEK with a fixed label, AES-256-ECB over the two 16-byte halves. Length-preserving and
// unauthenticated, as the 32 bytes of storage force.
#include <cstdint>
#include <span>

#include "core/nrf/hw_unique_key.h"
#include "core/nrf/kmu.h"
#include "core/nrf/shadow_key.h"
#include "core/status.h"
#include "hal/crypto.h"

namespace kb::core::nrf {

inline constexpr unsigned kIdentityKeySlot = 6;        // NRF_KMU_SLOT_KIDENT
inline constexpr unsigned kLastIdentityKeySlot = 126;  // NRF_KMU_LAST_IDENTTY_KEY_SLOT
inline constexpr size_t kIdentityKeySize = 32;         // IDENTITY_KEY_SIZE_BYTES
// The label of the KEK derivation: our choice, the library's is not public.
inline constexpr char kIdentityKekLabel[] = "nRF identity key KEK";

using IdentityKeyBytes = std::span<const uint8_t, kIdentityKeySize>;
using IdentityKeyOut = std::span<uint8_t, kIdentityKeySize>;

class IdentityKeyStore {
 public:
  // The KEK comes from the MKEK through huk's shadow-key deriver.
  IdentityKeyStore(Kmu& kmu, HwUniqueKey& huk, hal::Crypto& crypto) : kmu_(kmu), huk_(huk), crypto_(crypto) {}

  // Both slots carry the identity-key permissions (§8.2).
  bool is_stored(unsigned slot = kIdentityKeySlot);
  // Refuses an out-of-range slot, a missing MKEK and slots that are not empty, before writing.
  Status store(IdentityKeyBytes key, unsigned slot = kIdentityKeySlot);
  Status retrieve(IdentityKeyOut key, unsigned slot = kIdentityKeySlot);

 private:
  Status derive_kek(std::span<uint8_t, 32> kek);
  Kmu& kmu_;
  HwUniqueKey& huk_;
  hal::Crypto& crypto_;
};

}  // namespace kb::core::nrf
