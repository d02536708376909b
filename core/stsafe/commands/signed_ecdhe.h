#pragma once
// The signed forms of Start volatile KEK session (1F 03) and Establish host key (1F 18)
// (fact sheet 2.5, 2.6): after the anonymous fields the host sends
//   00 (filler) | generic public key slot | hash algorithm id (11 bytes; 00 00 for an Ed25519 key) |
//   signature field
// where the slot's key signed TBS = curve id | host public key field | chip public key field (both
// in the wire form of 2.4): ECDSA over the TBS hashed with the named hash, Ed25519 over the TBS.
// The library frames the commands; the signature comes from whoever holds the entity's private
// key (core/ keeps no signing key of its own). After the exchange the caller derives its keys as
// for the anonymous form (key_derivation.h).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// Fact sheet 2.4 hash algorithm ids (the 11-byte field).
enum class SignatureHash : uint8_t { kSha256, kSha384, kSha512, kSha224, kSha3_256, kSha3_384, kSha3_512 };
std::span<const uint8_t> hash_algorithm_id(SignatureHash hash);

// curve id (10) | host key field (69) | chip key field (69), P-256.
inline constexpr size_t kSignedEcdheTbsBytes = kP256CurveId.size() + 2 * kP256PublicKeyFieldBytes;
std::array<uint8_t, kSignedEcdheTbsBytes> signed_ecdhe_tbs(std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                                           std::span<const uint8_t, kP256PublicKeyBytes> chip_public);

// Who signed and how: `curve` is the slot key's curve (it sizes the signature field), `signature`
// R||S (signature_bytes(curve)); `hash` is ignored for an Ed25519 key (its id field is 00 00).
struct EcdheSignature {
  uint8_t slot = 0;
  EccCurve curve = EccCurve::kNistP256;
  SignatureHash hash = SignatureHash::kSha256;
  std::span<const uint8_t> signature;
};

// 1F 03, signed. X25519 signer or a signature of the wrong size → kInvalidArgument, nothing sent.
Status start_volatile_kek_session_signed(CommandChannel& channel,
                                         std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                         const EcdheSignature& signature);
// 1F 18, signed; `type` the host key type to establish. Refusals as above.
Status establish_host_key_signed(CommandChannel& channel, std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                 HostKeyType type, const EcdheSignature& signature);

}  // namespace kb::core::stsafe::commands
