#pragma once
// The message Sign internal mode signs and Verify validate/invalidate checks (cryptoauthlib
// atcah_sign_internal_msg, atcah_verify_mac): 55 bytes hashed with SHA-256,
//   TempKey (32) | 0x41 | OtherData[0..9] | SN[8] | OtherData[10..13] | SN[0..1] | OtherData[14..18]
// where Sign builds the 19 OtherData bytes from its parameters and the config of the slot TempKey
// was made from, and Verify takes them from the host.
#include <array>
#include <cstdint>
#include <span>

#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/volatile_state.h"

namespace kb::sim::atecc608a {

using OtherData = std::array<uint8_t, 19>;

std::array<uint8_t, 32> internal_message_digest(const Eeprom& e, std::span<const uint8_t, 32> temp_key,
                                                std::span<const uint8_t, 19> other_data);

// What Sign internal puts in OtherData: mode, KeyID (LE), SlotConfig and KeyConfig of
// TempKey.KeyId (LE), the TempKey flags, two zero bytes, SN[4..7] (with mode bit 6, else zeros),
// SN[2..3] (likewise), 0x00 if TempKey.KeyId's slot is locked else 0x01, 0x01 with the invalidate
// bit (mode bit 0) else 0x00, and a zero byte.
OtherData sign_internal_other_data(const Eeprom& e, const TempKey& t, uint8_t mode, uint16_t key_id);

}  // namespace kb::sim::atecc608a
