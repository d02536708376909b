#pragma once
// The TempKey flag byte as the chip reports it (Info State, byte 40 of the Sign internal message):
// bits 0-3 KeyId, bit 4 SourceFlag (1 = not from a random Nonce), bit 5 GenDigData, bit 6
// GenKeyData, bit 7 NoMacFlag (cryptoauthlib atcah_sign_internal_msg).
#include <cstdint>

#include "simulator/atecc608a/volatile_state.h"

namespace kb::sim::atecc608a {

inline uint8_t temp_key_flags(const TempKey& t) {
  return static_cast<uint8_t>((t.key_id & 0x0F) | (t.from_random ? 0 : 0x10) | (t.gen_dig_data ? 0x20 : 0) |
                              (t.gen_key_data ? 0x40 : 0) | (t.no_mac ? 0x80 : 0));
}

}  // namespace kb::sim::atecc608a
