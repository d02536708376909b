#pragma once
// Derive keys (extended 0x10): HKDF-SHA-256 (RFC 5869) inside the chip, from an input key that
// comes with the command or sits in a symmetric slot (a generic secret in HKDF mode with the derive
// usage bit). Layout (ST's derive keys service, fact sheet 2.2, lengths big-endian):
//   1F 10 → input key: 00 | 04 | length (2) | key    or   02 | slot
//           steps (1): bit 1 extract, bit 0 expand | hash algorithm id (11, SHA-256)
//           [extract] salt: 00 | length (2) | salt   or   02 | slot
//           [expand]  info length (2) | info | one descriptor per output key:
//                     length (2) = 3 | 01 | key length (2)                      (returned)
//                     length (2) = 1 + n | 02 | key info without its slot (n)   (to a slot)
//   ← extract only: the PRK's slot (1); expand: per descriptor, the key or its slot (1).
// The chip picks the slots itself (an empty slot whose control fields allow derivation, fact sheet
// 2.7 byte 0 bit 5, else such a slot holding an unlocked key); keys come back to the host only
// when the input key came with the command or its HKDF flags allow it.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// An input key or a salt: bytes in the command, or the key in a symmetric slot.
struct HkdfSecret {
  bool in_slot = false;
  uint8_t slot = 0;                // in_slot
  std::span<const uint8_t> bytes;  // !in_slot

  static HkdfSecret from_command(std::span<const uint8_t> bytes) { return HkdfSecret{false, 0, bytes}; }
  static HkdfSecret from_slot(uint8_t slot) { return HkdfSecret{true, slot, {}}; }
};

// One output key: returned to the host (length bytes), or stored by the chip in a slot with the
// key info given (its slot number is not sent; the chip chooses).
struct DerivedKeyRequest {
  bool to_slot = false;
  uint16_t length = 0;    // returned keys
  SymmetricKeyInfo info;  // slot keys

  static DerivedKeyRequest to_host(uint16_t length) { return DerivedKeyRequest{false, length, {}}; }
  static DerivedKeyRequest to_chip(const SymmetricKeyInfo& info) { return DerivedKeyRequest{true, 0, info}; }
  // Bytes of output key material the key takes: length, or info.key_length().
  size_t okm_length() const { return to_slot ? info.key_length() : length; }
};

// What came back for one request: the key in the caller's buffer (returned keys; exactly
// request.length bytes), or the slot the chip wrote.
struct DerivedKey {
  std::span<uint8_t> key;
  uint8_t slot = 0;
};

inline constexpr size_t kMaxDerivedKeys = 32;            // ST's service: 1 to 32 per command
inline constexpr size_t kMaxHkdfOutputBytes = 255 * 32;  // RFC 5869: 255 * HashLen
inline constexpr size_t kMinHkdfInputKeyBytes = 16;      // ST's service: a command-borne key 16..32
inline constexpr size_t kMaxHkdfInputKeyBytes = 32;
inline constexpr size_t kHkdfPrkBytes = 32;  // SHA-256

// Extract alone: the chip stores PRK = HMAC-SHA-256(salt, ikm) as an HKDF key in a slot of its
// choice and returns that slot. A command-borne ikm outside 16..32 bytes → kInvalidArgument,
// nothing sent.
Result<uint8_t> hkdf_extract(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt);

// Expand alone, from a 32-byte PRK (command-borne or an HKDF slot key), or extract and expand
// from ikm and salt. results[i] answers requests[i]. Refused locally, nothing sent:
// kInvalidArgument for 0 or more than 32 requests, a results span of another size, a returned
// key of length 0 or a buffer of another length, an invalid slot key info, output key material
// over 255 * 32 bytes, a command-borne key of the wrong length (expand: 32; derive: 16..32);
// kFrameLimit (detail: the limit) when the command or the response would not fit one frame under
// the command's protection. A response shorter than the requests give → kResponseTruncated,
// longer → kResponseMalformed; a slot number given twice → kResponseMalformed.
Status hkdf_expand(CommandChannel& channel, const HkdfSecret& prk, std::span<const uint8_t> info,
                   std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results);
Status hkdf_derive(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt,
                   std::span<const uint8_t> info, std::span<const DerivedKeyRequest> requests,
                   std::span<DerivedKey> results);

}  // namespace kb::core::stsafe::commands
