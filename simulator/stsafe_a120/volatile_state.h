#pragma once
// What the chip holds in RAM only: lost on reset and on power loss (fact sheet 8.11).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "simulator/crypto/ec.h"

namespace kb::sim::stsafe_a120 {

// An ephemeral key pair from Generate ECDHE (1F 0B), kept for the one command that uses it:
// start volatile KEK session (1F 03), establish host key (1F 18) or establish symmetric key (1F 04).
// Those take P-256 only; a pair on another curve waits for the next Generate ECDHE to replace it.
struct EcdheKeyPair {
  std::vector<uint8_t> private_key;  // key_length(curve) bytes
  std::vector<uint8_t> public_xy;    // X | Y (the raw 32-byte key on X25519)
  crypto::ec::Curve curve = crypto::ec::Curve::kNistP256;
};

// A volatile KEK session (fact sheet 4.1): the base KEK and how many working KEKs were used.
struct KekSession {
  std::vector<uint8_t> base_kek;
  uint8_t working_keks_used = 0;  // k of the last wrapped write; the next one uses k + 1
  // The generic public key slot whose key signed the session's start; none for an anonymous one.
  std::optional<uint8_t> authenticated_by;
};

// Establish symmetric key (1F 04) done, confirm (1F 05) not yet received.
struct PendingKeyEstablishment {
  std::vector<uint8_t> shared_secret;  // ECDH x-coordinate
  // The generic public key slot whose key signed the establishment; none for an anonymous one.
  std::optional<uint8_t> authenticated_by;
};

// Generate challenge (1F 0E): the chip's challenge for the next Verify entity signature (1F 0F),
// which uses it up whatever its verdict.
inline constexpr size_t kEntityChallengeLength = 16;  // STSELib STSE_EDDSA_CHALLENGE_SIZE

struct VolatileState {
  std::optional<EcdheKeyPair> ecdhe;
  std::optional<std::array<uint8_t, kEntityChallengeLength>> entity_challenge;
  // The generic public key slot whose entity passed Verify entity signature since the last reset.
  std::optional<uint8_t> authenticated_entity;
  std::optional<KekSession> kek_session;
  std::optional<PendingKeyEstablishment> key_establishment;
  // Test hook: the private key the next Generate ECDHE uses instead of drawing one from the random
  // stream. Not chip state, so reset and power loss leave it in place until it is used.
  std::optional<std::vector<uint8_t>> next_ecdhe_private_key;

  // Reset and power loss.
  void clear() {
    ecdhe.reset();
    kek_session.reset();
    key_establishment.reset();
    entity_challenge.reset();
    authenticated_entity.reset();
  }
};

}  // namespace kb::sim::stsafe_a120
