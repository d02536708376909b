#pragma once
// Values the STSAFE-A120 reports or accepts, decoded from their wire layouts (fact sheet 2.3, 2.5-2.7).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::core::stsafe {

enum class HostKeyType : uint8_t { kAes128 = 0, kAes256 = 1 };

// Length of each of the two host keys (MAC key and cipher key) of a type.
constexpr size_t host_key_length(HostKeyType type) {
  return type == HostKeyType::kAes256 ? 32 : 16;
}

// Host key slot provisioning control fields, Query/Put tag 0x4A (fact sheet 2.6).
struct HostKeyControlFields {
  bool change_right = false;               // byte 0 bit 3: these fields may still be changed
  bool reprovision = false;                // byte 0 bit 2: a present host key may be written again
  bool plaintext = false;                  // byte 0 bit 1: write host key V2 plaintext (1F 07) accepted
  bool wrapped_anonymous = false;          // byte 0 bit 0: write host key V2 wrapped after an anonymous KEK session
  uint8_t authentication_key_slot = 0xFF;  // byte 1: generic public key slot, 0xFF = none

  std::array<uint8_t, 2> encode() const;
  // Filler bits 7..4 of byte 0 are ignored.
  static HostKeyControlFields decode(std::span<const uint8_t, 2> bytes);
  bool operator==(const HostKeyControlFields&) const = default;
};

// Host key slot V2, Query tag 0x47: `presence | key type | C-MAC counter (4, BE)`.
struct HostKeySlot {
  bool present = false;
  HostKeyType type = HostKeyType::kAes128;
  uint32_t cmac_counter = 0;
};

// Host key slot V1, Query tag 0x17: `presence | C-MAC counter (3, BE)` — the A100/A110 layout,
// which the A120 answers for its one host key slot.
struct HostKeySlotV1 {
  bool present = false;
  uint32_t cmac_counter = 0;  // 24 bits
};

// Query tag 0x08. Values outside the list below are kept as the device sent them.
enum class LifeCycleState : uint8_t {
  kBorn = 0x01,
  kPatching = 0x02,
  kOperational = 0x03,
  kTerminated = 0x04,
  kBornLocked = 0x81,
  kOperationalLocked = 0x83,
};

// Query tag 0x11: a TLV list of which only the first TLV (tag 0x01, mask id) is interpreted.
inline constexpr size_t kMaxProductDataBytes = 128;
struct ProductData {
  std::array<uint8_t, 3> mask_id{};
  uint16_t mask_number = 0;  // mask id bytes 1..2, BE; >= 0x6000 identifies an A120
  std::array<uint8_t, kMaxProductDataBytes> tlvs{};
  uint16_t tlvs_length = 0;      // bytes kept in tlvs
  uint16_t reported_length = 0;  // bytes the device sent; more than tlvs_length when it did not fit

  // Value of the first TLV with `tag` among the kept bytes; empty when absent.
  std::span<const uint8_t> find(uint8_t tag) const;
};

enum class AccessCondition : uint8_t {
  kNever = 0,
  kFree = 1,
  kAdmin = 2,
  kHost = 3,
  kAdminOrPassword = 4,
  kAdminOrHost = 5,
};

struct CommandAccessRecord {
  uint8_t code = 0;
  uint8_t extended_code = 0;  // only meaningful when code == 0x1F
  AccessCondition access = AccessCondition::kFree;
  bool command_encrypted = false;   // flags bit 1
  bool response_encrypted = false;  // flags bit 0
};

// Command authorization configuration, Query tag 0x24: `CR | count | records`.
inline constexpr size_t kMaxCommandAccessRecords = 64;
struct CommandAccessTable {
  uint8_t change_rights = 0;
  uint8_t count = 0;
  std::array<CommandAccessRecord, kMaxCommandAccessRecords> records{};

