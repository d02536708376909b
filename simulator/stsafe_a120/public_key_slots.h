#pragma once
// Generic public key slots (fact sheet 2.3 tags 0x48 / 0x4C / 0x4D, 2.5; payload facts from
// STSELib stsafea_public_key_slots.[ch]): keys of external entities the chip trusts, written with
// Write public key (1F 0A) and named by slot number in Verify signature (0x17, subject 01), Verify
// entity signature (1F 0F) and the authenticated KEK / establish commands. Four slots, as on ST's
// SPL05 profile (AN6053: "four provisionable public key slots"). Each slot has two bytes of
// configuration flags:
//   byte 0: filler (0)
//   byte 1: bit 0 change right, bit 1 establish symmetric key, bit 2 start volatile KEK session,
//           bit 3 entity authentication, bit 4 establish host key, bits 7..5 filler (0)
// Query 0x48 answers slot count, then per slot slot number | presence | flags (2) | curve id
// (only when present) (**inference**: ST's library reads the count only; the record follows the
// private key table's). Query 0x4C answers presence | flags (2) | curve id | public key field, an
// empty slot presence | flags only.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kPublicKeySlotCount = 4;

struct PublicKeyFlags {
  bool change_right = true;                 // byte 1 bit 0: Put 0x4D may still change the flags
  bool establish_symmetric_key = false;     // bit 1: authenticates Establish symmetric key (1F 04)
  bool start_volatile_kek_session = false;  // bit 2: authenticates Start volatile KEK session (1F 03)
  bool entity_authentication = false;       // bit 3: Verify entity signature (1F 0F) may use the key
  bool establish_host_key = false;          // bit 4: authenticates Establish host key (1F 18)

  static constexpr uint8_t kFillerMask = 0xE0;  // byte 1 bits 7..5; byte 0 is all filler
  std::array<uint8_t, 2> encode() const;
  static PublicKeyFlags decode(std::span<const uint8_t, 2> bytes);  // filler bits ignored
  bool operator==(const PublicKeyFlags&) const = default;
};

struct PublicKeySlot {
  PublicKeyFlags flags;
  bool present = false;
  crypto::ec::Curve curve = crypto::ec::Curve::kNistP256;  // meaningful when present
  std::vector<uint8_t> public_key;                         // raw (X | Y, or the 32-byte key) when present, else empty
  bool operator==(const PublicKeySlot&) const = default;
};

using PublicKeyTable = std::array<PublicKeySlot, kPublicKeySlotCount>;

// Empty slots whose flags allow entity authentication and keep the change right (**inference**,
// AN6053 says the slots are "designed for external entity authentication"; see docs/fidelity.md).
PublicKeyTable factory_public_key_table();

// Query tag 0x48 and tag 0x4C answers.
std::vector<uint8_t> encode_public_key_table(const PublicKeyTable& table);
std::vector<uint8_t> encode_public_key_slot(const PublicKeySlot& slot);

// The key in a generic public key slot: VALUE_OUT_OF_RANGE for a slot beyond the table,
// KEY_NOT_FOUND for an empty one.
std::variant<const PublicKeySlot*, Status> find_public_key(const PublicKeyTable& table, uint8_t slot);

// Empty when the slot could live in the chip (a present key is a valid public key of its curve,
// an empty slot holds no key bytes), else what is wrong.
std::string_view public_key_slot_problem(const PublicKeySlot& slot);

}  // namespace kb::sim::stsafe_a120
