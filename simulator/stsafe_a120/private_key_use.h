#pragma once
// What the private key commands share: finding the key a command names, counting a use against its
// usage limit, and drawing keys and signing randomness from the chip's random stream. Used by
// Generate key pair (0x11), Generate signature (0x16), Establish key (0x18) and Generate ECDHE
// (1F 0B).
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

// Bytes that held a private key or a signing nonce's randomness; cleansed when they go.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  ~SecretBytes() { wipe(); }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  std::span<const uint8_t> bytes() const { return bytes_; }
  const std::vector<uint8_t>& vector() const { return bytes_; }
  void wipe();

 private:
  std::vector<uint8_t> bytes_;
};

// Cleanses a vector that held key material (its size stays).
void wipe_bytes(std::vector<uint8_t>& bytes);

// The key in a private key slot: VALUE_OUT_OF_RANGE for a slot beyond the table, KEY_NOT_FOUND for
// an empty one.
std::variant<const PrivateKeySlot*, Status> find_private_key(const State& state, uint8_t slot);

// One signature or key establishment counted against the key's usage limit, persisted before the
// key is used (a power cut can lose a use, never grant one): COUNTER_LIMIT_EXCEEDED when none is
// left. A key without a limit counts nothing.
Status count_private_key_use(CommandContext& context, uint8_t slot);

// A private key of `curve` from the chip's random stream: one generate-random block per draw,
// draws outside the curve's key range thrown away (crypto::ec::private_key_from_random). The random
// counter is persisted before the key is used, so no two keys come from the same block.
std::vector<uint8_t> draw_private_key(CommandContext& context, crypto::ec::Curve curve);
// `length` bytes of the random stream for one command, the counter persisted first.
std::vector<uint8_t> draw_random(CommandContext& context, size_t length);

}  // namespace kb::sim::stsafe_a120
