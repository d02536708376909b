#pragma once
// The signed forms of Start volatile KEK session (1F 03), Establish symmetric keys (1F 04) and
// Establish host key (1F 18) (fact sheet 2.5, 2.6): after the anonymous fields the host sends
//   00 (filler) | generic public key slot | hash algorithm id (11 bytes; 00 00 for an Ed25519 key) |
//   signature field
// where the slot's key signed TBS = curve id | host public key field | chip public key field (both
// in the wire form of 2.4): ECDSA over the TBS hashed with the named hash, Ed25519 over the TBS.
// The library frames the commands; the signature comes from whoever holds the entity's private
// key (core/ keeps no signing key of its own): either the caller signs (EcdheSignature), or it
// lends the library the private key for one exchange (EcdheSigningKey, signed with hal::Crypto).
// After the exchange the caller derives its keys as for the anonymous form (key_derivation.h).
// The sheet gives the TBS for 1F 03 and 1F 18 only; 1F 04 uses the same (docs/fidelity.md).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/types.h"
#include "hal/crypto.h"

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

// The private half of the key in generic public key slot `slot`, lent for one exchange. ECDSA
// keys sign SHA-256 of the TBS (the one hash hal::Crypto offers) and name SHA-256 in the command;
// an Ed25519 key signs the TBS itself. `private_key` is coordinate_bytes(curve) long.
struct EcdheSigningKey {
  uint8_t slot = 0;
  EccCurve curve = EccCurve::kNistP256;
  std::span<const uint8_t> private_key;
};

// Signs the TBS when the caller keeps the key (another hash than SHA-256, a key held by an HSM):
// writes R||S into `signature` (kMaxSignatureBytes long) and answers who signed and with which
// hash; the answer's signature must point into `signature`. A failure is returned as it is.
class EcdheSigner {
 public:
  virtual ~EcdheSigner() = default;
  virtual Result<EcdheSignature> sign(std::span<const uint8_t> tbs, std::span<uint8_t> signature) = 0;
};

// An X25519 key or a private key of the wrong size → kInvalidArgument.
Status check_signing_key(const EcdheSigningKey& key);
// Signs `tbs` with `key` into `signature` (signature_bytes(key.curve) long, else kInvalidArgument);
// the EcdheSignature it returns points into `signature`. A key the platform refuses → kCrypto.
Result<EcdheSignature> sign_ecdhe_tbs(hal::Crypto& crypto, const EcdheSigningKey& key, std::span<const uint8_t> tbs,
                                      std::span<uint8_t> signature);

// 1F 03, signed. X25519 signer or a signature of the wrong size → kInvalidArgument, nothing sent.
Status start_volatile_kek_session_signed(CommandChannel& channel,
                                         std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                         const EcdheSignature& signature);
// 1F 18, signed; `type` the host key type to establish. Refusals as above.
Status establish_host_key_signed(CommandChannel& channel, std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                 HostKeyType type, const EcdheSignature& signature);
// 1F 04, signed; 1F 05 follows as for the anonymous form (establish_symmetric_key.h). Refusals as above.
Status establish_symmetric_keys_signed(CommandChannel& channel,
                                       std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                       const EcdheSignature& signature);

}  // namespace kb::core::stsafe::commands