  bool access_conditions_changeable() const { return (change_rights & 0x02) != 0; }
  bool encryption_flags_changeable() const { return (change_rights & 0x01) != 0; }
  // nullptr when the table has no record for the command (not access-controlled by it).
  const CommandAccessRecord* find(uint8_t code, uint8_t extended_code = 0) const;
};

enum class SymmetricKeyType : uint8_t { kAes128 = 0, kAes256 = 1, kGenericSecret = 2 };
enum class ModeOfOperation : uint8_t { kCcm = 0, kCmac = 1, kEcb = 2, kGcm = 3, kHkdf = 4, kHmac = 5 };
enum class LockIndicator : uint8_t { kUnlocked = 0, kLocked = 1, kErasable = 2 };

// Usage bits (low byte of the 2-byte usage field; the high byte is always 0).
namespace key_usage {
inline constexpr uint16_t kMacVerification = 1u << 0;
inline constexpr uint16_t kMacGeneration = 1u << 1;
inline constexpr uint16_t kDecryption = 1u << 2;
inline constexpr uint16_t kEncryption = 1u << 3;
inline constexpr uint16_t kChunkedDecryption = 1u << 4;
inline constexpr uint16_t kChunkedEncryption = 1u << 5;
inline constexpr uint16_t kDerive = 1u << 6;
}  // namespace key_usage

// One record of the symmetric key table. Fields after `usage` are filled only for the modes
// that carry them.
struct SymmetricKeySlotInfo {
  bool present = false;
  LockIndicator lock = LockIndicator::kUnlocked;
  SymmetricKeyType key_type = SymmetricKeyType::kAes128;
  ModeOfOperation mode = ModeOfOperation::kCcm;
  uint16_t usage = 0;
  uint8_t min_mac_length = 0;    // CMAC
  uint8_t tag_length = 0;        // CCM, GCM
  bool counter_present = false;  // CCM
  uint8_t counter_offset = 0;    // CCM: where the counter goes in the nonce
  uint32_t counter = 0;          // CCM, when present
};

// Query tag 0x23: `slot count | one record per slot`. Records carry no slot number; record i is slot i.
inline constexpr size_t kMaxSymmetricKeySlots = 32;
struct SymmetricKeyTable {
  uint8_t count = 0;
  std::array<SymmetricKeySlotInfo, kMaxSymmetricKeySlots> slots{};
};

// Symmetric key information, the "key info" that write plaintext (1F 17), the wrapped envelope
// (1F 09) and confirm symmetric keys (1F 05) carry (fact sheet 2.8). Only the mode parameters of
// `mode` are encoded.
inline constexpr size_t kMaxKeyInfoBytes = 8;
struct SymmetricKeyInfo {
  LockIndicator lock = LockIndicator::kUnlocked;
  uint8_t slot = 0;
  SymmetricKeyType key_type = SymmetricKeyType::kAes128;
  ModeOfOperation mode = ModeOfOperation::kCmac;
  uint16_t usage = 0;                    // key_usage bits
  uint8_t min_mac_length = 0;            // CMAC, HMAC
  uint8_t tag_length = 0;                // CCM, GCM
  bool counter_present = false;          // CCM
  uint8_t counter_offset = 0;            // CCM: where the chip puts its counter in the nonce, 0..9
  bool derived_keys_exportable = false;  // HKDF: derived keys may be returned to the host
  uint8_t generic_secret_length = 0;     // HKDF, HMAC: length of the generic secret, 16..32

  // The layouts of the reference examples (fact sheet 7.2, 7.3).
  static SymmetricKeyInfo cmac(uint8_t slot, SymmetricKeyType type, uint16_t usage, uint8_t min_mac_length);
  static SymmetricKeyInfo ccm(uint8_t slot, SymmetricKeyType type, uint16_t usage, uint8_t tag_length);
  static SymmetricKeyInfo ecb(uint8_t slot, SymmetricKeyType type, uint16_t usage);

