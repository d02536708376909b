#pragma once
// Symmetric key information (fact sheet 2.8): what the host sends in front of a key in write
// plaintext (1F 17), inside a wrapped envelope (1F 09) and in confirm (1F 05), and what the chip
// keeps beside the key to decide what the key may be used for.
//
//   lock indicator | slot | key type | mode of operation | usage (2) | mode parameters
//
// The model stores AES-128/AES-256 keys in CCM*, CMAC, ECB and GCM modes. HKDF, HMAC and generic
// secrets are parsed far enough to be refused with VALUE_OUT_OF_RANGE (see key_info_problem).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

enum class LockIndicator : uint8_t { kUnlocked = 0, kLocked = 1, kErasable = 2 };
enum class SymmetricKeyType : uint8_t { kAes128 = 0, kAes256 = 1 };
enum class KeyMode : uint8_t { kCcm = 0, kCmac = 1, kEcb = 2, kGcm = 3 };

// Usage byte 1 (byte 0 is always zero).
namespace key_usage {
inline constexpr uint8_t kMacVerification = 0x01;
inline constexpr uint8_t kMacGeneration = 0x02;
inline constexpr uint8_t kDecryption = 0x04;
inline constexpr uint8_t kEncryption = 0x08;
inline constexpr uint8_t kChunkedDecryption = 0x10;
inline constexpr uint8_t kChunkedEncryption = 0x20;
inline constexpr uint8_t kDerive = 0x40;
}  // namespace key_usage

// The usage bits that make sense for a mode; any other bit in a key info is refused.
uint8_t usage_bits_allowed(KeyMode mode);

inline constexpr uint8_t kMaxCcmCounterOffset = 9;  // the 4-byte counter must fit in the 13-byte nonce

struct SymmetricKeyInfo {
  LockIndicator lock = LockIndicator::kUnlocked;
  uint8_t slot = 0;
  SymmetricKeyType type = SymmetricKeyType::kAes128;
  KeyMode mode = KeyMode::kCmac;
  uint8_t usage = 0;
  uint8_t min_mac_length = 0;  // CMAC only
  uint8_t tag_length = 0;      // CCM: 0, 4, 8 or 16; GCM: 4, 8 or 12..16
  bool has_counter = false;    // CCM only: the chip substitutes a counter into the nonce
  uint8_t counter_offset = 0;  // CCM only: where in the nonce, 0..9

  // The info_length bytes as the host sends them.
  std::vector<uint8_t> encode() const;
  bool operator==(const SymmetricKeyInfo&) const = default;
};

size_t symmetric_key_length(SymmetricKeyType type);  // 16 or 32
// Bytes of key info for a mode-of-operation byte (fact sheet 2.8: ECB 6, CMAC 7, GCM 7, CCM 8,
// HKDF 8, HMAC 8); nullopt for an undefined mode.
std::optional<size_t> key_info_length(uint8_t mode_byte);

// Empty when info describes a key the model can hold in one of its 16 slots; else what is wrong.
std::string_view key_info_problem(const SymmetricKeyInfo& info);

struct ParsedKeyInfo {
  SymmetricKeyInfo info;
  size_t length = 0;  // bytes of key info consumed from the front of the input
};
// Reads the key info at the front of bytes: INCONSISTENT_COMMAND_DATA when it is cut short,
// VALUE_OUT_OF_RANGE when a field holds a value the chip (or the model) does not accept.
std::variant<ParsedKeyInfo, Status> parse_key_info(std::span<const uint8_t> bytes);

// A filled slot's record in the symmetric key table (query 0x23, fact sheet 2.5):
// flags (bit 0 presence, bits 2..1 lock) | key type | mode | usage (2) | mode parameters, the CCM
// ones followed by the 4-byte counter when the key has one. No slot number.
std::vector<uint8_t> encode_key_table_record(const SymmetricKeyInfo& info, uint32_t counter);

}  // namespace kb::sim::stsafe_a120
