#pragma once
// Symmetric keys by ECDHE (fact sheet 2.5 and 4.5):
//   1F 0B Generate ECDHE, then
//   1F 04 Establish symmetric keys  → curve id | host public key field | 02
//         (signed: ... | 02 | 00 | public key slot | hash id | signature field, signed_ecdhe.h)
//   1F 05 Confirm symmetric keys    → confirmation MAC (8) | record 1 | record 2 ...
// record = info_length (2, BE) | key info; OKM = HKDF(Z, info 12 13, 32 + sum of key lengths);
// confirmation key = OKM[0..31] (AES-256), key i = the next key_length() bytes in record order;
// confirmation MAC = first 8 bytes of AES-256-CMAC(confirmation key, the records).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/commands/signed_ecdhe.h"
#include "core/stsafe/key_derivation.h"
#include "core/stsafe/types.h"
#include "hal/crypto.h"

namespace kb::core::stsafe::commands {

inline constexpr size_t kConfirmationMacBytes = 8;
// Keys per establish: enough for the usual encrypt + MAC pair with room to spare.
inline constexpr size_t kMaxEstablishedKeys = 4;

// Total key bytes the infos call for (sum of key_length()).
size_t established_key_bytes(std::span<const SymmetricKeyInfo> infos);

// The confirmation MAC over the records of `infos`. Invalid infos → kInvalidArgument.
Status confirmation_mac(hal::Crypto& crypto, std::span<const uint8_t, kConfirmationKeyBytes> confirmation_key,
                        std::span<const SymmetricKeyInfo> infos, std::span<uint8_t, kConfirmationMacBytes> out);

// The whole exchange. `keys` receives the host's copy of the keys in record order and must be
// established_key_bytes(infos) long. 1 to kMaxEstablishedKeys valid infos, else kInvalidArgument
// with nothing sent. `keys` is written only when the chip confirmed.
Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys);
// The signed form: `signer`'s key signs TBS = curve id | host key field | chip key field of this
// exchange before 1F 04 goes out. The chip then writes only slots whose control fields name
// signer.slot as their ECDHE authentication key. A signer that cannot sign (X25519, wrong private
// key size) → kInvalidArgument with nothing sent; a key the platform refuses → kCrypto after 1F 0B.
Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys, const EcdheSigningKey& signer);
// The same with a signer the caller implements; its answer is framed as it is (send_signed's
// checks: a signature of the wrong size for its curve or an X25519 signer → kInvalidArgument, no
// 1F 04 sent).
Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys, EcdheSigner& signer);

}  // namespace kb::core::stsafe::commands