  // False for combinations the chip cannot hold: an AES mode on a generic secret (or the other
  // way round), a CCM tag other than 0/4/8/16, a counter offset past 9, a GCM tag other than
  // 4/8/12..16, a CMAC minimum outside 1..16, an HMAC minimum outside 1..32, a generic secret
  // outside 16..32 bytes, an unknown lock indicator, key type or mode.
  bool valid() const;
  // Bytes of key value that go with this info: 16, 32 or the generic secret length.
  size_t key_length() const;
  // ECB 6, CMAC 7, GCM 7, CCM 8, HKDF 8, HMAC 8.
  size_t encoded_length() const;
  // Writes encoded_length() bytes into out; returns how many.
  size_t encode(std::span<uint8_t, kMaxKeyInfoBytes> out) const;
  bool operator==(const SymmetricKeyInfo&) const = default;
};

// The counter a CCM* key with a counter returns from an encryption (fact sheet 2.5).
struct CcmCounter {
  bool present = false;
  uint32_t value = 0;
};

// The curves of fact sheet 2.4, in the order of ST's library key types.
enum class EccCurve : uint8_t {
  kNistP256 = 0,
  kNistP384 = 1,
  kNistP521 = 2,
  kBrainpoolP256r1 = 3,
  kBrainpoolP384r1 = 4,
  kBrainpoolP512r1 = 5,
  kCurve25519 = 6,  // X25519 key agreement
  kEd25519 = 7,
};

// Private key slot mode of operation, two bytes of the private key table (Query tag 0x14).
struct PrivateKeyMode {
  bool ephemeral_generation = false;  // byte 0 bit 0: ephemeral key generation method
  bool change_right = false;          // byte 0 bit 7
  bool key_establishment = false;     // byte 1 bit 0: Establish key (0x18) allowed
  bool external_signature = false;    // byte 1 bit 2: signature over external data (0x16)
  bool internal_signature = false;    // byte 1 bit 3: signature over internal and external data
  uint8_t generate_key_access = 0;    // byte 1 bits 5..4: who may run Generate key pair on the slot
  uint8_t eddsa_variant = 0;          // byte 1 bits 7..6

  std::array<uint8_t, 2> encode() const;
  // Filler and reserved bits are ignored.
  static PrivateKeyMode decode(std::span<const uint8_t, 2> bytes);
  bool operator==(const PrivateKeyMode&) const = default;
};

// One record of the private key table: `slot number | presence | mode (2) | curve id if present`.
struct PrivateKeySlotInfo {
  uint8_t slot = 0;
  bool present = false;
  PrivateKeyMode mode;
  EccCurve curve = EccCurve::kNistP256;  // meaningful when present
};

// Query tag 0x14: `slot count | change right | global usage limit (2, BE) | records`.
inline constexpr size_t kMaxPrivateKeySlots = 16;
struct PrivateKeyTable {
  uint8_t count = 0;
  bool change_right = false;
  uint16_t global_usage_limit = 0;
  std::array<PrivateKeySlotInfo, kMaxPrivateKeySlots> slots{};

  // nullptr when the table has no record with that slot number.
  const PrivateKeySlotInfo* find(uint8_t slot) const;
};

// Symmetric key slot provisioning control fields, Query/Put tag 0x4B (fact sheet 2.7).
struct SymmetricSlotControlFields {
  bool ecdhe_anonymous = false;               // byte 0 bit 0
  bool wrapped_anonymous = false;             // byte 0 bit 1
  bool put_key = false;                       // byte 0 bit 2
  bool change_right = false;                  // byte 0 bit 3
  bool plaintext = false;                     // byte 0 bit 4
  bool derived = false;                       // byte 0 bit 5
  uint8_t wrapped_authentication_key = 0xFF;  // byte 1
  uint8_t ecdhe_authentication_key = 0xFF;    // byte 2

  std::array<uint8_t, 3> encode() const;
  // Filler bits 7..6 of byte 0 are ignored.
  static SymmetricSlotControlFields decode(std::span<const uint8_t, 3> bytes);
  bool operator==(const SymmetricSlotControlFields&) const = default;
};

}  // namespace kb::core::stsafe
