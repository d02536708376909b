#pragma once
// The HKDF-SHA-256 derivations of fact sheet section 4, all with the same fixed salt:
//   base KEK        IKM = Z,        info = Pc || Ph (chip key first),  32 bytes   (4.1 step 5)
//   working KEK k   IKM = base KEK, info = 10 11 k,                    32 bytes   (4.1 step 6)
//   host keys       IKM = Z,        info = Ph || Pc (host key first),  2 x 16/32  (4.4)
//   symmetric keys  IKM = Z,        info = 12 13,                      32 + keys  (4.5)
// Z is the ECDH x-coordinate; Pc / Ph the chip's / host's ephemeral public keys as raw X||Y.
#include <array>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/types.h"
#include "hal/crypto.h"

namespace kb::core::stsafe {

inline constexpr std::array<uint8_t, 32> kKeyDerivationSalt = {
    0xE4, 0x5D, 0x4C, 0xFD, 0x20, 0x15, 0xDE, 0x9E, 0x0A, 0xA9, 0xA9, 0xF6, 0xA4, 0x9F, 0x45, 0x10,
    0x0F, 0x99, 0xD9, 0x63, 0x3F, 0xB1, 0xB2, 0xDD, 0xDB, 0xEE, 0xE6, 0x75, 0xD5, 0x4D, 0xE2, 0x5B};
inline constexpr size_t kKekBytes = 32;
// The symmetric-key confirmation key is AES-256 (4.5).
inline constexpr size_t kConfirmationKeyBytes = 32;

// Any failure of the platform's HKDF is kCrypto.
Status derive_base_kek(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                       std::span<const uint8_t, kP256PublicKeyBytes> chip_public,
                       std::span<const uint8_t, kP256PublicKeyBytes> host_public, std::span<uint8_t, kKekBytes> out);
// k is the working-KEK counter after its increment: 1 for the first wrap of a KEK session.
Status derive_working_kek(hal::Crypto& crypto, std::span<const uint8_t, kKekBytes> base_kek, uint8_t k,
                          std::span<uint8_t, kKekBytes> out);
// mac_key and cipher_key must both be host_key_length(type) long, else kInvalidArgument.
Status derive_host_keys(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                        std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                        std::span<const uint8_t, kP256PublicKeyBytes> chip_public, HostKeyType type,
                        std::span<uint8_t> mac_key, std::span<uint8_t> cipher_key);
// okm = confirmation key (32) followed by the keys in record order; its length says how many bytes.
Status derive_symmetric_keys(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                             std::span<uint8_t> okm);

}  // namespace kb::core::stsafe
