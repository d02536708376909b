#pragma once
// The private key table (query tag 0x14, fact sheet 2.5; layout facts from STSELib
// stsafea_asymmetric_key_slots.[ch]): five slots as on ST's SPL05 profile (AN6053: slot 0 holds
// the pre-provisioned NIST P-256 key, four more slots are for the application), each with a
// presence flag, the key's curve, a usage limit and a two-byte mode of operation:
//   byte 0: bit 0 ephemeral key generation method, bits 6..1 filler, bit 7 change right
//   byte 1: bit 0 key establishment, bit 1 reserved, bit 2 signature over external data,
//           bit 3 signature over internal and external data, bits 5..4 generate-key access
//           condition, bits 7..6 EdDSA variant
// Query answer: slot count | change right | global usage limit (2, BE), then per slot
// slot number | presence | mode (2) | curve id (only when present).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/stsafe_a120/command_authorization.h"

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kPrivateKeySlotCount = 5;
// A usage limit of 0 means the key has none (inference, fact sheet silent; see docs/fidelity.md).
inline constexpr uint16_t kNoUsageLimit = 0;

struct PrivateKeyMode {
  bool ephemeral_generation = false;  // byte 0 bit 0 (reported, not enforced)
  bool change_right = false;          // byte 0 bit 7 (reported; no command changes a mode)
  bool key_establishment = false;     // byte 1 bit 0: Establish key (0x18) may use the key
  bool external_signature = false;    // byte 1 bit 2: Generate signature (0x16) may use the key
  bool internal_signature = false;    // byte 1 bit 3 (reported; no command of the model signs internal data)
  // Byte 1 bits 5..4, coded as a command access condition: never, free, admin (the model has no
  // admin, so never satisfied) or host (the command must arrive through the host secure channel).
  AccessCondition generate_key = AccessCondition::kNever;
  uint8_t eddsa_variant = 0;  // byte 1 bits 7..6; 0 = Ed25519 pure, the only variant the model signs

  std::array<uint8_t, 2> encode() const;
  // Filler and reserved bits are ignored.
  static PrivateKeyMode decode(std::span<const uint8_t, 2> bytes);
  bool operator==(const PrivateKeyMode&) const = default;
};

struct PrivateKeySlot {
  PrivateKeyMode mode;  // the slot's rules, present key or not
  bool present = false;
  crypto::ec::Curve curve = crypto::ec::Curve::kNistP256;  // meaningful when present
  std::vector<uint8_t> private_key;                        // key_length(curve) bytes when present, else empty
  uint16_t usage_limit = kNoUsageLimit;                    // set by Generate key pair
  uint16_t uses_left = 0;  // signatures and key establishments left, when there is a limit
  bool operator==(const PrivateKeySlot&) const = default;
};

struct PrivateKeyTable {
  bool change_right = false;             // byte 2 of the query answer (a filler in the fact sheet)
  uint16_t global_usage_limit = 0xFFFF;  // the largest usage limit Generate key pair may give a key
  std::array<PrivateKeySlot, kPrivateKeySlotCount> slots;
  bool operator==(const PrivateKeyTable&) const = default;
};

// SPL05 as far as it is published: slot 0 holds a P-256 key (a fixed model key, see the fidelity
// notes) that signs and is never regenerated; slots 1..4 are empty, sign and establish keys, and
// Generate key pair may fill them freely.
PrivateKeyTable factory_private_key_table();

// Query tag 0x14's answer.
std::vector<uint8_t> encode_private_key_table(const PrivateKeyTable& table);

// Empty when the slot could live in the chip (a present key is a valid private key of its curve,
// an empty slot holds no key bytes, uses_left <= usage_limit), else what is wrong.
std::string_view private_key_slot_problem(const PrivateKeySlot& slot);

}  // namespace kb::sim::stsafe_a120
