#pragma once
// What the chip holds in RAM only: lost on reset and on power loss (fact sheet 8.11).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/crypto/hash.h"
#include "simulator/stsafe_a120/chip_aead.h"

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

// A chunked encryption or decryption between its start (1F 11 / 1F 14) and its finish
// (1F 13 / 1F 16). One at a time; a new start replaces it.
struct ChunkedAead {
  bool encrypt = true;
  bool ccm = false;  // else GCM
  std::unique_ptr<chip_aead::AeadStream> stream;
  size_t tag_length = 0;
  // CCM announces its totals at the start; GCM takes AAD until the first message byte.
  size_t aad_total = 0;
  size_t message_total = 0;
  size_t aad_seen = 0;
  size_t message_seen = 0;
};

struct VolatileState {
  std::optional<EcdheKeyPair> ecdhe;
  std::optional<std::array<uint8_t, kEntityChallengeLength>> entity_challenge;
  // The generic public key slot whose entity passed Verify entity signature since the last reset.
  std::optional<uint8_t> authenticated_entity;
  std::optional<KekSession> kek_session;
  std::optional<PendingKeyEstablishment> key_establishment;
  std::optional<ChunkedAead> chunked_aead;
  // Start Hash (1F 00) done, Finish Hash (1F 02) not yet: the digest so far.
  std::optional<crypto::hash::Stream> hash;
  // Test hook: the private key the next Generate ECDHE uses instead of drawing one from the random
  // stream. Not chip state, so reset and power loss leave it in place until it is used.
  std::optional<std::vector<uint8_t>> next_ecdhe_private_key;
  // Verify password (0x1A) succeeded since the last reset, power-on or hibernate: what lock and
  // unlock (put life cycle 0x83 / 0x03) and delete password (0x0C) need.
  bool password_verified = false;
  // Set by Hibernate (0x0D) to its wake-up mode; the chip acts on it once the answer is out.
  std::optional<uint8_t> hibernate_wake_mode;

  // Reset, power loss and hibernate.
  void clear() {
    ecdhe.reset();
    kek_session.reset();
    key_establishment.reset();
    entity_challenge.reset();
    authenticated_entity.reset();
    chunked_aead.reset();
    password_verified = false;
    hash.reset();
  }
};

}  // namespace kb::sim::stsafe_a120
