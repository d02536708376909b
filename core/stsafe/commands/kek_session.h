#pragma once
// Volatile KEK session (fact sheet 4.1) and the ECDHE exchange it starts with:
//   Generate ECDHE (1F 0B)            → curve id                       ← curve id | public key field
//   Start volatile KEK session (1F 03) → curve id | host public key field | 01
//   Stop volatile KEK session (1F 06)  → (none)
// Both sides then hold base KEK = HKDF(Z, Pc || Ph); each wrap uses working KEK k = HKDF(base, 10 11 k)
// after k = k + 1, with RFC 3394 AES-256 key wrap.
#include <array>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/key_derivation.h"
#include "hal/crypto.h"

namespace kb::core::stsafe::commands {

// Algorithm ids that end the commands carrying a host ephemeral key (fact sheet 2.5).
inline constexpr uint8_t kAlgorithmVolatileKek = 0x01;
inline constexpr uint8_t kAlgorithmEstablishSymmetricKeys = 0x02;
inline constexpr uint8_t kAlgorithmEstablishHostKey = 0x03;

// 1F 0B on P-256. The chip keeps the private half for the next KEK-session or establish command.
// kResponseMalformed when the answer is not the P-256 curve id followed by a P-256 public key field.
Status generate_ecdhe(CommandChannel& channel, std::span<uint8_t, kP256PublicKeyBytes> chip_public);
// 1F 0B on another curve (every curve but Ed25519, which has no key agreement); `chip_public` gets
// the raw key and must be public_key_bytes(curve) long, else kInvalidArgument with nothing sent.
// kResponseMalformed unless the answer is the curve's id followed by its public key field. The
// KEK-session and establish commands below take P-256 only.
Status generate_ecdhe(CommandChannel& channel, EccCurve curve, std::span<uint8_t> chip_public);
// `curve id | 04 00 20 X 00 20 Y | algorithm` — the tail shared by 1F 03, 1F 04 and 1F 18 (and by
// 1F 18 followed by the host key type).
Status send_host_ephemeral_key(CommandChannel& channel, uint8_t extended_code,
                               std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                               std::span<const uint8_t> trailer);
Status start_volatile_kek_session(CommandChannel& channel, std::span<const uint8_t, kP256PublicKeyBytes> host_public);
Status stop_volatile_kek_session(CommandChannel& channel);

// The outcome of one ECDHE exchange: both public keys and Z. Z is wiped with the object.
struct EcdheExchange {
  std::array<uint8_t, kP256PublicKeyBytes> chip_public{};
  std::array<uint8_t, kP256PublicKeyBytes> host_public{};
  std::array<uint8_t, kP256SharedSecretBytes> shared_x{};
  ~EcdheExchange();
};

// Host ephemeral key pair (platform RNG), 1F 0B, then ECDH with the chip's key. The host private
// key is wiped before returning. A chip key not on the curve → kResponseMalformed.
Status run_ecdhe(CommandChannel& channel, hal::Crypto& crypto, EcdheExchange& out);

// The host half of one volatile KEK session. LIB opens one per provisioned key, so its first wrap
// uses k = 1; more wraps in one session use k = 2, 3, ...
class VolatileKekSession {
 public:
  explicit VolatileKekSession(hal::Crypto& crypto) : crypto_(crypto) {}
  ~VolatileKekSession() { forget(); }
  VolatileKekSession(const VolatileKekSession&) = delete;
  VolatileKekSession& operator=(const VolatileKekSession&) = delete;

  // run_ecdhe, 1F 03, base KEK.
  Status start(CommandChannel& channel);
  // k = k + 1, working KEK k, RFC 3394 wrap of `in` (a multiple of 8, at least 16 bytes) into
  // `out` (in + 8 bytes). Not started → kNotProvisioned; bad sizes → kInvalidArgument; after 255
  // wraps the one-byte counter is spent → kUnsupported.
  Status wrap(std::span<const uint8_t> in, std::span<uint8_t> out);
  // 1F 06; the host keys are forgotten whatever the chip answers.
  Status stop(CommandChannel& channel);

  bool active() const { return active_; }
  uint8_t working_kek_counter() const { return k_; }

 private:
  void forget();

  hal::Crypto& crypto_;
  bool active_ = false;
  uint8_t k_ = 0;
  std::array<uint8_t, kKekBytes> base_kek_{};
};

}  // namespace kb::core::stsafe::commands
