#pragma once
// Generic public key slots (fact sheet 2.3, 2.5; STSELib stsafea_public_key_slots.c):
//   Query 0x48   14 48            ← slot count | records (the records are the model's layout, below)
//   Query 0x4C   14 4C slot       ← presence | flags (2) | curve id | public key field
//   Put 0x4D     10 4D slot f0 f1 ← none
//   Write 1F 0A  1F 0A slot | curve id | public key field ← none
// Queries and puts go raw through the Transport (never protected); Write public key goes through
// the CommandChannel, protected as the access table says.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe {

// Configuration flags, byte 0 a filler, byte 1: bit 0 change right, bit 1 establish symmetric key,
// bit 2 start volatile KEK session, bit 3 entity authentication, bit 4 establish host key.
struct PublicKeyFlags {
  bool change_right = false;
  bool establish_symmetric_key = false;
  bool start_volatile_kek_session = false;
  bool entity_authentication = false;
  bool establish_host_key = false;

  std::array<uint8_t, 2> encode() const;
  static PublicKeyFlags decode(std::span<const uint8_t, 2> bytes);  // filler bits ignored
  bool operator==(const PublicKeyFlags&) const = default;
};

// One record of query 0x48.
struct PublicKeySlotInfo {
  uint8_t slot = 0;
  bool present = false;
  PublicKeyFlags flags;
  EccCurve curve = EccCurve::kNistP256;  // meaningful when present
};

inline constexpr size_t kMaxPublicKeySlots = 16;
struct PublicKeyTable {
  uint8_t count = 0;
  std::array<PublicKeySlotInfo, kMaxPublicKeySlots> slots{};
  // nullptr when the table has no record with that slot number.
  const PublicKeySlotInfo* find(uint8_t slot) const;
};

// Query 0x4C.
struct PublicKeySlotValue {
  bool present = false;
  PublicKeyFlags flags;
  EccCurve curve = EccCurve::kNistP256;  // meaningful when present
  std::array<uint8_t, kMaxPublicKeyBytes> key{};
  size_t key_length = 0;  // public_key_bytes(curve) when present, else 0
  std::span<const uint8_t> public_key() const { return std::span<const uint8_t>(key).first(key_length); }
};

namespace commands {

// Tag 0x48, keeping only the slot count (ST's stsafea_query_generic_public_key_slots_count).
Result<uint8_t> query_public_key_slot_count(Transport& transport);
// Tag 0x48 with its records, per slot `slot number | presence | flags (2) | curve id (when present)`:
// the layout the model answers (ST's library reads the count only). kBufferTooSmall for more than
// kMaxPublicKeySlots records, kResponseMalformed for a presence byte other than 0 / 1 or an
// unknown curve id.
Result<PublicKeyTable> query_public_key_table(Transport& transport);
// Tag 0x4C. kResponseMalformed for a presence byte other than 0 / 1, an unknown curve id or a
// public key field that is not the curve's; an empty slot may stop after its flags.
Result<PublicKeySlotValue> query_public_key_slot(Transport& transport, uint8_t slot);
// Tag 0x4D. A slot whose change right is cleared answers 0x11.
Status put_public_key_flags(Transport& transport, uint8_t slot, const PublicKeyFlags& flags);
// 1F 0A. `public_key` raw (public_key_bytes(curve)); a wrong size → kInvalidArgument, nothing sent.
Status write_public_key(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> public_key);

Result<PublicKeyTable> parse_public_key_table(std::span<const uint8_t> payload);
Result<PublicKeySlotValue> parse_public_key_slot(std::span<const uint8_t> payload);

}  // namespace commands
}  // namespace kb::core::stsafe
